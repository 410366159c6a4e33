import Atomistic
import Dispatch

extension EnergyForceEvaluator {
    /// Energy, forces (and virial) of one structure, with its neighbours found chunk by chunk by
    /// the thread that evaluates the chunk: no pair table of the whole structure is built or
    /// joined, so the neighbour search is as parallel as the rest. Only the cell lists
    /// (`NeighbourGrid`) and the final scatter of −G_p onto neighbours run on one thread.
    ///
    /// The pairs, their order and their vectors are those of the batch path (`NeighbourList`'s),
    /// so energies and forces are the same to the bit; the virial is summed per chunk, then over
    /// chunks in order (10⁻¹⁶ relative from the batch path's single sum). `species` gives each
    /// atom's species index.
    public func evaluate(_ structure: Structure, species: [Int], virials wantVirial: Bool = false,
                         threads: Int = 1) -> Result {
        precondition(species.count == structure.atomCount, "evaluate: one species index per atom")
        let grid = NeighbourGrid(structure: structure, cutoff: parameters.cutoff)
        let atoms = structure.atomCount
        let chunks = (atoms + Self.chunkSize - 1) / Self.chunkSize
        let workers = max(1, min(threads, chunks))
        var parts = [ChunkPairs?](repeating: nil, count: chunks)
        // E_i, and Σ_{p: centre a} G_p (then F)  [atoms], [atoms, 3]
        var atomsOutputs = [[Double](repeating: 0, count: atoms), [Double](repeating: 0, count: 3 * atoms)]

        PinnedArrays.reading([species]) { speciesPointers in
        PinnedArrays.writing(&atomsOutputs) { atomsPointers in
        parts.withUnsafeMutableBufferPointer { parts in
            let parts = parts, species = speciesPointers[0]
            let atomic = atomsPointers[0], centreSums = atomsPointers[1]
            let counter = ChunkCounter()
            let work = { (_: Int) in
                let workspace = Workspace(self)
                var table = PairTable()
                var order: [Int] = [], first = [Int](repeating: 0, count: Self.chunkSize + 1), neighbourSpecies: [Int] = []
                while let chunk = counter.next(below: chunks) {
                    let lower = chunk * Self.chunkSize, range = lower..<min(lower + Self.chunkSize, atoms)
                    grid.pairs(of: range, into: &table)
                    let pairs = table.count
                    while order.count < pairs { order.append(order.count) }
                    neighbourSpecies.removeAll(keepingCapacity: true)
                    for j in table.neighbours { neighbourSpecies.append(species[j]) }
                    for k in 0...range.count { first[k] = 0 }
                    for c in table.centres { first[c - lower + 1] += 1 }
                    for k in 0..<range.count { first[k + 1] += first[k] }
                    // G_p of the chunk's pairs, each row written by `process`  [pairs, 3]
                    var pairOutputs = [[Double](unsafeUninitializedCapacity: 3 * pairs) { _, count in count = 3 * pairs }]
                    PairSource.reading(vectors: table.vectors, neighbourSpecies: neighbourSpecies, order: order,
                                       first: first, firstOffset: lower) { source in
                        PinnedArrays.writing(&pairOutputs) { gradients in
                            let outputs = Outputs(atomic: atomic, centreSums: centreSums, gradients: gradients[0],
                                                  descriptors: nil)
                            self.process(range, species: species, source: source, outputs: outputs, workspace: workspace)
                        }
                    }
                    let gradients = pairOutputs[0]
                    var virial = [Double](repeating: 0, count: wantVirial ? 9 : 0)
                    if wantVirial {
                        for p in 0..<pairs {
                            for a in 0..<3 {
                                for b in 0..<3 { virial[3 * a + b] += -(table.vectors[3 * p + a] * gradients[3 * p + b]) }
                            }
                        }
                    }
                    parts[chunk] = ChunkPairs(neighbours: table.neighbours, gradients: gradients, virial: virial)
                }
            }
            if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
        } } }
        let atomic = atomsOutputs[0]
        var forces = atomsOutputs[1]

        var minus = [Double](repeating: 0, count: 3 * atoms)
        var virial = [Double](repeating: 0, count: wantVirial ? 9 : 0)
        minus.withUnsafeMutableBufferPointer { minus in
            for part in parts {
                let part = part!
                part.gradients.withUnsafeBufferPointer { g in
                    for (p, j) in part.neighbours.enumerated() {
                        minus[3 * j] += g[3 * p]
                        minus[3 * j + 1] += g[3 * p + 1]
                        minus[3 * j + 2] += g[3 * p + 2]
                    }
                }
                for k in virial.indices { virial[k] += part.virial[k] }
            }
        }
        for k in forces.indices { forces[k] -= minus[k] }
        let energy = atomic.reduce(0, +)
        return Result(energies: [energy], atomicEnergies: atomic, forces: forces,
                      virials: wantVirial ? virial : nil, descriptors: nil)
    }

    /// One chunk's pairs as the final scatter needs them.
    struct ChunkPairs {
        let neighbours: [Int]   // [pairs of the chunk]
        let gradients: [Double] // G_p [pairs of the chunk, 3]
        let virial: [Double]    // −Σ v ⊗ G over the chunk, [9] (empty when not asked)
    }
}
