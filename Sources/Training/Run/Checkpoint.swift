import Foundation
import JSON
import Latte
import Linalg
import SystemSupport

/// `checkpoint.json`: a `TrainerState` as JSON, written atomically after every epoch and on
/// interruption. Every number is written in shortest round-trip form and read back exactly,
/// so a resumed run computes the same numbers as an uninterrupted one.
///
/// Besides the state it records the settings a resumed run must share with the one that wrote
/// it (`run`: species, descriptor, cutoff, seed, batch size, parts); other settings, such as the
/// number of epochs, the threads or the number of processes, may change between the two.
public enum Checkpoint {
    public static let formatName = "latte-checkpoint"
    public static let formatVersion = 1

    /// Writes `state`; `exported` is the potential validation uses (the weight average, when
    /// enabled), kept so that tools can evaluate a checkpoint as the run would export it.
    public static func write(_ state: TrainerState, exported: PotentialParameters, config: TrainingConfig,
                             to path: String) throws {
        try AtomicFile.write(JSONWriter.text(of: document(of: state, exported: exported, config: config)), to: path)
    }

    static func document(of state: TrainerState, exported: PotentialParameters, config: TrainingConfig) -> JSONValue {
        .object([
            ("format", .string(formatName)),
            ("version", .integer(formatVersion)),
            ("run", runSettings(config, species: state.parameters.species)),
            ("epoch", .integer(state.epoch)),
            ("parameters", PotentialFile.document(of: state.parameters)),
            ("exported_parameters", exported == state.parameters ? .null : PotentialFile.document(of: exported)),
            ("optimizer", state.optimizer.jsonValue),
            ("schedule", state.schedule.jsonValue),
            ("average", state.average?.jsonValue ?? .null),
            ("generator", .array(state.generator.stateWords.map { .string(String($0, radix: 16)) })),
            ("order", .array(state.order.map(JSONValue.integer))),
            ("batches_done", .integer(state.batchesDone)),
            ("train_loss_sum", .number(state.trainLossSum)),
            ("train_metrics", metrics(state.trainMetrics)),
            ("epoch_seconds", .number(state.epochSeconds)),
            ("best_validation_loss", .finiteOrNull(state.bestValidationLoss)),
            ("best_epoch", .integer(state.bestEpoch)),
            ("epochs_without_improvement", .integer(state.epochsWithoutImprovement)),
            ("history", .array(state.history.map(record))),
        ])
    }

    /// The settings a resumed run must share with the one it continues, written as text so
    /// that they compare exactly.
    static func runSettings(_ config: TrainingConfig, species: [String]) -> JSONValue {
        .object([
            ("species", .string(species.joined(separator: " "))),
            ("descriptor", .string(config.model.descriptor)),
            ("cutoff", .string("\(config.model.cutoff)")),
            ("seed", .string("\(config.training.seed)")),
            ("batch_size", .string("\(config.training.batchSize)")),
            ("parts", .string("\(config.training.parts)")),
        ])
    }

    /// The potential a checkpoint's run exports at this point (its averaged weights when the
    /// run keeps an average), for evaluating a checkpoint without its config.
    public static func exportedParameters(contentsOf path: String) throws -> PotentialParameters {
        let root = try document(at: path)
        let exported = try root.member("exported_parameters")
        return try PotentialFile.parameters(from: exported.value == .null ? root.member("parameters") : exported)
    }

    /// The bytes of the checkpoint at `path` (rank 0 reads them for every rank).
    public static func bytes(at path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JSONFileError(file: path, field: "", problem: "no such file, or unreadable")
        }
        return Array(data)
    }

    /// The parsed checkpoint at `path`, its format and version checked.
    static func document(at path: String) throws -> JSONField {
        try document(bytes: bytes(at: path), source: path)
    }

    /// The parsed checkpoint `bytes` (read from `source`), its format and version checked.
    static func document(bytes: [UInt8], source path: String) throws -> JSONField {
        let root: JSONField
        do {
            root = JSONField(value: try JSONParser.parse(bytes), file: path)
        } catch let error as JSONSyntaxError {
            throw JSONFileError(file: path, field: "line \(error.line), column \(error.column)", problem: "not valid JSON: \(error.problem)")
        }
        let format = try root.member("format")
        guard try format.string() == formatName, try root.member("version").integer() == formatVersion else {
            throw format.fail("expected a \(formatName) of version \(formatVersion)")
        }
        return root
    }

    /// Reads the checkpoint at `path` for a run of `config` on data of `species`; errors are one
    /// line naming the file and field, including settings that differ from the run's.
    public static func read(_ path: String, config: TrainingConfig, species: [String]) throws -> TrainerState {
        try read(bytes: bytes(at: path), source: path, config: config, species: species)
    }

    /// Reads checkpoint `bytes` (from the file `source`) as `read(_:config:species:)` does.
    public static func read(bytes: [UInt8], source path: String, config: TrainingConfig,
                            species: [String]) throws -> TrainerState {
        let root = try document(bytes: bytes, source: path)
        let parameters = try PotentialFile.parameters(from: root.member("parameters"))
        let settings = try root.member("run")
        let expected = runSettings(config, species: species)
        if case .object(let wanted) = expected {
            for (key, value) in wanted {
                if key == "parts", try settings.optionalMember(key) == nil {
                    throw settings.fail("the checkpoint has no 'parts': it was written before batches were split into a fixed number of parts, and cannot continue with the same numbers; start a new run")
                }
                let stored = try settings.member(key)
                if case .string(let given) = value, try stored.string() != given {
                    throw stored.fail("the checkpoint's run used '\(try stored.string())', the config gives '\(given)'; use a new output folder, or the config that started this run")
                }
            }
        }
        let training = config.training
        let trainable = TrainableParameters(parameters, widthsLearned: config.model.learnWidths)
        let shapes = trainable.values(of: parameters).map(\.shape)
        let words = try root.member("generator").array().map { field -> UInt64 in
            guard let word = UInt64(try field.string(), radix: 16) else { throw field.fail("expected a hexadecimal word") }
            return word
        }
        guard words.count == 4, words.contains(where: { $0 != 0 }) else {
            throw try root.member("generator").fail("expected four hexadecimal words, not all zero")
        }
        var state = TrainerState(
            parameters: parameters,
            optimizer: try Adam(json: root.member("optimizer"), shapes: shapes, weightDecay: training.weightDecay,
                                 decoupled: training.optimizer == .adamw),
            schedule: try LearningRateSchedule(json: root.member("schedule"), config: training.schedule,
                                               learningRate: training.learningRate),
            average: try training.emaDecay.map { try ExponentialMovingAverage(json: root.member("average"), shapes: shapes, decay: $0) },
            generator: SeededGenerator(stateWords: words))
        state.epoch = try root.member("epoch").integer()
        state.order = try root.member("order").array().map { try $0.integer() }
        state.batchesDone = try root.member("batches_done").integer()
        state.trainLossSum = try root.member("train_loss_sum").number()
        state.trainMetrics = try metrics(root.member("train_metrics"))
        state.epochSeconds = try root.member("epoch_seconds").number()
        let best = try root.member("best_validation_loss")
        state.bestValidationLoss = best.value == .null ? .infinity : try best.number()
        state.bestEpoch = try root.member("best_epoch").integer()
        state.epochsWithoutImprovement = try root.member("epochs_without_improvement").integer()
        state.history = try root.member("history").array().map(record)
        return state
    }

    static func metrics(_ m: ErrorMetrics) -> JSONValue {
        .object([
            ("structures", .integer(m.structureCount)), ("atoms", .integer(m.atomCount)),
            ("energy_absolute", .number(m.energyAbsolute)), ("energy_squared", .number(m.energySquared)),
            ("force_absolute", .number(m.forceAbsolute)), ("force_squared", .number(m.forceSquared)),
            ("force_components", .integer(m.forceComponents)),
        ])
    }

    static func metrics(_ field: JSONField) throws -> ErrorMetrics {
        var m = ErrorMetrics()
        m.structureCount = try field.member("structures").integer()
        m.atomCount = try field.member("atoms").integer()
        m.energyAbsolute = try field.member("energy_absolute").number()
        m.energySquared = try field.member("energy_squared").number()
        m.forceAbsolute = try field.member("force_absolute").number()
        m.forceSquared = try field.member("force_squared").number()
        m.forceComponents = try field.member("force_components").integer()
        return m
    }

    static func record(_ r: EpochRecord) -> JSONValue {
        .object([
            ("epoch", .integer(r.epoch)), ("learning_rate", .number(r.learningRate)),
            ("train_loss", .number(r.trainLoss)), ("validation_loss", .number(r.validationLoss)),
            ("train", metrics(r.train)), ("validation", metrics(r.validation)), ("seconds", .number(r.seconds)),
        ])
    }

    static func record(_ field: JSONField) throws -> EpochRecord {
        EpochRecord(epoch: try field.member("epoch").integer(), learningRate: try field.member("learning_rate").number(),
                    trainLoss: try field.member("train_loss").number(),
                    validationLoss: try field.member("validation_loss").number(),
                    train: try metrics(field.member("train")), validation: try metrics(field.member("validation")),
                    seconds: try field.member("seconds").number())
    }
}
