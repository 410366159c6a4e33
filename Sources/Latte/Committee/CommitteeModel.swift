import Atomistic

/// A committee ready to evaluate: one `LatteModel` per member.
public struct CommitteeModel {
    public let committee: Committee
    public let members: [LatteModel]

    public init(_ committee: Committee) {
        self.committee = committee
        members = committee.members.map { LatteModel($0) }
    }

    /// Each member's predictions of `structures` combined into means and spreads
    /// (`LatteModel.evaluate(_:stress:threads:)` per member; numbers independent of `threads`).
    public func evaluate(_ structures: [Structure], stress: Bool = false, threads: Int = 1) throws -> [CommitteePrediction] {
        let predictions = try members.map { try $0.evaluate(structures, stress: stress, threads: threads) }  // [members][structures]
        return structures.indices.map { s in CommitteePrediction(members: predictions.map { $0[s] }) }
    }
}
