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

    /// `evaluate` of the structures read from `file`, `batchSize` at a time (stresses for the
    /// batches with a periodic structure): memory stays that of one batch however long the
    /// file, and a species the committee (read from `potentialFile`) does not know is an
    /// `InputError` naming its frame.
    public func evaluate(_ structures: [Structure], readFrom file: String, potentialFile: String,
                         batchSize: Int) throws -> [CommitteePrediction] {
        var predictions: [CommitteePrediction] = []
        for start in stride(from: 0, to: structures.count, by: batchSize) {
            let batch = Array(structures[start..<min(start + batchSize, structures.count)])
            do {
                predictions += try evaluate(batch, stress: batch.contains { $0.isPeriodic })
            } catch let error as UnknownSpeciesError {
                throw InputError(file: file, frame: start + error.structure + 1,
                                 message: "species '\(error.symbol)' is not in \(potentialFile) (it knows \(error.known.joined(separator: ", ")))")
            }
        }
        return predictions
    }
}
