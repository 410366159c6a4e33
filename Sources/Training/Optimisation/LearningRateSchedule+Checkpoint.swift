import JSON

/// The schedule's state in a checkpoint (only a plateau schedule has any that changes):
///
///     {"learning_rate": rate, "best_validation_loss": b or null, "bad_epochs": n}
///
/// `best_validation_loss` is null while it is +∞ (no epoch recorded yet). The config and lr0
/// are not stored: they come from the run's config.
extension LearningRateSchedule {
    public var jsonValue: JSONValue {
        .object([
            ("learning_rate", .number(currentLearningRate)),
            ("best_validation_loss", bestValidationLoss == .infinity ? .null : .number(bestValidationLoss)),
            ("bad_epochs", .integer(badEpochs)),
        ])
    }

    /// Restores the state written by `jsonValue` onto a schedule made from `config` and lr0.
    public init(json: JSONField, config: ScheduleConfig, learningRate: Double) throws {
        self.init(config, learningRate: learningRate)
        let rateField = try json.member("learning_rate")
        let rate = try rateField.number()
        guard rate >= 0 else { throw rateField.fail("expected a learning rate ≥ 0, found \(rate)") }
        let bestField = try json.member("best_validation_loss")
        let best = try bestField.value == .null ? Double.infinity : bestField.number()
        currentLearningRate = rate
        bestValidationLoss = best
        badEpochs = try json.member("bad_epochs").integer()
    }
}
