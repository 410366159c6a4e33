import Foundation
import JSON
import Latte
import SystemSupport

/// A run from its config file: what `latte-train` does, as a library call (so tests drive the
/// same code). `prepare` reads and checks everything before any training starts.
///
/// With several ranks (`communicator`), every rank makes the same calls: each reads the config
/// and the data files and prepares its share of the data; rank 0 alone reads and writes the run
/// folder and hands what it read to the others. A failure on any rank stops all of them, with
/// one message (from the lowest failing rank; the others throw `PeerFailure`).
public struct TrainingSession: Sendable {
    public let configPath: String
    public let config: TrainingConfig
    public let data: TrainingData
    public let communicator: Communicator
    /// The trained potential a fine-tuning run starts from (`model.init_from`).
    public let startingPotential: PotentialParameters?
    /// The memory the run needs beyond its data (checked against what is available).
    public let memory: MemoryEstimate
    /// How the rates were scaled to the data's atoms per batch (`training.learning_rate_batch_atoms`);
    /// nil: used as given.
    public let learningRateScaling: LearningRateScaling?

    /// Reads the config and the data, and refuses a run that cannot fit in memory
    /// (`MemoryEstimate`) before any parameter is allocated.
    public static func prepare(configPath: String, communicator: Communicator = SingleProcess()) throws -> TrainingSession {
        try communicator.collectively {
            var config = try TrainingConfig.load(path: configPath)
            let start = try FineTuning.startingPotential(config, source: configPath)
            // A fine-tuned potential keeps its species order, whatever the new data hold.
            if let start, config.model.species.isEmpty { config.model.species = start.species }
            let data = try TrainingData(config, source: configPath, shard: communicator.shard)
            config.training.schedule = config.training.schedule.resolvingEpochs(
                stepsPerEpoch: Trainer.stepsPerEpoch(structures: data.train.count, batchSize: config.training.batchSize))
            let atomsPerBatch = config.training.atomsPerBatch(structures: data.train.count, atoms: data.train.atomCount)
            let (training, scaling) = config.training.resolvingLearningRate(atomsPerBatch: atomsPerBatch)
            config.training = training
            let memory = try MemoryEstimate(
                config: config, data: data,
                threads: config.training.workerThreads(processesOnThisMachine: communicator.sizeOnThisMachine))
            if let available = AvailableMemory.now() {
                try memory.check(against: available, processes: communicator.sizeOnThisMachine, source: configPath)
            }
            return TrainingSession(configPath: configPath, config: config, data: data, communicator: communicator,
                                   startingPotential: start, memory: memory, learningRateScaling: scaling)
        }
    }

    /// A trainer for a new run, or continuing the checkpoint in `output` when `resume` is set
    /// (`Trainer.resumed`); `resume` without a checkpoint there yet (a run killed before its
    /// first one) starts from the beginning, so that a job script can always pass `--resume`.
    /// A new run refuses an output folder that already holds a checkpoint, so that finished or
    /// interrupted work is never overwritten by accident, unless `overwrite` is set; then the old
    /// run's files stay until the new run's first checkpoint replaces them.
    public func trainer(resume: Bool, overwrite: Bool = false) throws -> Trainer {
        let files = RunFiles(folder: config.output)
        let state: TrainerState
        let resume = try resume && communicator.leaderBytes {
            [FileManager.default.fileExists(atPath: files.checkpoint) ? 1 : 0]
        } == [1]
        if resume {
            let bytes = try communicator.leaderBytes { try Checkpoint.bytes(at: files.checkpoint) }
            state = try communicator.collectively {
                try Checkpoint.read(bytes: bytes, source: files.checkpoint, config: config, species: data.species)
            }
        } else {
            try communicator.collectively {
                guard communicator.isLeader else { return }
                guard overwrite || !FileManager.default.fileExists(atPath: files.checkpoint) else {
                    throw TrainingSetupError(source: configPath, key: "output",
                        problem: "'\(config.output)' already holds a run (checkpoint.json); continue it with --resume, replace it with --overwrite, or choose another output folder")
                }
            }
            state = try communicator.collectively {
                try TrainerState.initial(config: config, data: data, source: configPath, start: startingPotential,
                                         communicator: communicator)
            }
        }
        let trainer = Trainer(config: config, data: data, state: state, communicator: communicator)
        trainer.resumed = resume
        if overwrite && !resume && communicator.isLeader {
            // Replaced at the new run's first checkpoint (the checkpoint itself by that write).
            trainer.replacedFiles = [files.potential, files.metrics, files.learningCurve, files.testMetrics]
                .filter { FileManager.default.fileExists(atPath: $0) }
        }
        return trainer
    }

    /// The test set's metrics under the best potential (read back from `potential.json`, so
    /// they are those of the file users get), also written to `test_metrics.json`.
    public func testMetrics(with trainer: Trainer) throws -> ErrorMetrics? {
        guard let test = data.test else { return nil }
        let path = trainer.files.potential
        let bytes = try communicator.leaderBytes {
            guard FileManager.default.fileExists(atPath: path) else {
                throw JSONFileError(file: path, field: "", problem: "no such file")
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw JSONFileError(file: path, field: "", problem: "cannot be read (permissions, or a folder?)")
            }
            return Array(data)
        }
        let best = try communicator.collectively { try PotentialFile.decode(bytes, source: path) }
        let metrics = trainer.evaluate(best, on: test).metrics
        let document = JSONValue.object([
            ("n_structures", .integer(test.count)), ("n_atoms", .integer(test.atomCount)),
            ("energy_mae", JSONValue.finiteOrNull(metrics.energyMAE)), ("energy_rmse", JSONValue.finiteOrNull(metrics.energyRMSE)),
            ("force_mae", JSONValue.finiteOrNull(metrics.forceMAE)), ("force_rmse", JSONValue.finiteOrNull(metrics.forceRMSE)),
            ("best_epoch", .integer(trainer.state.bestEpoch)),
        ])
        try communicator.collectively {
            if communicator.isLeader { try AtomicFile.write(JSONWriter.text(of: document), to: trainer.files.testMetrics) }
        }
        return metrics
    }

}
