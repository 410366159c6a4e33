import Atomistic
import Foundation
import Latte
import Linalg
import Testing
import Training

/// Training on a small real subset (40 ethanol structures): the loop learns, resumes exactly,
/// and writes a potential that is the model it validated.
struct TrainerTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let ethanol = repository.appendingPathComponent("datasets/ethanol/train.xyz").path

    /// A run folder with a config for `training` (JSON members) on the first 40 ethanol frames.
    static func session(training: String, folder: URL? = nil, model: String = "") throws -> TrainingSession {
        let folder = folder ?? FileManager.default.temporaryDirectory.appendingPathComponent("latte-trainer-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = """
            {"data": {"train": "\(ethanol)", "train_limit": 40, "validation_fraction": 0.25},
             "model": {"descriptor": "4,-:4,i,i:4,ij,ij:2,i,j,ij", "hidden": [8, 8]\(model)},
             "training": {\(training)},
             "output": "run"}
            """
        let path = folder.appendingPathComponent("config.json").path
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        return try TrainingSession.prepare(configPath: path)
    }

    static let settings = """
        "epochs": 4, "batch_size": 4, "seed": 7, "learning_rate": 0.01, "threads": 2,
        "clip_gradient_norm": 10.0, "ema_decay": 0.9,
        "schedule": {"type": "exponential", "decay_rate": 0.5, "decay_steps": 20, "warmup_steps": 5}
        """

    @Test func aFewEpochsLowerTheValidationLoss() throws {
        let session = try Self.session(training: Self.settings)
        let trainer = try session.trainer(resume: false)
        let before = trainer.evaluate(trainer.state.parameters, on: session.data.validation).loss
        #expect(try trainer.run() == .finished)
        let history = trainer.state.history
        #expect(history.count == 4)
        let losses = [before] + history.map(\.validationLoss)
        #expect(zip(losses, losses.dropFirst()).allSatisfy { $1 < $0 }, "validation loss \(losses)")
        #expect(losses.last! < 0.8 * before, "validation loss \(losses)")
        #expect(history.last!.trainLoss < history.first!.trainLoss)
        #expect(try String(contentsOfFile: trainer.files.metrics, encoding: .utf8).split(separator: "\n").count == 5)
    }

    /// DeePMD-style prefactors: the steps' weights go from energy_weight, force_weight to their
    /// final values as the rate decays (warm-up aside); validation weighs with the final ones.
    @Test func lossWeightsMoveToTheirFinalValuesAsTheRateFalls() throws {
        let weights = #", "energy_weight": 1.0, "force_weight": 10.0"#
        let moving = try Self.session(training: Self.settings + weights + #", "energy_weight_final": 5.0, "force_weight_final": 2.0"#)
        let trainer = try moving.trainer(resume: false)
        let start = trainer.trainingLoss(atStep: 0)  // inside the warm-up
        #expect(start.energyWeight == 1 && start.forceWeight == 10)
        let half = trainer.trainingLoss(atStep: 20)  // the rate halved by the schedule
        #expect(abs(half.energyWeight - 3) < 1e-12 && abs(half.forceWeight - 6) < 1e-12, "\(half)")

        let final = try Self.session(training: Self.settings + #", "energy_weight": 5.0, "force_weight": 2.0"#)
        let reference = try final.trainer(resume: false)
        #expect(trainer.evaluate(trainer.state.parameters, on: moving.data.validation).loss
                == reference.evaluate(reference.state.parameters, on: final.data.validation).loss)
        #expect(reference.trainingLoss(atStep: 20).energyWeight == 5)

        // Final weights equal to the start train exactly as without them.
        let same = try Self.session(training: Self.settings + weights + #", "energy_weight_final": 1.0, "force_weight_final": 10.0"#)
        let plain = try Self.session(training: Self.settings + weights)
        let trainers = try [same, plain].map { try $0.trainer(resume: false) }
        for trainer in trainers { #expect(try trainer.run() == .finished) }
        #expect(try PotentialFile.encode(trainers[0].exportedParameters) == PotentialFile.encode(trainers[1].exportedParameters))
    }

    @Test func scheduleLengthsInEpochsCountTheTrainingSetsBatches() throws {
        // 30 training structures at batch 4: 8 steps per epoch.
        let session = try Self.session(training: """
            "epochs": 3, "batch_size": 4,
            "schedule": {"type": "cosine", "min_learning_rate": 0.001, "warmup_epochs": 0.5}
            """)
        let schedule = session.config.training.schedule
        #expect(schedule.isResolved && schedule.decaySteps == 24 && schedule.warmupSteps == 4)
        let trainer = try session.trainer(resume: false)
        #expect(try trainer.run() == .finished)
        #expect(trainer.state.optimizer.step == 24)
        #expect(abs(trainer.state.schedule.learningRate(atStep: 24) - 0.001) < 1e-15)
    }

    @Test func resumingAnInterruptedRunGivesTheUninterruptedNumbers() throws {
        let whole = try Self.session(training: Self.settings).trainer(resume: false)
        #expect(try whole.run() == .finished)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latte-resume-\(UUID())")
        var batches = 0
        let first = try Self.session(training: Self.settings, folder: folder).trainer(resume: false)
        // 30 training structures at batch 4: 8 batches per epoch; stop inside epoch 2.
        let outcome = try first.run(shouldStop: { batches += 1; return batches == 11 })
        #expect(outcome == .interrupted(epoch: 2, batch: 3))

        let resumed = try Self.session(training: Self.settings, folder: folder).trainer(resume: true)
        #expect(resumed.state.epoch == 1 && resumed.state.batchesDone == 3)
        #expect(try resumed.run() == .finished)

        #expect(resumed.state.history.count == whole.state.history.count)
        for (a, b) in zip(resumed.state.history, whole.state.history) { #expect(a.sameMetrics(as: b)) }
        #expect(resumed.state.parameters == whole.state.parameters)
        #expect(try Data(contentsOf: URL(fileURLWithPath: resumed.files.potential))
                == Data(contentsOf: URL(fileURLWithPath: whole.files.potential)))
    }

    @Test func oneAndTwoThreadsGiveTheSameNumbers() throws {
        let two = try Self.session(training: Self.settings).trainer(resume: false)
        let one = try Self.session(training: Self.settings.replacingOccurrences(of: "\"threads\": 2", with: "\"threads\": 1"))
            .trainer(resume: false)
        _ = try two.run()
        _ = try one.run()
        #expect(one.state.parameters == two.state.parameters)
    }

    @Test func theWrittenPotentialIsTheValidatedModel() throws {
        let trainer = try Self.session(training: Self.settings).trainer(resume: false)
        _ = try trainer.run()
        let written = try PotentialFile.read(contentsOf: trainer.files.potential)
        let best = trainer.state.bestEpoch
        #expect(best >= 1)
        // The best epoch's validation metrics, recomputed from the file alone.
        let recomputed = trainer.evaluate(written, on: trainer.data.validation)
        #expect(recomputed.loss == trainer.state.history[best - 1].validationLoss)
        #expect(recomputed.metrics == trainer.state.history[best - 1].validation)
        // The last epoch was the best here, so the file is the in-memory model, bit for bit.
        try #require(best == trainer.state.epoch)
        #expect(written == trainer.exportedParameters)
        let structures = Array(trainer.data.validation.structures.prefix(3))
        let fromFile = try LatteModel(written).evaluate(structures)
        let inMemory = try LatteModel(trainer.exportedParameters).evaluate(structures)
        for (a, b) in zip(fromFile, inMemory) { #expect(a.energy == b.energy && a.forces == b.forces) }
    }

    @Test func aNewRunRefusesAFolderThatHoldsARun() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latte-refuse-\(UUID())")
        let settings = Self.settings.replacingOccurrences(of: "\"epochs\": 4", with: "\"epochs\": 1")
        _ = try Self.session(training: settings, folder: folder).trainer(resume: false).run()
        let error = #expect(throws: TrainingSetupError.self) {
            try Self.session(training: settings, folder: folder).trainer(resume: false)
        }
        #expect(error?.description.contains("config.json: output: '") == true)
        #expect(error?.description.hasSuffix("/run' already holds a run (checkpoint.json); continue it with --resume, replace it with --overwrite, or choose another output folder") == true)
    }

    @Test func speciesTheModelLacksAreNamedWithTheirFrame() throws {
        let error = #expect(throws: InputError.self) {
            try Self.session(training: Self.settings, model: ", \"species\": [\"H\", \"C\"]")
        }
        #expect(error?.description.contains("train.xyz: frame ") == true)
        #expect(error?.description.hasSuffix("species 'O' is not in the model (it has H, C)") == true)
    }

    @Test func aSplitThatLeavesNoTrainingStructureIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latte-split-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = """
            {"data": {"train": "\(Self.ethanol)", "train_limit": 1}, "output": "run"}
            """
        let path = folder.appendingPathComponent("config.json").path
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: TrainingSetupError.self) { try TrainingSession.prepare(configPath: path) }
        #expect(error?.description == "\(path): data.validation_fraction: 0.05 of 1 structures leaves no training structure; give a validation file or more data")
    }

    @Test func aConfigTypeWeightThatMatchesNoStructureIsRefused() throws {
        let error = #expect(throws: TrainingSetupError.self) {
            try Self.session(training: #""config_type_weights": {"Training_sett": 2}"#)
        }
        #expect(error?.description.hasSuffix("config.json: training.config_type_weights.Training_sett: no structure of "
            + "'\(Self.ethanol)' has config_type=Training_sett; its config types are Training_set "
            + "(did you mean 'Training_set'?)") == true, "\(String(describing: error))")
    }

    @Test func anEmptyTrainingFileIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latte-empty-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "".write(to: folder.appendingPathComponent("empty.xyz"), atomically: true, encoding: .utf8)
        let path = folder.appendingPathComponent("config.json").path
        try #"{"data": {"train": "empty.xyz"}, "output": "run"}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: InputError.self) { try TrainingSession.prepare(configPath: path) }
        #expect(error?.description == "\(folder.path)/empty.xyz: no frames: the file is empty")
    }
}
