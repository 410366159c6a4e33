import Latte
import Linalg

/// Everything a run needs to continue exactly where it stopped: what `checkpoint.json` holds.
/// Between epochs `order` is empty; an interrupted epoch keeps its order, the batches done and
/// its running sums, so a resumed run finishes it with the same numbers.
public struct TrainerState: Sendable {
    /// The current parameters (not the averaged ones).
    public var parameters: PotentialParameters
    public var optimizer: Adam
    public var schedule: LearningRateSchedule
    public var average: ExponentialMovingAverage?
    /// Draws each epoch's order of the training structures.
    public var generator: SeededGenerator
    /// Epochs completed.
    public var epoch = 0
    /// The epoch in progress: its order of training structures, the batches done, and the
    /// running loss (Σ batch loss · batch size), metrics and seconds.
    public var order: [Int] = []
    public var batchesDone = 0
    public var trainLossSum = 0.0
    public var trainMetrics = ErrorMetrics()
    public var epochSeconds = 0.0
    /// Model selection and early stopping.
    public var bestValidationLoss = Double.infinity
    public var bestEpoch = 0
    public var epochsWithoutImprovement = 0
    /// One row per completed epoch (what `metrics.csv` shows).
    public var history: [EpochRecord] = []

    public init(parameters: PotentialParameters, optimizer: Adam, schedule: LearningRateSchedule,
                average: ExponentialMovingAverage?, generator: SeededGenerator) {
        self.parameters = parameters
        self.optimizer = optimizer
        self.schedule = schedule
        self.average = average
        self.generator = generator
    }
}

/// One epoch's row of `metrics.csv`. Losses are the weighted loss of METHOD.md section 7;
/// errors in eV/atom and eV/Å (the file shows meV).
public struct EpochRecord: Equatable, Sendable {
    public var epoch: Int
    public var learningRate: Double
    public var trainLoss: Double
    public var validationLoss: Double
    public var train: ErrorMetrics
    public var validation: ErrorMetrics
    public var seconds: Double

    public init(epoch: Int, learningRate: Double, trainLoss: Double, validationLoss: Double,
                train: ErrorMetrics, validation: ErrorMetrics, seconds: Double) {
        self.epoch = epoch
        self.learningRate = learningRate
        self.trainLoss = trainLoss
        self.validationLoss = validationLoss
        self.train = train
        self.validation = validation
        self.seconds = seconds
    }

    /// Equal in everything but the wall-clock seconds (what a resumed run must reproduce).
    public func sameMetrics(as other: EpochRecord) -> Bool {
        var copy = other
        copy.seconds = seconds
        return self == copy
    }
}
