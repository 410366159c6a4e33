import Foundation
import JSON
import Testing
import Training

@Suite struct LearningRateScheduleTests {
    static func config(_ kind: ScheduleKind, warmup: Int = 0) -> ScheduleConfig {
        var config = ScheduleConfig()
        config.kind = kind
        config.warmupSteps = warmup
        return config
    }

    static func stage(_ kind: ScheduleKind, _ rate: Double, steps: Int?, decayRate: Double = 0.5, decaySteps: Int = 10) -> ScheduleStage {
        var stage = ScheduleStage()
        stage.kind = kind
        stage.learningRate = rate
        stage.steps = steps
        stage.decayRate = decayRate
        stage.decaySteps = decaySteps
        return stage
    }

    @Test func constantIsTheInitialRate() {
        let schedule = LearningRateSchedule(Self.config(.constant), learningRate: 0.003)
        #expect([0, 1, 10_000, 1_000_000].map(schedule.learningRate(atStep:)) == [0.003, 0.003, 0.003, 0.003])
    }

    @Test func exponentialDecaysContinuously() {
        var config = Self.config(.exponential)
        config.decayRate = 0.5
        config.decaySteps = 100
        let schedule = LearningRateSchedule(config, learningRate: 0.01)
        #expect(schedule.learningRate(atStep: 0) == 0.01)
        #expect(schedule.learningRate(atStep: 100) == 0.005)
        #expect(schedule.learningRate(atStep: 300) == 0.00125)
        #expect(isClose(schedule.learningRate(atStep: 50), 0.01 / 2.0.squareRoot()))
        #expect(isClose(schedule.learningRate(atStep: 1), 0.01 * exp(-log(2) / 100)))
    }

    @Test func cosineFallsAsAHalfCosineToItsFloorAndStaysThere() {
        var config = Self.config(.cosine)
        config.decaySteps = 100
        config.minimumLearningRate = 0.001
        let schedule = LearningRateSchedule(config, learningRate: 0.011)
        #expect(schedule.learningRate(atStep: 0) == 0.011)
        #expect(isClose(schedule.learningRate(atStep: 50), 0.006))
        #expect(isClose(schedule.learningRate(atStep: 25), 0.001 + 0.01 * (1 + cos(Double.pi / 4)) / 2))
        #expect(isClose(schedule.learningRate(atStep: 100), 0.001))
        #expect(schedule.learningRate(atStep: 100_000) == schedule.learningRate(atStep: 100))
        let rates = (0...100).map(schedule.learningRate(atStep:))
        #expect(zip(rates, rates.dropFirst()).allSatisfy { $0 > $1 })
    }

    @Test func piecewiseRunsStagesFromTheirOwnStart() {
        var config = Self.config(.piecewise)
        config.stages = [
            Self.stage(.constant, 0.01, steps: 10),
            Self.stage(.exponential, 0.005, steps: 20, decayRate: 0.1, decaySteps: 10),
            Self.stage(.constant, 0.001, steps: 5),
        ]
        let schedule = LearningRateSchedule(config, learningRate: 99)
        let expected: [(Int, Double)] = [
            (0, 0.01), (9, 0.01),
            (10, 0.005), (20, 0.0005), (25, 0.005 * pow(0.1, 1.5)), (29, 0.005 * pow(0.1, 1.9)),
            (30, 0.001), (35, 0.001), (1_000_000, 0.001),
        ]
        for (t, rate) in expected {
            #expect(isClose(schedule.learningRate(atStep: t), rate), "step \(t)")
        }
    }

    @Test func piecewiseWithAZeroLengthStageSkipsIt() {
        var config = Self.config(.piecewise)
        config.stages = [Self.stage(.constant, 0.01, steps: 0), Self.stage(.exponential, 0.002, steps: nil)]
        let schedule = LearningRateSchedule(config, learningRate: 99)
        #expect(schedule.learningRate(atStep: 0) == 0.002)
        #expect(schedule.learningRate(atStep: 10) == 0.001)
    }

    @Test func warmupMultipliesEveryKind() {
        let constant = LearningRateSchedule(Self.config(.constant, warmup: 4), learningRate: 0.01)
        #expect([0, 1, 2, 3, 4, 100].map(constant.learningRate(atStep:)) == [0.0025, 0.005, 0.0075, 0.01, 0.01, 0.01])

        var config = Self.config(.exponential, warmup: 10)
        config.decayRate = 0.5
        config.decaySteps = 4
        let exponential = LearningRateSchedule(config, learningRate: 0.08)
        #expect(isClose(exponential.learningRate(atStep: 3), 0.08 * pow(0.5, 0.75) * 0.4))
        #expect(isClose(exponential.learningRate(atStep: 12), 0.08 * 0.125))

        var piecewise = Self.config(.piecewise, warmup: 2)
        piecewise.stages = [Self.stage(.constant, 0.4, steps: 1), Self.stage(.constant, 0.2, steps: nil)]
        let pieces = LearningRateSchedule(piecewise, learningRate: 99)
        #expect([0, 1, 2].map(pieces.learningRate(atStep:)) == [0.2, 0.2, 0.2])

        var plateau = LearningRateSchedule(Self.config(.plateau, warmup: 5), learningRate: 0.1)
        #expect(isClose(plateau.learningRate(atStep: 0), 0.02))
        plateau.recordEpoch(validationLoss: 1)
        #expect(isClose(plateau.learningRate(atStep: 1), 0.04))
    }

    static func plateauConfig() -> ScheduleConfig {
        var config = Self.config(.plateau)
        config.patience = 2
        config.factor = 0.5
        config.threshold = 0.1
        config.minimumLearningRate = 0.03
        return config
    }

    @Test func plateauReducesAfterPatiencePlusOneBadEpochs() {
        var schedule = LearningRateSchedule(Self.plateauConfig(), learningRate: 0.1)
        #expect(schedule.bestValidationLoss == .infinity)
        schedule.recordEpoch(validationLoss: 1.0)
        #expect(schedule.bestValidationLoss == 1.0 && schedule.badEpochs == 0)
        // 0.95 is lower but not below 1.0·(1 − 0.1): bad epochs, the best stays.
        for bad in 1...2 {
            schedule.recordEpoch(validationLoss: 0.95)
            #expect(schedule.badEpochs == bad)
            #expect(schedule.learningRate(atStep: 7) == 0.1)
        }
        #expect(schedule.bestValidationLoss == 1.0)
        schedule.recordEpoch(validationLoss: 0.95)
        #expect(schedule.learningRate(atStep: 7) == 0.05)
        #expect(schedule.badEpochs == 0)

        // Below the threshold counts as better and resets the count.
        schedule.recordEpoch(validationLoss: 3)
        schedule.recordEpoch(validationLoss: 0.89)
        #expect(schedule.bestValidationLoss == 0.89 && schedule.badEpochs == 0)

        // 0.05·0.5 is below the minimum 0.03: clamped; then no further change.
        for _ in 0..<3 { schedule.recordEpoch(validationLoss: 1) }
        #expect(schedule.learningRate(atStep: 0) == 0.03)
        for _ in 0..<3 { schedule.recordEpoch(validationLoss: 1) }
        #expect(schedule.learningRate(atStep: 0) == 0.03)
        #expect(schedule.badEpochs == 0)

        // NaN never improves.
        schedule.recordEpoch(validationLoss: .nan)
        #expect(schedule.badEpochs == 1 && schedule.bestValidationLoss == 0.89)
    }

    @Test func plateauIgnoresReductionsBelowPyTorchsEpsilon() {
        var config = Self.plateauConfig()
        config.patience = 0
        config.minimumLearningRate = 1e-6
        var schedule = LearningRateSchedule(config, learningRate: 1.005e-6)
        schedule.recordEpoch(validationLoss: 1)
        schedule.recordEpoch(validationLoss: 1)
        #expect(schedule.learningRate(atStep: 0) == 1.005e-6)
        #expect(schedule.badEpochs == 0)
    }

    @Test func recordEpochIsANoOpForOtherKinds() {
        for kind in [ScheduleKind.constant, .exponential] {
            var schedule = LearningRateSchedule(Self.config(kind), learningRate: 0.01)
            let before = schedule
            for _ in 0..<30 { schedule.recordEpoch(validationLoss: 1) }
            #expect(schedule == before)
        }
    }

    @Test func checkpointRoundTripIsBitIdentical() throws {
        let config = Self.plateauConfig()
        var schedule = LearningRateSchedule(config, learningRate: 0.1 + 0.2)
        let fresh = try LearningRateSchedule(json: throughText(schedule.jsonValue), config: config, learningRate: 0.1 + 0.2)
        #expect(fresh == schedule)
        #expect(fresh.bestValidationLoss == .infinity)

        for loss: Double in [0.7, 1.0 / 3, 0.5, 0.5, 0.5, 0.4] { schedule.recordEpoch(validationLoss: loss) }
        schedule.recordEpoch(validationLoss: 0.4)
        let decoded = try LearningRateSchedule(json: throughText(schedule.jsonValue), config: config, learningRate: 0.1 + 0.2)
        #expect(decoded.currentLearningRate.bitPattern == ((0.1 + 0.2) * 0.5).bitPattern)
        #expect(decoded.bestValidationLoss.bitPattern == (1.0 / 3).bitPattern)
        #expect(decoded.badEpochs == schedule.badEpochs && decoded.badEpochs == 2)
        #expect(decoded == schedule)
    }

    @Test func checkpointErrorsNameTheField() {
        let good = LearningRateSchedule(Self.plateauConfig(), learningRate: 0.1).jsonValue
        func field(_ value: JSONValue) -> String? {
            do {
                _ = try LearningRateSchedule(json: JSONField(value: value, path: "schedule", file: "c.json"),
                                             config: Self.plateauConfig(), learningRate: 0.1)
                return nil
            } catch {
                return (error as? JSONFileError)?.field
            }
        }
        #expect(field(good) == nil)
        #expect(field(replacing(good, at: ["bad_epochs"], with: .number(0.5))) == "schedule.bad_epochs")
        #expect(field(replacing(good, at: ["learning_rate"], with: .string("fast"))) == "schedule.learning_rate")
        #expect(field(replacing(good, at: ["learning_rate"], with: .number(-1))) == "schedule.learning_rate")
        #expect(field(replacing(good, at: ["best_validation_loss"], with: .bool(true))) == "schedule.best_validation_loss")
        #expect(field(.object([])) == "schedule.learning_rate")
    }
}
