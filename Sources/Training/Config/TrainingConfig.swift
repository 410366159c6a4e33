import Foundation
import Latte

/// A training run as the JSON config describes it (FORMATS.md section 2), after defaults are
/// filled in and paths resolved against the config file's folder. Every default is the value
/// given here; `docs/CONFIG.md` lists them for users. Read one with `TrainingConfig.load(path:)`.
public struct TrainingConfig: Equatable, Sendable {
    public var data = DataConfig()
    public var model = ModelConfig()
    public var training = OptimisationConfig()
    /// The run folder: `potential.json`, `checkpoint.json`, `metrics.csv` go here. A loaded
    /// config holds it resolved against the config file's folder (the default too).
    public var output = "runs/latte"
    /// Free text about the run (the config's `description`); not used by training.
    public var description: String?

    public init() {}
}

/// `data`: where the structures come from and under which keys their labels are.
public struct DataConfig: Equatable, Sendable {
    /// Training structures (extxyz; required). Loaded configs hold absolute paths for
    /// `train`, `validation` and `test`, each checked to be an existing file.
    public var train = ""
    /// Validation structures; when absent, `validationFraction` of `train` is held out.
    public var validation: String?
    /// The fraction of `train` drawn (with the run's seed) for validation when no file is given.
    public var validationFraction = 0.05
    /// Test structures, evaluated once at the end with the best model.
    public var test: String?
    /// Use only the first `trainLimit` frames of `train` (before the validation split).
    public var trainLimit: Int?
    /// Use only the first `testLimit` frames of `test`.
    public var testLimit: Int?
    public var energyKey = "energy"
    public var forcesKey = "forces"
    public var stressKey = "stress"
    public var virialKey = "virial"

    public init() {}
}

/// `model`: the potential to train (METHOD.md sections 1–5).
public struct ModelConfig: Equatable, Sendable {
    /// Species in index order; empty: the species of the training data, by atomic number.
    public var species: [String] = []
    public var cutoff = 5.0
    public var descriptor = "16,-:16,i,i:16,ij,ij:8,i,j,ij"
    /// [w_min, w_max] in Å, or one width [w] (see `widthPolicy`).
    public var widths = [0.5, 2.0]
    public var learnWidths = true
    public var speciesWeights = SpeciesWeightMode.specific
    public var hidden = [64, 64]
    public var activation = Activation.gaussian
    public var offsets = OffsetsConfig.fit
    /// Fine-tuning: a trained `potential.json` the run starts from instead of drawn parameters;
    /// it must have the shape this section describes (`FineTuning`). Absolute once loaded.
    public var initFrom: String?

    public init() {}

    /// Learned widths start Uniform(w_min, w_max) and stay in that range; fixed widths all equal
    /// the last value of `widths` (w_max, or the single width given).
    public var widthPolicy: WidthPolicy {
        learnWidths ? .learned(minimum: widths[0], maximum: widths[widths.count - 1]) : .fixed(widths[widths.count - 1])
    }
}

/// Per-species reference energies: fitted by least squares on the training set, or given (eV).
public enum OffsetsConfig: Equatable, Sendable {
    /// Least squares on the training energies; with `init_from`, on what the starting
    /// potential's networks leave unexplained.
    case fit
    case given([String: Double])
    /// With `init_from` only: the starting potential's own offsets.
    case keep
}

/// `training`: loss, optimiser, schedule and stopping (METHOD.md section 7).
public struct OptimisationConfig: Equatable, Sendable {
    public var epochs = 200
    public var batchSize = 8
    public var seed: UInt64 = 1
    public var energyWeight = 1.0
    public var forceWeight = 10.0
    /// Where the energy and force weights end (`Trainer.trainingLoss(atStep:)`): they move from
    /// `energyWeight` and `forceWeight` towards these as the learning rate falls, and
    /// validation uses them. nil: the weight stays.
    public var energyWeightFinal: Double?
    public var forceWeightFinal: Double?
    /// Weight of the stress term, used on structures that carry stress or virial.
    public var stressWeight = 0.0
    /// A factor on every loss term of the structures of a `config_type` (the extxyz key), by
    /// name; structures of a type not listed, or of none, count once (`Loss.configTypeWeights`).
    public var configTypeWeights: [String: Double] = [:]
    public var energyLoss = EnergyLoss.perAtom
    public var optimizer = OptimizerKind.adam
    public var learningRate = 0.005
    /// The batch size, in atoms, that `learningRate` and the schedule's rates are stated for;
    /// nil: they are used as given, and nil once resolved (`resolvingLearningRate`).
    public var learningRateBatchAtoms: Double?
    /// Weight decay λ: an L2 term in the gradient with `adam`, decoupled with `adamw`.
    public var weightDecay = 0.0
    public var schedule = ScheduleConfig()
    /// Scale gradients down when their global L2 norm exceeds this; nil: no clipping.
    public var clipGradientNorm: Double?
    /// Decay of an exponential moving average of the weights used for validation and export;
    /// nil: no average.
    public var emaDecay: Double?
    /// Stop after this many epochs without a better validation loss; nil: never.
    public var earlyStoppingPatience: Int?
    /// The parts every batch is split into (each on a tape of its own; the unit that processes
    /// and threads share out). With the data and the seed, it fixes a run's numbers: they do not
    /// depend on the number of processes or threads (FORMATS.md section 6, `PartPlan`).
    public var parts = 4
    /// Worker threads for the parts of a batch; nil: every core (divided among the processes
    /// running on the same machine).
    public var threads: Int?

    /// `threads`, or this machine's cores shared by the `processes` of the run on it.
    public func workerThreads(processesOnThisMachine processes: Int) -> Int {
        threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount / max(processes, 1))
    }

    /// A checkpoint is written at least this often (wall-clock seconds), inside epochs too, as
    /// well as at the end of every epoch. Does not change the numbers.
    public var checkpointSeconds = 300.0
    /// Members of a committee trained one after another (`CommitteeTraining`, docs/COMMITTEE.md);
    /// 1: a single potential.
    public var committee = 1

    public init() {}
}

public enum EnergyLoss: String, CaseIterable, Equatable, Sendable {
    /// ((Ê − E)/N)² per structure: the default.
    case perAtom = "per_atom"
    /// (Ê − E)² per structure.
    case perStructure = "per_structure"
}

public enum OptimizerKind: String, CaseIterable, Equatable, Sendable {
    case adam
    case adamw
}

/// `training.schedule`: the learning rate against the optimiser step t (METHOD.md section 7).
///
/// Lengths may be given in epochs (`decayEpochs`, `warmupEpochs`), so that a recipe means the
/// same on a data set of another size; `resolvingEpochs(stepsPerEpoch:)` turns them into steps
/// once the training set is known, and the schedule itself counts only steps.
public struct ScheduleConfig: Equatable, Sendable {
    public var kind = ScheduleKind.constant
    /// exponential: lr0 · decay_rate^(t / decay_steps). cosine: the steps of the half cosine.
    public var decayRate = 0.5
    public var decaySteps = 10_000
    /// exponential: `decaySteps` in epochs; cosine: the epochs of the half cosine (the whole
    /// run unless given). Nil once resolved into steps.
    public var decayEpochs: Double?
    /// piecewise: stages in order; each lasts `steps` optimiser steps (the last one forever).
    public var stages: [ScheduleStage] = []
    /// plateau: multiply the rate by `factor` after `patience` epochs without a validation
    /// loss below best · (1 − threshold); never below `minimumLearningRate`.
    public var factor = 0.5
    public var patience = 10
    public var threshold = 1e-4
    public var minimumLearningRate = 1e-6
    /// Linear warm-up from 0 over the first `warmupSteps` steps, multiplying any schedule.
    public var warmupSteps = 0
    /// `warmupSteps` in epochs; nil once resolved into steps.
    public var warmupEpochs: Double?

    public init() {}

    /// Whether every length is in steps, as `LearningRateSchedule` needs.
    public var isResolved: Bool { decayEpochs == nil && warmupEpochs == nil }

    /// The schedule with lengths given in epochs turned into steps: round(epochs · steps per
    /// epoch), at least 1 for a decay.
    public func resolvingEpochs(stepsPerEpoch: Int) -> ScheduleConfig {
        var resolved = self
        if let epochs = decayEpochs {
            resolved.decaySteps = max(1, Int((epochs * Double(stepsPerEpoch)).rounded()))
            resolved.decayEpochs = nil
        }
        if let epochs = warmupEpochs {
            resolved.warmupSteps = Int((epochs * Double(stepsPerEpoch)).rounded())
            resolved.warmupEpochs = nil
        }
        return resolved
    }
}

public enum ScheduleKind: String, CaseIterable, Equatable, Sendable {
    case constant
    case exponential
    case piecewise
    case plateau
    case cosine
}

/// One stage of a piecewise schedule: constant or exponential from its own initial rate; t
/// counts from the stage's start.
public struct ScheduleStage: Equatable, Sendable {
    public var steps: Int?
    public var kind = ScheduleKind.constant
    public var learningRate = 0.005
    public var decayRate = 0.5
    public var decaySteps = 10_000

    public init() {}
}
