import JSON
import Linalg

/// An exponential moving average of the parameters, used for validation and export.
///
/// The n-th update (n = 0, 1, ... counting the updates before it) uses the warm-up decay
///
///     d_n = min(decay, (1 + n) / (10 + n))
///
/// and sets avg ← d_n·avg + (1 − d_n)·p. The first updates (d_0 = 0.1, d_1 = 2/11, ...) weigh
/// the new parameters heavily, so the average soon forgets the random initial weights; later
/// d_n = `decay`. This is TensorFlow's `ExponentialMovingAverage` with `num_updates` = n;
/// torch_ema increments its counter before computing d, i.e. uses n + 1 (d = 2/11 first).
public struct ExponentialMovingAverage: Equatable, Sendable {
    public let decay: Double
    /// The averages, one matrix per parameter.
    public internal(set) var values: [Matrix]
    /// Updates so far (n of the next update).
    public internal(set) var updates: Int

    public init(_ initial: [Matrix], decay: Double) {
        precondition((0...1).contains(decay), "ExponentialMovingAverage: decay must lie in [0, 1], got \(decay)")
        self.decay = decay
        self.values = initial
        self.updates = 0
    }

    /// d_n for the next update.
    public var nextDecay: Double {
        Self.decay(decay, afterUpdates: updates)
    }

    /// min(decay, (1 + n)/(10 + n)).
    public static func decay(_ decay: Double, afterUpdates n: Int) -> Double {
        min(decay, Double(1 + n) / Double(10 + n))
    }

    public mutating func update(with parameters: [Matrix]) {
        precondition(parameters.map(\.shape) == values.map(\.shape),
                     "ExponentialMovingAverage.update: parameter shapes differ from the averages'")
        let d = nextDecay
        let oneMinusD = 1 - d
        for i in values.indices {
            parameters[i].storage.withUnsafeBufferPointer { p in
                values[i].storage.withUnsafeMutableBufferPointer { avg in
                    for k in 0..<avg.count { avg[k] = d * avg[k] + oneMinusD * p[k] }
                }
            }
        }
        updates += 1
    }
}

/// The average in a checkpoint: `{"updates": n, "values": [avg_1, avg_2, ...]}`, each average an
/// array of rows. `decay` comes from the run's config.
extension ExponentialMovingAverage {
    public var jsonValue: JSONValue {
        .object([("updates", .integer(updates)), ("values", CheckpointCoding.matrices(values))])
    }

    /// Restores the state written by `jsonValue`; the averages must have `shapes`.
    public init(json: JSONField, shapes: [Shape], decay: Double) throws {
        let updates = try json.member("updates").integer()
        let values = try CheckpointCoding.matrices(json.member("values"), shapes: shapes)
        self.init(values, decay: decay)
        self.updates = updates
    }
}
