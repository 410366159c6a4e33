import Foundation

extension OptimisationConfig {
    /// The mean number of atoms in a batch of `batchSize` structures drawn from a training set
    /// of `structures` structures holding `atoms` atoms.
    public func atomsPerBatch(structures: Int, atoms: Int) -> Double {
        Double(min(batchSize, structures)) * Double(atoms) / Double(structures)
    }

    /// The optimisation with its rates stated for batches of `learningRateBatchAtoms` atoms
    /// turned into the rates for batches of `atomsPerBatch` atoms: `learningRate`, every stage's
    /// rate and the schedule's floor are multiplied by √(atomsPerBatch / learningRateBatchAtoms),
    /// and how (`scaling`, for the start-up report).
    ///
    /// This is the square-root rule for Adam (Malladi et al., NeurIPS 2022): a batch κ times
    /// larger has 1/κ of the gradient's noise variance, and the same trajectory per epoch needs
    /// the rate √κ times larger. A recipe stated this way carries from molecules of 9 atoms to
    /// cells of 64 without retuning its rate (docs/ACCURACY.md). Without
    /// `learningRateBatchAtoms` the rates are kept and `scaling` is nil; the result has it nil
    /// either way.
    public func resolvingLearningRate(atomsPerBatch: Double) -> (resolved: OptimisationConfig, scaling: LearningRateScaling?) {
        var resolved = self
        guard let reference = learningRateBatchAtoms else { return (resolved, nil) }
        let scaling = LearningRateScaling(statedRate: learningRate, statedBatchAtoms: reference, atomsPerBatch: atomsPerBatch)
        resolved.learningRate *= scaling.factor
        resolved.schedule.minimumLearningRate *= scaling.factor
        for k in resolved.schedule.stages.indices { resolved.schedule.stages[k].learningRate *= scaling.factor }
        resolved.learningRateBatchAtoms = nil
        return (resolved, scaling)
    }
}

/// How a run's rates were scaled from the batch size they are stated for
/// (`OptimisationConfig.resolvingLearningRate`), for the start-up report.
public struct LearningRateScaling: Equatable, Sendable {
    /// `learning_rate` as the config states it.
    public let statedRate: Double
    /// `learning_rate_batch_atoms`.
    public let statedBatchAtoms: Double
    /// The run's mean atoms per batch.
    public let atomsPerBatch: Double

    public init(statedRate: Double, statedBatchAtoms: Double, atomsPerBatch: Double) {
        self.statedRate = statedRate
        self.statedBatchAtoms = statedBatchAtoms
        self.atomsPerBatch = atomsPerBatch
    }

    /// √(atoms per batch / stated batch atoms).
    public var factor: Double { (atomsPerBatch / statedBatchAtoms).squareRoot() }
}
