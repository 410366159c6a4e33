import Atomistic

extension EnergyForceEvaluator {
    /// What `evaluate(domain:...)` returns, flat and row-major.
    public struct DomainResult: Sendable {
        /// Σ E_i over the owned atoms, eV.
        public var energy: Double
        public var atomicEnergies: [Double]  // E_i of the owned atoms  [owned]
        /// F_a on every atom, ghosts included (an engine adds a ghost's force to its owner).  // [atoms, 3]
        public var forces: [Double]
        /// W = −Σ_p v_p ⊗ G_p over the domain's pairs, when asked.  // [9]
        public var virial: [Double]?
        /// W split over atoms, when asked: each pair gives half of −v_p ⊗ G_p to its centre and
        /// half to its neighbour (LAMMPS' convention for pair terms), so they sum to W.  // [atoms, 9]
        public var atomicVirials: [Double]?
    }

    /// Energies and forces of one MD engine domain: `species.count` atoms of which the first
    /// `owned` are the centres, and the pairs of their neighbour list (`PairTable(positions:
    /// neighbourCounts:neighbours:cutoff:skipped:)`, sorted by centre, every centre below
    /// `owned`). Atoms of species −1 belong to no species of this potential: they are neither
    /// centres nor neighbours. With F_a = Σ_{p: centre a} G_p − Σ_{p: neighbour a} G_p
    /// (METHOD.md section 6) a ghost atom, which is never a centre, gets only the second sum.
    ///
    /// Each centre's numbers depend only on its own pairs, so the result does not depend on
    /// `threads`; it equals that of the whole structure to rounding, however the engine cuts
    /// it into domains.
    public func evaluate(domain pairs: PairTable, species: [Int], owned: Int, virial wantVirial: Bool = false,
                         atomicVirials wantAtomicVirials: Bool = false, threads: Int = 1) -> DomainResult {
        let atoms = species.count
        precondition(owned <= atoms, "evaluate(domain:): more owned atoms than atoms")
        var first = [Int](repeating: 0, count: owned + 1)
        var previous = 0
        for c in pairs.centres {
            precondition(c >= previous && c < owned, "evaluate(domain:): pairs must be sorted by owned centre")
            first[c + 1] += 1
            previous = c
        }
        for i in 0..<owned { first[i + 1] += first[i] }
        let centres = run(centres: owned, atomSpecies: species, vectors: pairs.vectors,
                          neighbourSpecies: pairs.neighbours.map { species[$0] }, order: Array(0..<pairs.count),
                          first: first, descriptors: false, threads: threads)
        let gradients = centres.gradients
        var forces = centres.centreSums  // Σ of each centre's own G_p, then F

        var virial = [Double](repeating: 0, count: wantVirial ? 9 : 0)
        var atomicVirials = [Double](repeating: 0, count: wantAtomicVirials ? 9 * atoms : 0)
        for p in 0..<pairs.count {
            let j = pairs.neighbours[p]
            for k in 0..<3 { forces[3 * j + k] -= gradients[3 * p + k] }
            guard wantVirial || wantAtomicVirials else { continue }
            let i = pairs.centres[p]
            for a in 0..<3 {
                for b in 0..<3 {
                    let w = -(pairs.vectors[3 * p + a] * gradients[3 * p + b])
                    if wantVirial { virial[3 * a + b] += w }
                    if wantAtomicVirials {
                        atomicVirials[9 * i + 3 * a + b] += 0.5 * w
                        atomicVirials[9 * j + 3 * a + b] += 0.5 * w
                    }
                }
            }
        }
        return DomainResult(energy: centres.atomic.reduce(0, +), atomicEnergies: centres.atomic, forces: forces,
                            virial: wantVirial ? virial : nil, atomicVirials: wantAtomicVirials ? atomicVirials : nil)
    }
}
