import Foundation

/// The learning rate against the optimiser step (METHOD.md section 7; `ScheduleConfig`).
///
/// With t the number of optimiser steps already taken (0 for the first step) and lr0 the run's
/// learning rate:
///
/// - constant: lr(t) = lr0.
/// - exponential: lr(t) = lr0 · r^(t / T), r = `decayRate`, T = `decaySteps`, with a
///   continuous exponent (no staircase).
/// - piecewise: stage k starts at S_k = steps_0 + … + steps_(k−1) and runs while
///   t < S_k + steps_k (the last stage forever); inside it lr(t) is the stage's own constant
///   or exponential rule from its own `learningRate`, with t − S_k in place of t. lr0 is not used.
/// - cosine: lr(t) = m + (lr0 − m)·(1 + cos(π·min(t, T)/T))/2 with m = `minimumLearningRate`
///   and T = `decaySteps`: a half cosine from lr0 down to m, then m (SGDR without restarts).
/// - plateau: lr(t) is the current rate, which starts at lr0 and changes only through
///   `recordEpoch(validationLoss:)` (PyTorch `ReduceLROnPlateau`, mode "min", threshold mode
///   "rel", cooldown 0, eps 1e-8).
///
/// Warm-up: when W = `warmupSteps` > 0 every kind is multiplied by min(1, (t + 1)/W), so the
/// first step uses lr/W and step W − 1 onwards the full rate.
public struct LearningRateSchedule: Equatable, Sendable {
    public let config: ScheduleConfig
    /// lr0, the rate of constant and exponential schedules and the plateau's starting rate.
    public let initialLearningRate: Double
    /// plateau: the rate before warm-up; for other kinds it stays lr0.
    public internal(set) var currentLearningRate: Double
    /// plateau: the lowest validation loss counted as an improvement; +∞ before the first epoch.
    public internal(set) var bestValidationLoss: Double
    /// plateau: epochs since the last improvement or reduction.
    public internal(set) var badEpochs: Int

    /// PyTorch's `ReduceLROnPlateau.eps`: a reduction smaller than this is not applied.
    public static let minimumReduction = 1e-8

    /// `config` must be valid (the config reader checks it) and in steps (`isResolved`): positive `decaySteps`, at least one
    /// piecewise stage, stages of kind constant or exponential, every stage but the last with
    /// `steps` ≥ 0, non-negative `warmupSteps` and `patience`.
    public init(_ config: ScheduleConfig, learningRate: Double) {
        Self.check(config)
        self.config = config
        self.initialLearningRate = learningRate
        self.currentLearningRate = learningRate
        self.bestValidationLoss = .infinity
        self.badEpochs = 0
    }

    /// The rate for the step taken after `t` steps (t ≥ 0).
    public func learningRate(atStep t: Int) -> Double {
        precondition(t >= 0, "LearningRateSchedule: negative step \(t)")
        let rate: Double
        switch config.kind {
        case .constant:
            rate = initialLearningRate
        case .exponential:
            rate = Self.exponential(initialLearningRate, decayRate: config.decayRate, decaySteps: config.decaySteps, t: t)
        case .piecewise:
            rate = piecewise(t)
        case .plateau:
            rate = currentLearningRate
        case .cosine:
            let progress = Double(min(t, config.decaySteps)) / Double(config.decaySteps)
            let floor = config.minimumLearningRate
            rate = floor + (initialLearningRate - floor) * (1 + cos(Double.pi * progress)) / 2
        }
        return rate * warmupFactor(t)
    }

    /// min(1, (t + 1)/W), or 1 without warm-up.
    public func warmupFactor(_ t: Int) -> Double {
        let w = config.warmupSteps
        return w > 0 && t + 1 < w ? Double(t + 1) / Double(w) : 1
    }

    /// plateau: after each epoch's validation. With θ = `threshold`, a loss L improves on the
    /// best b when L < b·(1 − θ); then b = L and the bad-epoch count resets, else it grows by
    /// one. When the count exceeds `patience` the rate becomes max(rate·factor, min rate)
    /// (unless that lowers it by less than 1e-8, as PyTorch) and the count resets. NaN losses
    /// count as bad epochs. Other kinds ignore the call.
    public mutating func recordEpoch(validationLoss: Double) {
        guard config.kind == .plateau else { return }
        if validationLoss < bestValidationLoss * (1 - config.threshold) {
            bestValidationLoss = validationLoss
            badEpochs = 0
        } else {
            badEpochs += 1
        }
        if badEpochs > config.patience {
            let reduced = max(currentLearningRate * config.factor, config.minimumLearningRate)
            if currentLearningRate - reduced > Self.minimumReduction { currentLearningRate = reduced }
            badEpochs = 0
        }
    }

    private func piecewise(_ t: Int) -> Double {
        var start = 0
        for (k, stage) in config.stages.enumerated() {
            let isLast = k == config.stages.count - 1
            if isLast || t < start + stage.steps! {
                let local = t - start
                switch stage.kind {
                case .exponential:
                    return Self.exponential(stage.learningRate, decayRate: stage.decayRate, decaySteps: stage.decaySteps, t: local)
                default:
                    return stage.learningRate
                }
            }
            start += stage.steps!
        }
        preconditionFailure("LearningRateSchedule: piecewise schedule without stages")
    }

    private static func exponential(_ rate: Double, decayRate: Double, decaySteps: Int, t: Int) -> Double {
        rate * pow(decayRate, Double(t) / Double(decaySteps))
    }

    private static func check(_ config: ScheduleConfig) {
        precondition(config.isResolved, "LearningRateSchedule: lengths in epochs not yet resolved into steps")
        precondition(config.warmupSteps >= 0, "LearningRateSchedule: negative warmup_steps")
        switch config.kind {
        case .constant:
            break
        case .exponential, .cosine:
            precondition(config.decaySteps > 0, "LearningRateSchedule: decay_steps must be positive")
        case .plateau:
            precondition(config.patience >= 0, "LearningRateSchedule: negative patience")
        case .piecewise:
            precondition(!config.stages.isEmpty, "LearningRateSchedule: piecewise schedule without stages")
            for (k, stage) in config.stages.enumerated() {
                precondition(stage.kind == .constant || stage.kind == .exponential,
                             "LearningRateSchedule: stage \(k) is \(stage.kind.rawValue); stages are constant or exponential")
                precondition(stage.kind != .exponential || stage.decaySteps > 0,
                             "LearningRateSchedule: stage \(k) decay_steps must be positive")
                if k < config.stages.count - 1 {
                    precondition((stage.steps ?? -1) >= 0, "LearningRateSchedule: stage \(k) needs steps ≥ 0")
                }
            }
        }
    }
}
