import Foundation
import JSON
import Latte
import Linalg
import SystemSupport

/// The training loop (DESIGN.md's flow): for each batch, the loss and its gradient with respect
/// to every trainable parameter, clipping, an Adam(W) step at the scheduled rate, the projection
/// of centres and widths (METHOD.md section 6), each centre kept on the data's distances
/// (`ObservedDistances`), and the weight average; after each epoch,
/// validation, `metrics.csv`, the best potential and a checkpoint.
///
/// With several processes (`communicator`), every rank runs the same loop on the same state:
/// each evaluates the parts of the batch it owns (`data.shard`), the parts' results are gathered
/// whole on every rank and added in part order, so every rank takes the same step, bit for bit,
/// for any number of ranks and threads. Rank 0 alone writes the run folder.
public final class Trainer {
    public let config: TrainingConfig
    public let data: TrainingData
    public private(set) var state: TrainerState
    public let files: RunFiles
    public let communicator: Communicator
    /// The validation loss: the final weights (`trainingLoss(atStep:)` is the steps').
    let loss: Loss
    let trainable: TrainableParameters
    public let threads: Int
    /// Whether the state came from a checkpoint (`TrainingSession.trainer(resume:)`).
    public internal(set) var resumed = false
    /// When this run last wrote a checkpoint (or started): the next is due
    /// `training.checkpoint_seconds` later.
    var lastCheckpoint = Date()
    /// Files of the run this one replaces (`--overwrite`), removed when this run writes its
    /// first checkpoint, so that the old run stays whole, and resumable, until then.
    var replacedFiles: [String] = []
    /// The shapes of the trainable parameters' gradients.
    let gradientShapes: [Shape]
    /// The training data's distances, which keep every channel's centre on the data in a run
    /// trained from scratch (nil when fine-tuning; `ObservedDistances`).
    public let confinement: ObservedDistances?

    /// What happened during a run, for progress displays.
    public enum Event {
        case batch(epoch: Int, batch: Int, batches: Int, loss: Double, learningRate: Double, epochSeconds: Double)
        case epoch(EpochRecord, isBest: Bool)
    }

    public enum Outcome: Equatable {
        case finished
        case stoppedEarly(epoch: Int)
        case interrupted(epoch: Int, batch: Int)
    }

    /// A trainer continuing from `state` (a fresh one from `TrainerState.initial`, or a
    /// checkpoint), on the ranks of `communicator`; `data` must be prepared for its shard.
    public init(config: TrainingConfig, data: TrainingData, state: TrainerState,
                communicator: Communicator = SingleProcess()) {
        precondition(data.shard == communicator.shard, "Trainer: data prepared for another rank")
        self.config = config
        self.data = data
        self.state = state
        self.files = RunFiles(folder: config.output)
        self.communicator = communicator
        let training = config.training
        loss = Loss(energyWeight: training.energyWeightFinal ?? training.energyWeight,
                    forceWeight: training.forceWeightFinal ?? training.forceWeight,
                    stressWeight: training.stressWeight, energyLoss: training.energyLoss,
                    configTypeWeights: training.configTypeWeights)
        trainable = TrainableParameters(state.parameters, widthsLearned: config.model.learnWidths)
        threads = training.workerThreads(processesOnThisMachine: communicator.sizeOnThisMachine)
        gradientShapes = trainable.values(of: state.parameters).map(\.shape)
        confinement = config.model.initFrom != nil ? nil
            : ObservedDistances.measured(data.train, speciesCount: data.species.count, mode: config.model.speciesWeights,
                                         communicator: communicator)
    }

    /// The bytes of one part's result in the gather of every optimiser step: the loss, the
    /// metric sums and every gradient entry, as doubles. With K > 1 ranks, each rank sends its
    /// parts' results and receives all `training.parts` of them once per step.
    public var bytesPerPart: Int {
        8 * (LossEvaluation.packedHeader + gradientShapes.reduce(0) { $0 + $1.rows * $1.cols })
    }

    /// Trains until `training.epochs` epochs are complete, early stopping triggers, or
    /// `shouldStop` returns true (asked once per batch, on every rank; when it does on any rank,
    /// all stop after that batch and the state is saved). A checkpoint is written after every
    /// epoch and, inside an epoch, after the first batch that ends `training.checkpoint_seconds`
    /// or more after the last one, so that a run killed at any moment loses at most that much
    /// work, and `--resume` continues it with the numbers of an uninterrupted run.
    public func run(shouldStop: () -> Bool = { false }, report: (Event) -> Void = { _ in }) throws -> Outcome {
        try communicator.collectively {
            if communicator.isLeader { try createFolder() }
        }
        let batchSize = config.training.batchSize
        let batches = Self.stepsPerEpoch(structures: data.train.count, batchSize: batchSize)
        while state.epoch < config.training.epochs {
            if let patience = config.training.earlyStoppingPatience, state.epochsWithoutImprovement >= patience {
                return .stoppedEarly(epoch: state.epoch)
            }
            if state.order.isEmpty { state.order = data.plan.epochOrder(&state.generator) }
            while state.batchesDone < batches {
                let started = Date()
                let lower = state.batchesDone * batchSize
                let indices = Array(state.order[lower..<min(lower + batchSize, state.order.count)])
                let rate = state.schedule.learningRate(atStep: state.optimizer.step)
                var asked: StepRequests = shouldStop() ? .stop : []
                if Date().timeIntervalSince(lastCheckpoint) >= config.training.checkpointSeconds { asked.insert(.checkpoint) }
                let (batchLoss, requests) = try step(indices, learningRate: rate, requests: asked)
                state.batchesDone += 1
                state.epochSeconds += Date().timeIntervalSince(started)
                report(.batch(epoch: state.epoch + 1, batch: state.batchesDone, batches: batches,
                              loss: batchLoss, learningRate: rate, epochSeconds: state.epochSeconds))
                if requests.contains(.stop) && (state.batchesDone < batches || state.epoch + 1 < config.training.epochs) {
                    try saveCheckpoint()
                    return .interrupted(epoch: state.epoch + 1, batch: state.batchesDone)
                }
                // The epoch's end writes one anyway.
                if requests.contains(.checkpoint) && state.batchesDone < batches { try saveCheckpoint() }
            }
            let (record, isBest) = try finishEpoch()
            report(.epoch(record, isBest: isBest))
        }
        return .finished
    }

    /// One optimiser step on the training structures at `indices`: this rank evaluates its
    /// parts of the batch, every part's result is gathered, and the parts are added in part
    /// order. Returns the batch loss, and the union of every rank's `requests` (sent with the
    /// gather). A loss or gradient that is not finite stops the run before it spoils the
    /// parameters.
    func step(_ indices: [Int], learningRate: Double, requests: StepRequests) throws -> (loss: Double, requests: StepRequests) {
        let groups = data.plan.groups(of: indices)
        let shard = data.shard
        let mine = groups.filter { shard.holds($0.part) }.map(\.structures)
        let local = LossEvaluation.evaluate(state.parameters, loss: trainingLoss(atStep: state.optimizer.step),
                                            set: data.train, groups: mine,
                                            counts: data.train.counts(of: indices), threads: threads,
                                            gradientsOf: trainable)
        let (parts, agreed) = communicator.gatherParts(local, owners: groups.map { shard.owner(of: $0.part) },
                                                       shapes: gradientShapes, requests: requests)
        var evaluation = LossEvaluation.sum(parts)
        // The norm before clipping, computed once; clipping leaves non-finite gradients alone.
        let norm = config.training.clipGradientNorm.map { GradientClipping.clipGlobalNorm(&evaluation.gradients, maxNorm: $0) }
            ?? GradientClipping.globalNorm(evaluation.gradients)
        guard evaluation.loss.isFinite, norm.isFinite else {
            throw communicator.sharedFailure(
                TrainingDivergedError(epoch: state.epoch + 1, batch: state.batchesDone + 1, loss: evaluation.loss))
        }
        var values = trainable.values(of: state.parameters)
        state.optimizer.update(&values, gradients: evaluation.gradients, learningRate: learningRate)
        state.parameters = trainable.replacing(values, in: state.parameters).projected(widths: config.model.widthPolicy)
        confinement?.confine(&state.parameters)
        // Read before the average's update begins its access to `state`.
        let updated = trainable.values(of: state.parameters)
        state.average?.update(with: updated)
        state.trainLossSum += evaluation.loss * Double(indices.count)
        state.trainMetrics.merge(evaluation.metrics)
        return (evaluation.loss, agreed)
    }

    /// The loss of the step taken after `t` steps. The energy and force weights move from
    /// `energy_weight`, `force_weight` to `energy_weight_final`, `force_weight_final` as the
    /// learning rate falls (DeePMD-kit's prefactors):
    ///
    ///     w(t) = w_final + (w − w_final) · d(t),   d(t) = lr(t) / (lr₀ · warm-up factor(t))
    ///
    /// so d is 1 at the start and the schedule's decay later (warm-up does not move the weights;
    /// d is at most 1).
    /// Without final weights this is the validation loss, `loss`, exactly.
    public func trainingLoss(atStep t: Int) -> Loss {
        let training = config.training
        guard training.energyWeightFinal != nil || training.forceWeightFinal != nil else { return loss }
        let decay = min(1, state.schedule.learningRate(atStep: t) / (training.learningRate * state.schedule.warmupFactor(t)))
        var weighted = loss
        weighted.energyWeight = loss.energyWeight + (training.energyWeight - loss.energyWeight) * decay
        weighted.forceWeight = loss.forceWeight + (training.forceWeight - loss.forceWeight) * decay
        return weighted
    }

    /// Optimiser steps per epoch: batches of `batchSize`, the last one possibly smaller.
    public static func stepsPerEpoch(structures: Int, batchSize: Int) -> Int {
        (structures + batchSize - 1) / batchSize
    }

    /// The parameters validation and export use: the weight average when enabled.
    public var exportedParameters: PotentialParameters {
        guard let average = state.average else { return state.parameters }
        return trainable.replacing(average.values, in: state.parameters).projected(widths: config.model.widthPolicy)
    }

    /// Validation, the epoch's record, the best potential, the checkpoint (written by rank 0).
    func finishEpoch() throws -> (EpochRecord, Bool) {
        let started = Date()
        let candidate = exportedParameters
        let validation = evaluate(candidate, on: data.validation)
        state.epoch += 1
        let record = EpochRecord(
            epoch: state.epoch, learningRate: state.schedule.learningRate(atStep: max(state.optimizer.step - 1, 0)),
            trainLoss: state.trainLossSum / Double(data.train.count), validationLoss: validation.loss,
            train: state.trainMetrics, validation: validation.metrics,
            seconds: state.epochSeconds + Date().timeIntervalSince(started))
        state.schedule.recordEpoch(validationLoss: validation.loss)
        state.history.append(record)
        state.order = []
        state.batchesDone = 0
        state.trainLossSum = 0
        state.trainMetrics = ErrorMetrics()
        state.epochSeconds = 0
        let isBest = validation.loss < state.bestValidationLoss
        if isBest {
            state.bestValidationLoss = validation.loss
            state.bestEpoch = state.epoch
            state.epochsWithoutImprovement = 0
        } else {
            state.epochsWithoutImprovement += 1
        }
        try communicator.collectively {
            guard communicator.isLeader else { return }
            if isBest { try PotentialFile.write(candidate, to: files.potential) }
            try MetricsLog.write(state.history, to: files.metrics)
            try MetricsLog.writeLearningCurve(state.history, to: files.learningCurve)
            replacedFiles.removeAll { [files.metrics, files.learningCurve].contains($0) || (isBest && $0 == files.potential) }
            try writeCheckpoint()
        }
        lastCheckpoint = Date()
        return (record, isBest)
    }

    /// Loss and metrics of `parameters` on every structure of `set` (no gradients), in chunks
    /// (`EvaluationChunks`) added in chunk order. A collective call: with several ranks, each
    /// evaluates its chunks, so `set` must be one of `data`'s sets (validation or test).
    public func evaluate(_ parameters: PotentialParameters, on set: LabelledSet) -> LossEvaluation {
        let chunks = EvaluationChunks.ranges(count: set.count).map { Array($0) }
        let shard = data.shard
        let owners = chunks.indices.map { shard.owner(of: $0) }
        let mine = chunks.indices.filter { owners[$0] == shard.rank }.map { chunks[$0] }
        let local = LossEvaluation.evaluate(parameters, loss: loss, set: set, groups: mine,
                                            counts: set.counts(of: 0..<set.count), threads: threads, gradientsOf: nil)
        return LossEvaluation.sum(communicator.gatherParts(local, owners: owners, shapes: []).parts)
    }

    /// The run folder, or an error naming it and the system's reason.
    private func createFolder() throws {
        do {
            try FileManager.default.createDirectory(atPath: files.folder, withIntermediateDirectories: true)
        } catch {
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? any Error
            let reason = underlying.map { String(cString: strerror(Int32(($0 as NSError).code))) } ?? "\(error)"
            throw JSONFileError(file: files.folder, field: "", problem: "cannot create the run folder: \(reason)")
        }
        // Temporary files of a run killed while writing (the files they were for are whole).
        let names = (try? FileManager.default.contentsOfDirectory(atPath: files.folder)) ?? []
        for name in names where AtomicFile.isTemporary(name) { try? FileManager.default.removeItem(atPath: files.folder + "/" + name) }
    }

    /// Rank 0 writes the checkpoint; a failure stops every rank. Every rank restarts its clock
    /// for the next one.
    func saveCheckpoint() throws {
        try communicator.collectively {
            if communicator.isLeader { try writeCheckpoint() }
        }
        lastCheckpoint = Date()
    }

    private func writeCheckpoint() throws {
        try Checkpoint.write(state, exported: exportedParameters, config: config, to: files.checkpoint)
        for file in replacedFiles { try? FileManager.default.removeItem(atPath: file) }
        replacedFiles = []
    }
}

/// A step whose loss or gradient is not finite: the parameters are left as they were.
public struct TrainingDivergedError: Error, CustomStringConvertible {
    public let epoch: Int
    public let batch: Int
    public let loss: Double
    public var description: String {
        "training diverged in epoch \(epoch), batch \(batch) (loss \(loss)); lower training.learning_rate or set training.clip_gradient_norm, then start again or --resume from the last checkpoint"
    }
}

/// Where a run writes, inside its `output` folder.
public struct RunFiles: Sendable {
    public let folder: String
    public init(folder: String) { self.folder = folder }
    public var potential: String { folder + "/potential.json" }
    public var checkpoint: String { folder + "/checkpoint.json" }
    public var metrics: String { folder + "/metrics.csv" }
    public var testMetrics: String { folder + "/test_metrics.json" }
    public var learningCurve: String { folder + "/learning_curve.svg" }
}
