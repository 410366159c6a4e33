import Latte
import SystemSupport

/// A rough estimate of the memory a run needs on one process beyond its prepared data, made
/// before any parameter is allocated, so that a model or batch that cannot fit is refused with
/// one line instead of crashing in the allocator (or being killed by the kernel) later.
///
/// With P trainable numbers (species weights, centres and widths of every term; weights and
/// biases of every species network), the run keeps about 8·(6 + parts) bytes per number: the
/// parameters, the summed gradient, Adam's two moments, the weight average, the exported copy
/// and one gradient per part of the batch; writing a checkpoint adds about 160 bytes per number
/// for a while (four copies as JSON values and text). A part's tape holds, per pair, about 3·E
/// doubles and, per atom, 24·E + 12·(D + Σ hidden) doubles, where E = Σ over bodies of components
/// × (p+1)(p+2)/2 is the number of compact tensor entries of one atom (rank p of each body) and D
/// the descriptor length: the channels times the direction monomials, the tensors, their
/// contractions and the networks' layers, with first and second adjoints. Of a batch's parts,
/// min(parts, threads) are on tapes at once, so the estimate counts that share of the largest
/// batch, and 10 MB for the threads' stacks and buffers. Validation and test run without tapes.
/// Measured against peak resident memory growth over one epoch on 2 threads (`training.epochs`
/// 1): configs/quickstart, ethanol, ethanol-long, silicon and tial, and silicon with bodies of
/// ranks 4, 5 and 6 (`16,ijkl,ijkl:16,ijklm,ijklm:16,ijklmn,ijklmn` added), gave 22, 41, 88,
/// 249, 107 and 738 MB against 20, 41, 69, 178, 82 and 642 MB: within a factor of 1.4, above
/// (the estimate before it counted 3^p components per channel and gave 27 to 13 400 MB).
public struct MemoryEstimate: Equatable, Sendable {
    public let parameterCount: Double
    /// Parameters, gradients, optimiser, average and checkpoint copies.
    public let stateBytes: Double
    /// The tapes of the largest training batch's parts that are alive at once.
    public let batchBytes: Double
    /// The tapes of the largest structure alone: what a batch of one would need.
    public let structureBytes: Double
    /// Stacks and buffers of the worker threads.
    public let fixedBytes = 10e6
    public var totalBytes: Double { stateBytes + batchBytes + fixedBytes }

    /// The estimate for `config` on `data` (this process's share of it), with `threads` working
    /// on the parts of a batch. Sizes are doubles, so that absurd configs (a layer of 10⁹
    /// neurons) do not overflow.
    public init(config: TrainingConfig, data: TrainingData, threads: Int) throws {
        let shape = try DescriptorShape(config.model.descriptor)
        let species = Double(data.species.count)
        let mode = config.model.speciesWeights
        let weightRows = Double(mode.weightRowCount(speciesCount: data.species.count))
        let radialRows = Double(mode.radialRowCount(speciesCount: data.species.count))
        let descriptorNumbers = shape.terms.reduce(0.0) { $0 + Double($1.channelCount) * (weightRows + 2 * radialRows) }
        let sizes = ([shape.descriptorLength] + config.model.hidden + [1]).map(Double.init)
        let networkNumbers = zip(sizes.dropLast(), sizes.dropFirst()).reduce(0.0) { $0 + $1.0 * $1.1 + $1.1 }
        parameterCount = descriptorNumbers + species * networkNumbers
        let parts = Double(max(config.training.parts, 1))
        stateBytes = parameterCount * (8 * (6 + parts) + 160)

        let entries = shape.terms.reduce(0.0) { total, term in
            term.bodies.reduce(total) { $0 + Double(term.componentCount * ($1.rank + 1) * ($1.rank + 2) / 2) }
        }
        let perPair = 3 * entries
        let perAtom = 24 * entries + 12 * (Double(shape.descriptorLength) + Double(config.model.hidden.reduce(0, +)))
        func tapeDoubles(largest count: Int) -> Double {
            let sizes = data.train.geometries.map { Double($0.pairCount) * perPair + Double($0.atomCount) * perAtom }
            return sizes.sorted(by: >).prefix(count).reduce(0, +)
        }
        let concurrent = min(parts, Double(max(threads, 1))) / parts
        batchBytes = 8 * concurrent * tapeDoubles(largest: config.training.batchSize)
        structureBytes = 8 * tapeDoubles(largest: 1)
    }

    /// Refuses the run when it would not fit in `available` (shared by `processes` processes on
    /// this machine), naming both figures and the config key to change: the model when it would
    /// not fit even with batches of one structure, else the batch size.
    public func check(against available: AvailableMemory, processes: Int = 1, source: String) throws {
        let copies = Double(max(processes, 1))
        let needed = totalBytes * copies
        guard needed > Double(available.bytes) else { return }
        let modelTooLarge = (stateBytes + structureBytes + fixedBytes) * copies > Double(available.bytes)
        let key = modelTooLarge ? "model" : "training.batch_size"
        let advice = modelTooLarge
            ? "make model.hidden or model.descriptor smaller"
            : "make training.batch_size smaller"
        let each = processes > 1 ? " for \(processes) processes" : ""
        throw TrainingSetupError(
            source: source, key: key,
            problem: "the run needs about \(AvailableMemory.text(bytes: needed)) of memory\(each) "
                + "(\(AvailableMemory.text(bytes: stateBytes)) for \(Self.count(parameterCount)) parameters with their gradients, Adam moments, average and checkpoint; "
                + "\(AvailableMemory.text(bytes: batchBytes)) for the largest batch), but \(AvailableMemory.text(bytes: Double(available.bytes))) is available (\(available.source)); \(advice)")
    }

    /// 2.0e11, or 1234 below a million.
    static func count(_ x: Double) -> String {
        x < 1e6 ? CFormat.string("%.0f", x) : CFormat.string("%.1e", x)
    }
}
