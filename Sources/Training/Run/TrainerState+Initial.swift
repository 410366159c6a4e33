import Latte
import Linalg

extension TrainerState {
    /// The state a new run starts from: a potential drawn from the seed (METHOD.md section 5)
    /// with its centres on the training data's distances (`ObservedDistances`), or `start` when
    /// fine-tuning (`FineTuning`), with offsets fitted by least squares on the
    /// training set, kept from `start`, or taken from the config; fresh optimiser and schedule,
    /// and the weight average starting at the initial weights.
    public static func initial(config: TrainingConfig, data: TrainingData, source: String,
                               start: PotentialParameters? = nil,
                               communicator: Communicator = SingleProcess()) throws -> TrainerState {
        let model = config.model
        var parameters: PotentialParameters
        if let start {
            parameters = start.projected(widths: model.widthPolicy)
        } else {
            let specification = PotentialSpecification(
                species: data.species, cutoff: model.cutoff, shape: try DescriptorShape(model.descriptor),
                hiddenLayers: model.hidden, activation: model.activation, speciesWeightMode: model.speciesWeights,
                widths: model.widthPolicy)
            parameters = try PotentialParameters.initial(for: specification, seed: config.training.seed)
            ObservedDistances.measured(data.train, speciesCount: data.species.count, mode: model.speciesWeights,
                                       communicator: communicator).confine(&parameters)
        }
        let offsets: [Double]
        switch model.offsets {
        case .fit:
            offsets = try start.map { try FineTuning.residualOffsets(of: $0, data: data, communicator: communicator) }
                ?? OffsetFit.leastSquares(counts: data.compositions(of: data.train), energies: data.train.energies)
        case .keep:
            offsets = parameters.networks.map(\.offset)
        case .given(let values):
            offsets = try data.species.map { symbol in
                guard let value = values[symbol] else {
                    throw TrainingSetupError(source: source, key: "model.offsets",
                                             problem: "no offset for species '\(symbol)' (the data holds \(data.species.joined(separator: ", ")))")
                }
                return value
            }
        }
        for s in parameters.networks.indices { parameters.networks[s].offset = offsets[s] }
        let trainable = TrainableParameters(parameters, widthsLearned: model.learnWidths)
        let values = trainable.values(of: parameters)
        let training = config.training
        return TrainerState(
            parameters: parameters,
            optimizer: Adam(shapes: values.map(\.shape), weightDecay: training.weightDecay,
                            decoupled: training.optimizer == .adamw),
            schedule: LearningRateSchedule(training.schedule, learningRate: training.learningRate),
            average: training.emaDecay.map { ExponentialMovingAverage(values, decay: $0) },
            generator: SeededGenerator(seed: training.seed))
    }
}
