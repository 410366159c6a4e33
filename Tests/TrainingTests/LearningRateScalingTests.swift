import Foundation
import Latte
import Testing
import Training

/// `training.learning_rate_batch_atoms`: rates stated for a batch size in atoms, scaled by the
/// square root of the data's atoms per batch over it.
struct LearningRateScalingTests {
    @Test func everyRateOfTheScheduleScalesByTheSquareRootOfTheAtomRatio() throws {
        let config = try ConfigFixture.decode(ConfigFixture.config(training: """
            "learning_rate": 0.01, "learning_rate_batch_atoms": 72,
            "schedule": {"type": "piecewise", "stages": [{"steps": 10, "learning_rate": 0.02}, {"learning_rate": 0.001}]}
            """))
        #expect(config.training.learningRateBatchAtoms == 72)
        let resolved = config.training.resolvingLearningRate(atomsPerBatch: 288).resolved
        #expect(resolved.learningRate == 0.02)
        #expect(resolved.schedule.stages.map(\.learningRate) == [0.04, 0.002])
        #expect(resolved.learningRateBatchAtoms == nil)
        // Resolving again changes nothing: the scaling is applied once.
        #expect(resolved.resolvingLearningRate(atomsPerBatch: 10).resolved == resolved)

        let cosine = try ConfigFixture.decode(ConfigFixture.config(training: """
            "learning_rate": 0.03, "learning_rate_batch_atoms": 500,
            "schedule": {"type": "cosine", "min_learning_rate": 1e-4}
            """)).training.resolvingLearningRate(atomsPerBatch: 125).resolved
        #expect(abs(cosine.learningRate - 0.015) < 1e-17 && abs(cosine.schedule.minimumLearningRate - 5e-5) < 1e-20)
    }

    @Test func ratesStatedForTheDataOwnBatchOrNotAtAllStayBitForBit() throws {
        let stated = try ConfigFixture.decode(ConfigFixture.config(training: #""learning_rate": 0.0123, "learning_rate_batch_atoms": 72"#))
        #expect(stated.training.resolvingLearningRate(atomsPerBatch: 72).resolved.learningRate == 0.0123)
        let plain = try ConfigFixture.decode(ConfigFixture.config(training: #""learning_rate": 0.0123"#))
        #expect(plain.training.learningRateBatchAtoms == nil)
        #expect(plain.training.resolvingLearningRate(atomsPerBatch: 500).resolved == plain.training)
    }

    @Test func atomsPerBatchIsTheBatchSizeTimesTheMeanStructure() {
        var training = OptimisationConfig()
        training.batchSize = 8
        #expect(training.atomsPerBatch(structures: 950, atoms: 8550) == 72)
        // A batch never holds more structures than the set.
        #expect(training.atomsPerBatch(structures: 4, atoms: 10) == 10)
    }

    /// A run prepared from a config file takes the scaled rate from its first step on, and says
    /// how it was scaled.
    @Test func aPreparedRunTrainsAtTheScaledRate() throws {
        let folder = FineTuningTests.folder("rate")
        let tial = FineTuningTests.tial.appendingPathComponent("train.xyz").path
        let path = try FineTuningTests.config(train: tial, training: #""epochs": 1, "learning_rate": 0.01, "learning_rate_batch_atoms": 72"#,
                                              in: folder)
        let session = try TrainingSession.prepare(configPath: path)
        let train = session.data.train
        let atomsPerBatch = 4 * Double(train.atomCount) / Double(train.count)
        let scaling = try #require(session.learningRateScaling)
        #expect(scaling == LearningRateScaling(statedRate: 0.01, statedBatchAtoms: 72, atomsPerBatch: atomsPerBatch))
        #expect(session.config.training.learningRate == 0.01 * (atomsPerBatch / 72).squareRoot())
        #expect(session.config.training.learningRate < 0.006, "Ti–Al cells hold about 5.5 atoms: \(atomsPerBatch) per batch")
        let trainer = try session.trainer(resume: false)
        #expect(trainer.state.schedule.learningRate(atStep: 0) == session.config.training.learningRate)

        let unscaled = try TrainingSession.prepare(configPath: try FineTuningTests.config(
            train: tial, training: #""epochs": 1, "learning_rate": 0.01"#, in: folder))
        #expect(unscaled.learningRateScaling == nil && unscaled.config.training.learningRate == 0.01)
    }
}
