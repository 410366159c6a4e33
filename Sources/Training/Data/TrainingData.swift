import Atomistic
import Latte
import Linalg
import PannaData

/// The structures of a run: training, validation (a file, or a seeded part of the training
/// file) and an optional test set, prepared for the model's species and cutoff.
///
/// Every process reads the files whole; with several processes (`shard`), each prepares only
/// the training structures of its parts (`plan`) and the validation and test structures of its
/// chunks (`EvaluationChunks`), so the memory per process falls about as 1/K.
public struct TrainingData: Sendable {
    public let species: [String]
    public let train: LabelledSet
    public let validation: LabelledSet
    public let test: LabelledSet?
    /// The training structures' parts (`training.parts` of them).
    public let plan: PartPlan
    /// The part of the work this process computes.
    public let shard: Shard

    /// Reads and checks the files `config` names (extxyz files, or folders of PANNA example
    /// files: `StructureFiles`). Errors are one line naming the file (and the
    /// frame) or the config key, and do not depend on `shard`.
    public init(_ config: TrainingConfig, source: String, shard: Shard = .whole) throws {
        self.shard = shard
        let data = config.data
        let labelled = ExtXYZ.ReadOptions(energyKey: data.energyKey, forcesKey: data.forcesKey,
                                          stressKey: data.stressKey, virialKey: data.virialKey, requireLabels: true)
        var trainFrames = try StructureFiles.read(path: data.train, options: labelled)
        if let limit = data.trainLimit { trainFrames = Array(trainFrames.prefix(limit)) }
        guard !trainFrames.isEmpty else {
            throw TrainingSetupError(source: source, key: "data.train", problem: "'\(data.train)' holds no structures")
        }
        try Self.checkConfigTypes(config.training.configTypeWeights, occurIn: trainFrames, path: data.train, source: source)
        species = config.model.species.isEmpty ? Self.speciesByAtomicNumber(trainFrames) : config.model.species
        let cutoff = config.model.cutoff

        let validationFrames: [Structure], validationName: String, trainNumbers: [Int], validationNumbers: [Int]
        if let path = data.validation {
            validationFrames = try StructureFiles.read(path: path, options: labelled)
            validationName = path
            trainNumbers = Array(1...trainFrames.count)
            validationNumbers = Array(1...max(validationFrames.count, 1))
            guard !validationFrames.isEmpty else {
                throw TrainingSetupError(source: source, key: "data.validation", problem: "'\(path)' holds no structures")
            }
        } else {
            let held = Self.validationIndices(count: trainFrames.count, fraction: data.validationFraction,
                                              seed: config.training.seed)
            guard !held.isEmpty && held.count < trainFrames.count else {
                throw TrainingSetupError(source: source, key: "data.validation_fraction",
                    problem: "\(data.validationFraction) of \(trainFrames.count) structures leaves \(held.isEmpty ? "no validation" : "no training") structure; give a validation file or more data")
            }
            let heldSet = Set(held)
            let kept = trainFrames.indices.filter { !heldSet.contains($0) }
            validationFrames = held.map { trainFrames[$0] }
            validationNumbers = held.map { $0 + 1 }
            validationName = data.train
            trainNumbers = kept.map { $0 + 1 }
            trainFrames = kept.map { trainFrames[$0] }
        }
        let plan = PartPlan(structures: trainFrames.count, parts: config.training.parts, seed: config.training.seed)
        self.plan = plan
        train = try LabelledSet(name: data.train, structures: trainFrames, species: species, cutoff: cutoff,
                                frameNumbers: trainNumbers, holds: { shard.holds(plan.partOfStructure[$0]) })
        trainFrames = []
        validation = try LabelledSet(name: validationName, structures: validationFrames, species: species,
                                     cutoff: cutoff, frameNumbers: validationNumbers,
                                     holds: Self.chunkOwnership(count: validationFrames.count, shard: shard))
        if let path = data.test {
            var frames = try StructureFiles.read(path: path, options: .init(energyKey: data.energyKey, forcesKey: data.forcesKey,
                                                                  stressKey: data.stressKey, virialKey: data.virialKey))
            if let limit = data.testLimit { frames = Array(frames.prefix(limit)) }
            test = try LabelledSet(name: path, structures: frames, species: species, cutoff: cutoff,
                                   holds: Self.chunkOwnership(count: frames.count, shard: shard))
        } else {
            test = nil
        }
    }

    /// Every `config_type` that `training.config_type_weights` names occurs in the training file
    /// (a name that matches nothing is most likely misspelt).
    static func checkConfigTypes(_ weights: [String: Double], occurIn frames: [Structure], path: String,
                                 source: String) throws {
        let present = Set(frames.compactMap { $0.info["config_type"] }).sorted()
        for name in weights.keys.sorted() where !present.contains(name) {
            let suggestion = NameSuggestion.nearest(to: name, among: present).map { " (did you mean '\($0)'?)" } ?? ""
            let known = present.isEmpty ? "it has no config_type at all"
                : "its config types are \(NameSuggestion.list(present))\(suggestion)"
            throw TrainingSetupError(source: source, key: "training.config_type_weights.\(name)",
                                     problem: "no structure of '\(path)' has config_type=\(name); \(known)")
        }
    }

    /// Whether `shard` holds each structure of an evaluated set of `count` (that of its chunks).
    static func chunkOwnership(count: Int, shard: Shard) -> (Int) -> Bool {
        let chunkOf = EvaluationChunks.chunkOfStructure(count: count)
        return { shard.holds(chunkOf[$0]) }
    }

    /// The species present in `structures`, ordered by atomic number.
    static func speciesByAtomicNumber(_ structures: [Structure]) -> [String] {
        let symbols = Set(structures.flatMap(\.species))
        return symbols.sorted { (Element(symbol: $0)?.atomicNumber ?? 0, $0) < (Element(symbol: $1)?.atomicNumber ?? 0, $1) }
    }

    /// round(fraction · count) indices (at least one) drawn without replacement by a generator
    /// of its own, seeded from the run's seed, in increasing order.
    static func validationIndices(count: Int, fraction: Double, seed: UInt64) -> [Int] {
        var generator = SeededGenerator(seed: seed ^ 0x76616C6964617465)  // "validate"
        let order = generator.permutation(count)
        let held = max(1, Int((fraction * Double(count)).rounded()))
        return order.prefix(held).sorted()
    }

    /// Atom counts per species of each structure of `set`, held here or not.  // [structures, species]
    public func compositions(of set: LabelledSet) -> Matrix { set.compositions }
}

/// A config whose data or values cannot start a run: `CONFIG: KEY: PROBLEM` on one line.
public struct TrainingSetupError: Error, CustomStringConvertible {
    public let source: String
    public let key: String
    public let problem: String
    public var description: String { "\(source): \(key): \(problem)" }
}
