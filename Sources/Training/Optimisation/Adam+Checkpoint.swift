import JSON
import Linalg

/// Adam's state in a checkpoint:
///
///     {"step": t, "first_moments": [m_1, m_2, ...], "second_moments": [v_1, ...]}
///
/// with each moment an array of rows. The hyperparameters (β1, β2, ε, λ) are not stored: they
/// come from the run's config, as when the optimiser was first made.
extension Adam {
    public var jsonValue: JSONValue {
        .object([
            ("step", .integer(step)),
            ("first_moments", CheckpointCoding.matrices(firstMoments)),
            ("second_moments", CheckpointCoding.matrices(secondMoments)),
        ])
    }

    /// Restores the state written by `jsonValue`; the moments must have `shapes`, the shapes of
    /// the parameters being trained. Errors name the field (`optimizer.first_moments[2][0]`).
    public init(json: JSONField, shapes: [Shape], beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, weightDecay: Double = 0, decoupled: Bool = true) throws {
        let step = try json.member("step").integer()
        let first = try CheckpointCoding.matrices(json.member("first_moments"), shapes: shapes)
        let secondField = try json.member("second_moments")
        let second = try CheckpointCoding.matrices(secondField, shapes: shapes)
        if let negative = second.firstIndex(where: { $0.storage.contains { $0 < 0 } }) {
            throw try secondField.array()[negative].fail("second moments must not be negative")
        }
        self.init(beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay, decoupled: decoupled,
                  step: step, firstMoments: first, secondMoments: second)
    }
}
