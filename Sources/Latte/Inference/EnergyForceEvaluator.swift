import Dispatch
import Linalg
import SystemSupport

/// Energies, forces and virials of a batch without a tape: the same numbers as
/// `LatteModel.predict` (to rounding, ~10⁻¹⁵ relative), several times faster, on any number of
/// threads (DESIGN.md "Speed").
///
/// Atoms are processed in chunks of `chunkSize`; each thread takes the next chunk not yet taken
/// (so that a thread that starts late, or shares its core, does less) and, for each, (1) builds
/// every atom's compact tensors from its pairs and contracts them into D (`DescriptorKernels`, `ContractionKernels`), (2) runs each species' network over that
/// species' atoms of the chunk as one matrix product per layer, forward and back to ∂E/∂D
/// (`NetworkKernel`), and (3) sends ∂E/∂D back through the contraction and the tensors to a
/// gradient G_p = ∂E/∂v_p per pair. Then, in pair order on one thread (METHOD.md section 6):
///
///     F_a = Σ_{p: centre a} G_p − Σ_{p: neighbour a} G_p
///     W_s = −Σ_{p in s} v_p ⊗ G_p,   E_s = Σ_{i in s} E_i
///
/// Each atom's numbers depend only on its own pairs, so results do not depend on the thread
/// count. Memory: per thread O(chunk) buffers; per batch O(atoms + pairs).
public final class EnergyForceEvaluator: @unchecked Sendable {
    public let parameters: PotentialParameters
    let tables: KernelTables
    let networks: [NetworkKernel]
    static let chunkSize = 64

    public init(_ parameters: PotentialParameters) {
        self.parameters = parameters
        tables = KernelTables(parameters)
        networks = parameters.networks.map { NetworkKernel($0, activation: parameters.activation) }
    }

    /// What `evaluate` returns, flat and row-major.
    public struct Result: Sendable {
        public var energies: [Double]        // [structures]
        public var atomicEnergies: [Double]  // [atoms]
        public var forces: [Double]          // [atoms, 3]
        /// W = −Σ_p v_p ⊗ G_p per structure, when asked.  // [structures, 9]
        public var virials: [Double]?
        /// D per atom, when asked.  // [atoms, D]
        public var descriptors: [Double]?
    }

    /// Energies and forces of `batch` (and virials, descriptors when asked) on up to `threads`
    /// threads.
    public func evaluate(_ batch: BatchGeometry, virials wantVirials: Bool = false,
                         descriptors wantDescriptors: Bool = false, threads: Int = 1) -> Result {
        let order = Self.pairOrder(batch)
        let centres = run(centres: batch.atomCount, atomSpecies: batch.atomSpecies, vectors: batch.vectors.storage,
                          neighbourSpecies: batch.pairNeighbours.map { batch.atomSpecies[$0] },
                          order: order.order, first: order.first, descriptors: wantDescriptors, threads: threads)
        return assemble(batch, centres, virials: wantVirials, descriptors: wantDescriptors)
    }

    /// What steps (1)–(3) give for the centres of a table of pairs.
    struct CentreResults {
        var atomic: [Double]       // E_i  [centres]
        var centreSums: [Double]   // Σ_{p: centre a} G_p, zero for atoms that are no centre  [atoms, 3]
        var gradients: [Double]    // G_p = ∂E/∂v_p  [pairs, 3]
        var descriptors: [Double]  // D, when asked (else empty)  [centres, D]
    }

    /// Steps (1)–(3) of the type's description for the centres 0 ..< `centres` of the
    /// `atomSpecies.count` atoms (atoms of species −1 are skipped), on up to `threads` threads.
    /// `first` has an entry per centre and one more; `order` and `neighbourSpecies` one per pair.
    func run(centres: Int, atomSpecies: [Int], vectors: [Double], neighbourSpecies: [Int], order: [Int], first: [Int],
             descriptors wantDescriptors: Bool, threads: Int) -> CentreResults {
        let pairs = order.count
        let chunks = (centres + Self.chunkSize - 1) / Self.chunkSize
        let workers = max(1, min(threads, chunks))
        var outputs = [
            [Double](repeating: 0, count: centres),
            [Double](repeating: 0, count: 3 * atomSpecies.count),
            // Every row is written by the thread that owns the pair's centre.
            [Double](unsafeUninitializedCapacity: 3 * pairs) { _, count in count = 3 * pairs },
            [Double](repeating: 0, count: wantDescriptors ? centres * tables.descriptorLength : 0),
        ]
        PairSource.reading(vectors: vectors, neighbourSpecies: neighbourSpecies, order: order, first: first) { source in
        PinnedArrays.reading([atomSpecies]) { species in
        PinnedArrays.writing(&outputs) { written in
            let outputs = Outputs(atomic: written[0], centreSums: written[1], gradients: written[2],
                                  descriptors: wantDescriptors ? written[3] : nil)
            let counter = ChunkCounter()
            let work = { (_: Int) in
                let workspace = Workspace(self)
                while let chunk = counter.next(below: chunks) {
                    let lower = chunk * Self.chunkSize
                    self.process(lower..<min(lower + Self.chunkSize, centres), species: species[0], source: source,
                                 outputs: outputs, workspace: workspace)
                }
            }
            if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
        } } }
        return CentreResults(atomic: outputs[0], centreSums: outputs[1], gradients: outputs[2],
                             descriptors: outputs[3])
    }

    /// Hands out chunk numbers 0, 1, 2, ... to whichever thread asks first.
    final class ChunkCounter: @unchecked Sendable {
        private let lock = Lock()
        private var taken = 0

        func next(below count: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard taken < count else { return nil }
            taken += 1
            return taken - 1
        }
    }

    /// Where the threads write: disjoint rows of shared arrays.
    struct Outputs: @unchecked Sendable {
        let atomic: UnsafeMutablePointer<Double>        // [centres]
        let centreSums: UnsafeMutablePointer<Double>    // Σ_{p: centre a} G_p  [atoms, 3]
        let gradients: UnsafeMutablePointer<Double>     // [pairs, 3]
        let descriptors: UnsafeMutablePointer<Double>?  // [centres, D], when asked
    }

    /// Per-thread buffers, sized for one chunk.
    final class Workspace {
        let scratch: DescriptorScratch
        let tensors: KernelBuffer<Double>             // [chunk, tensorLength]
        let inputs: KernelBuffer<Double>              // D     [chunk, D], grouped by species
        let inputGradients: KernelBuffer<Double>      // ∂E/∂D [chunk, D]
        let tensorGradient: KernelBuffer<Double>      // Ā     [tensorLength]
        let energies: KernelBuffer<Double>            // [chunk]
        let network: KernelBuffer<Double>
        var grouped: [Int]                            // chunk's atoms, by species
        var speciesEnds: [Int]                        // [species]

        init(_ evaluator: EnergyForceEvaluator) {
            let n = EnergyForceEvaluator.chunkSize, tables = evaluator.tables
            scratch = DescriptorScratch(tables)
            tensors = KernelBuffer(zeros: n * tables.tensorLength)
            inputs = KernelBuffer(zeros: n * tables.descriptorLength)
            inputGradients = KernelBuffer(zeros: n * tables.descriptorLength)
            tensorGradient = KernelBuffer(zeros: tables.tensorLength)
            energies = KernelBuffer(zeros: n)
            network = KernelBuffer(zeros: evaluator.networks.map { $0.scratchLength(rows: n) }.max() ?? 0)
            grouped = []
            grouped.reserveCapacity(n)
            speciesEnds = Array(repeating: 0, count: evaluator.networks.count)
        }
    }

    /// Steps (1)–(3) of the type's description for the atoms `range`.
    func process(_ range: Range<Int>, species: UnsafePointer<Int>, source: PairSource,
                         outputs: Outputs, workspace w: Workspace) {
        w.grouped.removeAll(keepingCapacity: true)
        for s in networks.indices {
            for atom in range where species[atom] == s { w.grouped.append(atom) }
            w.speciesEnds[s] = w.grouped.count
        }
        let t = tables.tensorLength, d = tables.descriptorLength
        for (slot, atom) in w.grouped.enumerated() {
            let a = w.tensors.pointer + slot * t
            tables.accumulateTensors(atom: atom, species: species[atom], source: source, tensors: a, scratch: w.scratch)
            tables.contract(a, into: w.inputs.pointer + slot * d)
        }
        var lower = 0
        for (s, network) in networks.enumerated() {
            let upper = w.speciesEnds[s]
            network.run(rows: upper - lower, input: w.inputs.pointer + lower * d, energies: w.energies.pointer + lower,
                        inputGradient: w.inputGradients.pointer + lower * d, scratch: w.network.pointer)
            lower = upper
        }
        for (slot, atom) in w.grouped.enumerated() {
            let a = w.tensors.pointer + slot * t
            tables.contractionGradient(a, descriptorGradient: w.inputGradients.pointer + slot * d,
                                       into: w.tensorGradient.pointer)
            tables.pairGradients(atom: atom, species: species[atom], source: source,
                                 tensorGradient: w.tensorGradient.pointer, gradients: outputs.gradients,
                                 scratch: w.scratch)
            outputs.atomic[atom] = w.energies.pointer[slot]
            var sum = SIMD3<Double>()
            for index in source.first[atom]..<source.first[atom + 1] {
                let g = outputs.gradients + 3 * source.order[index]
                sum += SIMD3(g[0], g[1], g[2])
            }
            let target = outputs.centreSums + 3 * atom
            target[0] = sum.x
            target[1] = sum.y
            target[2] = sum.z
            if let descriptors = outputs.descriptors {
                (descriptors + atom * d).update(from: w.inputs.pointer + slot * d, count: d)
            }
        }
    }

    /// Pair indices ordered by centre (stable) and each centre's first position.
    static func pairOrder(_ batch: BatchGeometry) -> (order: [Int], first: [Int]) {
        var first = [Int](repeating: 0, count: batch.atomCount + 1)
        for c in batch.pairCentres { first[c + 1] += 1 }
        for i in 0..<batch.atomCount { first[i + 1] += first[i] }
        var sorted = true
        for p in 1..<max(batch.pairCount, 1) where batch.pairCentres[p] < batch.pairCentres[p - 1] { sorted = false; break }
        if sorted { return (Array(0..<batch.pairCount), first) }
        var next = first, order = [Int](repeating: 0, count: batch.pairCount)
        for (p, c) in batch.pairCentres.enumerated() {
            order[next[c]] = p
            next[c] += 1
        }
        return (order, first)
    }

    /// Forces, structure energies and virials from the per-atom and per-pair results, in pair
    /// order: F_a = (Σ_{p: centre a} G_p, summed by the threads) − Σ_{p: neighbour a} G_p.
    private func assemble(_ batch: BatchGeometry, _ centres: CentreResults, virials wantVirials: Bool,
                          descriptors wantDescriptors: Bool) -> Result {
        let g = centres.gradients, v = batch.vectors.storage
        var minus = [Double](repeating: 0, count: 3 * batch.atomCount)
        for (p, j) in batch.pairNeighbours.enumerated() {
            for a in 0..<3 { minus[3 * j + a] += g[3 * p + a] }
        }
        var forces = centres.centreSums
        for k in forces.indices { forces[k] -= minus[k] }
        var virials = [Double](repeating: 0, count: wantVirials ? 9 * batch.structureCount : 0)
        if wantVirials {
            for (p, c) in batch.pairCentres.enumerated() {
                let s = 9 * batch.atomStructure[c]
                for a in 0..<3 {
                    for b in 0..<3 { virials[s + 3 * a + b] += -(v[3 * p + a] * g[3 * p + b]) }
                }
            }
        }
        var energies = [Double](repeating: 0, count: batch.structureCount)
        for (i, s) in batch.atomStructure.enumerated() { energies[s] += centres.atomic[i] }
        return Result(energies: energies, atomicEnergies: centres.atomic, forces: forces,
                      virials: wantVirials ? virials : nil, descriptors: wantDescriptors ? centres.descriptors : nil)
    }
}
