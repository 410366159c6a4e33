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
/// for a while (four copies as JSON values and text). A step's tapes hold, per pair of the batch,
/// about 9·C + 6·T doubles and, per atom, 6·C·T + 12·(D + Σ hidden) doubles (C radial channels,
/// T = Σ 3^r tensor components up to the shape's highest rank r, D the descriptor length): the
/// radial channels, bond tensors and contracted tensors with their first and second adjoints,
/// the networks' layers through the same passes, and the arenas' slack. Evaluating validation
/// and test chunks (32 structures, no parameter gradients) is counted at half that rate. For one
/// epoch of configs/quickstart, ethanol, silicon and tial this gave 27, 86, 231 and 163 MB
/// against peak resident memory growths of 31–42, 72, 225 and 80–160 MB: a rough figure, within
/// a factor of two, which is enough to refuse what cannot fit by far.
public struct MemoryEstimate: Equatable, Sendable {
    public let parameterCount: Double
    /// Parameters, gradients, optimiser, average and checkpoint copies.
    public let stateBytes: Double
    /// The largest training batch's or evaluation chunk's tapes.
    public let batchBytes: Double
    /// The tapes of the largest structure alone: what a batch of one would need.
    public let structureBytes: Double
    public var totalBytes: Double { stateBytes + batchBytes }

    /// The estimate for `config` on `data` (this process's share of it). Sizes are doubles, so
    /// that absurd configs (a layer of 10⁹ neurons) do not overflow.
    public init(config: TrainingConfig, data: TrainingData) throws {
        let shape = try DescriptorShape(config.model.descriptor)
        let species = Double(data.species.count)
        let mode = config.model.speciesWeights
        let weightRows = Double(mode.weightRowCount(speciesCount: data.species.count))
        let radialRows = Double(mode.radialRowCount(speciesCount: data.species.count))
        let descriptorNumbers = shape.terms.reduce(0.0) { $0 + Double($1.channelCount) * (weightRows + 2 * radialRows) }
        let sizes = ([shape.descriptorLength] + config.model.hidden + [1]).map(Double.init)
        let networkNumbers = zip(sizes.dropLast(), sizes.dropFirst()).reduce(0.0) { $0 + $1.0 * $1.1 + $1.1 }
        parameterCount = descriptorNumbers + species * networkNumbers
        stateBytes = parameterCount * (8 * (6 + Double(config.training.parts)) + 160)

        let channels = Double(shape.channelCount)
        let components = (0...shape.maximumRank).reduce(0.0) { total, rank in total + pow3(rank) }
        let perPair = 9 * channels + 6 * components
        let perAtom = 6 * channels * components + 12 * (Double(shape.descriptorLength) + Double(config.model.hidden.reduce(0, +)))
        func tapeDoubles(_ geometries: [BatchGeometry], largest count: Int) -> Double {
            let sizes = geometries.map { Double($0.pairCount) * perPair + Double($0.atomCount) * perAtom }
            return sizes.sorted(by: >).prefix(count).reduce(0, +)
        }
        let training = tapeDoubles(data.train.geometries, largest: config.training.batchSize)
        let evaluated = [data.validation.geometries, data.test?.geometries ?? []].map {
            0.5 * tapeDoubles($0, largest: EvaluationChunks.size)
        }
        batchBytes = 8 * max(training, evaluated.max() ?? 0)
        structureBytes = 8 * tapeDoubles(data.train.geometries, largest: 1)
    }

    /// Refuses the run when it would not fit in `available` (shared by `processes` processes on
    /// this machine), naming both figures and the config key to change: the model when it would
    /// not fit even with batches of one structure, else the batch size.
    public func check(against available: AvailableMemory, processes: Int = 1, source: String) throws {
        let copies = Double(max(processes, 1))
        let needed = totalBytes * copies
        guard needed > Double(available.bytes) else { return }
        let modelTooLarge = (stateBytes + structureBytes) * copies > Double(available.bytes)
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

private func pow3(_ rank: Int) -> Double { (0..<rank).reduce(1.0) { value, _ in value * 3 } }
