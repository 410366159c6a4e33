import Latte

/// Predictions that are not finite numbers (a potential whose weights overflow, or one trained
/// until it diverged): `latte-eval` refuses them in one line naming the frames (1-based) rather
/// than printing metrics of "n/a" and succeeding.
struct NonFinitePredictions: Error, CustomStringConvertible {
    /// The frames (1-based) with a non-finite energy, force, stress or virial.
    let frames: [Int]
    let total: Int
    let data: String
    let model: String

    /// At most this many frame numbers are listed.
    static let listed = 20

    /// Throws when any prediction holds a number that is not finite.
    static func check(_ predictions: [PotentialPrediction], data: String, model: String) throws {
        let bad = predictions.indices.filter { !isFinite(predictions[$0]) }.map { $0 + 1 }
        guard bad.isEmpty else { throw NonFinitePredictions(frames: bad, total: predictions.count, data: data, model: model) }
    }

    static func isFinite(_ p: PotentialPrediction) -> Bool {
        p.energy.isFinite && p.forces.allSatisfy { $0.x.isFinite && $0.y.isFinite && $0.z.isFinite }
            && (p.stress ?? []).allSatisfy(\.isFinite) && (p.virial ?? []).allSatisfy(\.isFinite)
    }

    var description: String {
        let shown = frames.prefix(Self.listed).map(String.init).joined(separator: ", ")
        let more = frames.count > Self.listed ? ", …" : ""
        return "non-finite predictions for \(frames.count) of \(total) frames: \(shown)\(more) (\(data), with \(model))"
    }
}
