import Foundation
import Latte
import Linalg

/// The training loop (DESIGN.md's flow): for each batch, the loss and its gradient with respect
/// to every trainable parameter, clipping, an Adam(W) step at the scheduled rate, the projection
/// of centres and widths (METHOD.md section 6) and the weight average; after each epoch,
/// validation, `metrics.csv`, the best potential and a checkpoint.
public final class Trainer {
    public let config: TrainingConfig
    public let data: TrainingData
    public private(set) var state: TrainerState
    public let files: RunFiles
    let loss: Loss
    let trainable: TrainableParameters
    let threads: Int

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

    /// A trainer continuing from `state` (a fresh one from `TrainerState.initial`, or a checkpoint).
    public init(config: TrainingConfig, data: TrainingData, state: TrainerState) {
        self.config = config
        self.data = data
        self.state = state
        self.files = RunFiles(folder: config.output)
        let training = config.training
        loss = Loss(energyWeight: training.energyWeight, forceWeight: training.forceWeight,
                    stressWeight: training.stressWeight, energyLoss: training.energyLoss)
        trainable = TrainableParameters(state.parameters, widthsLearned: config.model.learnWidths)
        threads = training.threads ?? ProcessInfo.processInfo.activeProcessorCount
    }

    /// The batch is split into this many parts, each on its own tape (a thread each).
    /// At least two, so that one and two threads give identical numbers.
    var parts: Int { max(threads, 2) }

    /// Trains until `training.epochs` epochs are complete, early stopping triggers, or
    /// `shouldStop` returns true (checked after every batch; the state is then saved).
    public func run(shouldStop: () -> Bool = { false }, report: (Event) -> Void = { _ in }) throws -> Outcome {
        try FileManager.default.createDirectory(atPath: files.folder, withIntermediateDirectories: true)
        let batchSize = config.training.batchSize
        let batches = (data.train.count + batchSize - 1) / batchSize
        while state.epoch < config.training.epochs {
            if let patience = config.training.earlyStoppingPatience, state.epochsWithoutImprovement >= patience {
                return .stoppedEarly(epoch: state.epoch)
            }
            if state.order.isEmpty { state.order = state.generator.permutation(data.train.count) }
            while state.batchesDone < batches {
                let started = Date()
                let lower = state.batchesDone * batchSize
                let indices = Array(state.order[lower..<min(lower + batchSize, state.order.count)])
                let rate = state.schedule.learningRate(atStep: state.optimizer.step)
                let batchLoss = try step(indices, learningRate: rate)
                state.batchesDone += 1
                state.epochSeconds += Date().timeIntervalSince(started)
                report(.batch(epoch: state.epoch + 1, batch: state.batchesDone, batches: batches,
                              loss: batchLoss, learningRate: rate, epochSeconds: state.epochSeconds))
                if shouldStop() && (state.batchesDone < batches || state.epoch + 1 < config.training.epochs) {
                    try saveCheckpoint()
                    return .interrupted(epoch: state.epoch + 1, batch: state.batchesDone)
                }
            }
            let (record, isBest) = try finishEpoch()
            report(.epoch(record, isBest: isBest))
        }
        return .finished
    }

    /// One optimiser step on the training structures at `indices`; returns the batch loss.
    /// A loss or gradient that is not finite stops the run before it spoils the parameters.
    func step(_ indices: [Int], learningRate: Double) throws -> Double {
        var evaluation = LossEvaluation.evaluate(state.parameters, loss: loss, set: data.train, indices: indices,
                                                 parts: parts, threads: threads, gradientsOf: trainable)
        // The norm before clipping, computed once; clipping leaves non-finite gradients alone.
        let norm = config.training.clipGradientNorm.map { GradientClipping.clipGlobalNorm(&evaluation.gradients, maxNorm: $0) }
            ?? GradientClipping.globalNorm(evaluation.gradients)
        guard evaluation.loss.isFinite, norm.isFinite else {
            throw TrainingDivergedError(epoch: state.epoch + 1, batch: state.batchesDone + 1, loss: evaluation.loss)
        }
        var values = trainable.values(of: state.parameters)
        state.optimizer.update(&values, gradients: evaluation.gradients, learningRate: learningRate)
        state.parameters = trainable.replacing(values, in: state.parameters).projected(widths: config.model.widthPolicy)
        state.average?.update(with: trainable.values(of: state.parameters))
        state.trainLossSum += evaluation.loss * Double(indices.count)
        state.trainMetrics.merge(evaluation.metrics)
        return evaluation.loss
    }

    /// The parameters validation and export use: the weight average when enabled.
    public var exportedParameters: PotentialParameters {
        guard let average = state.average else { return state.parameters }
        return trainable.replacing(average.values, in: state.parameters).projected(widths: config.model.widthPolicy)
    }

    /// Validation, the epoch's record, the best potential, the checkpoint.
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
            try PotentialFile.write(candidate, to: files.potential)
        } else {
            state.epochsWithoutImprovement += 1
        }
        try MetricsLog.write(state.history, to: files.metrics)
        try MetricsLog.writeLearningCurve(state.history, to: files.learningCurve)
        try saveCheckpoint()
        return (record, isBest)
    }

    /// Loss and metrics of `parameters` on every structure of `set` (no gradients).
    public func evaluate(_ parameters: PotentialParameters, on set: LabelledSet) -> LossEvaluation {
        let chunk = 32
        return LossEvaluation.evaluate(parameters, loss: loss, set: set, indices: Array(0..<set.count),
                                       parts: (set.count + chunk - 1) / chunk, threads: threads, gradientsOf: nil)
    }

    func saveCheckpoint() throws {
        try Checkpoint.write(state, exported: exportedParameters, config: config, to: files.checkpoint)
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
