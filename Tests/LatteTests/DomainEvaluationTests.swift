import Atomistic
import Latte
import Linalg
import Testing

/// `EnergyForceEvaluator.evaluate(domain:...)`, the path of MD engines, against the whole
/// structure: owned atoms plus ghost images built here as LAMMPS builds them, a neighbour list
/// with a skin, ghost forces folded back into their owners.
struct DomainEvaluationTests {
    /// `structure`'s atoms as owned atoms, every periodic image within `cutoff + skin` of an
    /// owned atom as a ghost, and the full list of each owned atom within that reach (shuffled,
    /// so that nothing relies on the order): positions [atoms, 3], owner of each atom, counts
    /// and neighbours as `latte_compute_neighbours` takes them.
    static func domain(_ structure: Structure, reach: Double)
        -> (positions: [Double], owner: [Int], counts: [Int32], neighbours: [Int32]) {
        let list = NeighbourList(structure: structure, cutoff: reach)
        var positions = structure.positions.flatMap { [$0.x, $0.y, $0.z] }
        var owner = Array(structure.positions.indices)
        var ghostOf: [SIMD4<Int32>: Int] = [:]  // (atom, shift) → ghost index
        var counts = [Int32](repeating: 0, count: structure.atomCount), neighbours: [Int32] = []
        var generator = SeededGenerator(seed: 3)
        for i in structure.positions.indices {
            var mine: [Int32] = []
            for p in list.pairs(of: i) {
                let j = list.neighbours[p], n = list.shifts[p]
                if n == .zero { mine.append(Int32(j)); continue }
                let key = SIMD4(Int32(j), n.x, n.y, n.z)
                let ghost = ghostOf[key] ?? {
                    let x = structure.positions[i] + list.vectors[p]
                    positions += [x.x, x.y, x.z]
                    owner.append(j)
                    ghostOf[key] = owner.count - 1
                    return owner.count - 1
                }()
                mine.append(Int32(ghost))
            }
            mine.shuffle(using: &generator)
            counts[i] = Int32(mine.count)
            neighbours += mine
        }
        return (positions, owner, counts, neighbours)
    }

    static func evaluate(_ parameters: PotentialParameters, _ structure: Structure, skin: Double,
                         skippedAtoms: Set<Int> = [], threads: Int = 1)
        -> (result: EnergyForceEvaluator.DomainResult, owner: [Int]) {
        let (positions, owner, counts, neighbours) = domain(structure, reach: parameters.cutoff + skin)
        let speciesOfAtom = structure.species.enumerated().map { atom, symbol in
            skippedAtoms.contains(atom) ? -1 : parameters.species.firstIndex(of: symbol)!
        }
        let species = owner.map { speciesOfAtom[$0] }
        let pairs = positions.withUnsafeBufferPointer { x in
            counts.withUnsafeBufferPointer { c in
                neighbours.withUnsafeBufferPointer { n in
                    PairTable(positions: x, neighbourCounts: c, neighbours: n, cutoff: parameters.cutoff,
                              skipped: { species[$0] < 0 })
                }
            }
        }
        let result = LatteModel(parameters).evaluator.evaluate(domain: pairs, species: species, owned: structure.atomCount,
                                                               virial: true, atomicVirials: true, threads: threads)
        return (result, owner)
    }

    /// Each ghost's force added to its owner's.
    static func folded(_ forces: [Double], owner: [Int], atoms: Int) -> [SIMD3<Double>] {
        var total = [SIMD3<Double>](repeating: .zero, count: atoms)
        for (a, o) in owner.enumerated() { total[o] += SIMD3(forces[3 * a], forces[3 * a + 1], forces[3 * a + 2]) }
        return total
    }

    static func expectClose(_ a: [SIMD3<Double>], _ b: [SIMD3<Double>], _ label: String) {
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) {
            let d = x - y
            #expect(max(abs(d.x), abs(d.y), abs(d.z)) <= 1e-11, "\(label): \(x) vs \(y)")
        }
    }

    @Test(arguments: [1, 2])
    func aDomainWithGhostsAndASkinGivesTheStructuresNumbers(threads: Int) throws {
        let parameters = try ModelTestSupport.potential(species: ["Al", "Ti"])
        let structure = ModelTestSupport.triclinicTiAl
        let reference = try LatteModel(parameters).evaluate([structure], stress: true)[0]
        let (result, owner) = Self.evaluate(parameters, structure, skin: 1.5, threads: threads)
        #expect(owner.count > 20 * structure.atomCount, "a cell thinner than the cutoff has many ghosts")
        #expect(abs(result.energy - reference.energy) <= 1e-12 * abs(reference.energy))
        for (e, r) in zip(result.atomicEnergies, reference.atomicEnergies) { #expect(abs(e - r) <= 1e-12 * abs(r)) }
        Self.expectClose(Self.folded(result.forces, owner: owner, atoms: structure.atomCount), reference.forces, "forces")
        let w = try #require(result.virial), atomic = try #require(result.atomicVirials)
        for k in 0..<9 {
            #expect(abs(w[k] - reference.virial![k]) <= 1e-11, "virial \(k)")
            let sum = stride(from: k, to: atomic.count, by: 9).reduce(0) { $0 + atomic[$1] }
            #expect(abs(sum - w[k]) <= 1e-11, "per-atom virials sum to the virial (\(k))")
        }
    }

    @Test func atomsOfSpeciesMinusOneAreNeitherCentresNorNeighbours() throws {
        let parameters = try ModelTestSupport.potential(species: ["Al", "Ti"])
        let structure = ModelTestSupport.triclinicTiAl
        let (result, owner) = Self.evaluate(parameters, structure, skin: 0.5, skippedAtoms: [2])
        var without = structure
        without.species.remove(at: 2)
        without.positions.remove(at: 2)
        let reference = try LatteModel(parameters).evaluate([without], stress: false)[0]
        #expect(abs(result.energy - reference.energy) <= 1e-12 * abs(reference.energy))
        #expect(result.atomicEnergies[2] == 0)
        let forces = Self.folded(result.forces, owner: owner, atoms: structure.atomCount)
        #expect(forces[2] == .zero)
        Self.expectClose(Array(forces.prefix(2)), reference.forces, "forces without atom 2")
    }
}
