/// Choosing the structures to compute next with DFT from a committee's force deviations
/// (docs/COMMITTEE.md, `latte-select`): the most uncertain frames whose max_i σ_F,i lies in
/// [lower, upper], spread over the trajectory.
///
/// Below `lower` the potential already knows the structure; above `upper` it is most likely
/// unphysical (atoms too close, a run that blew up), DeePMD-kit's trust levels. Frames next to
/// each other in a trajectory are nearly the same structure, so the choice is greedy with a
/// minimum separation: the most uncertain eligible frame is taken, the frames closer to it
/// than `separation` are set aside, and so on until `count` are chosen or none is left.
public struct CandidateSelection: Equatable, Sendable {
    /// The chosen frames (indices into the candidates), in trajectory order.
    public let chosen: [Int]
    /// Frames with σ_F below `lower`, inside [lower, upper], and above `upper`.
    public let below: Int, eligible: Int, above: Int

    /// - Parameters:
    ///   - deviations: max_i σ_F,i of each candidate frame, in trajectory order (eV/Å).
    ///   - separation: chosen frames are at least this many frames apart (1: any frames).
    public init(deviations: [Double], count: Int, lower: Double, upper: Double, separation: Int) {
        precondition(count >= 0 && separation >= 1 && lower <= upper, "CandidateSelection: invalid arguments")
        let inRange = deviations.indices.filter { deviations[$0] >= lower && deviations[$0] <= upper }
        below = deviations.filter { $0 < lower }.count
        above = deviations.filter { $0 > upper }.count
        eligible = inRange.count
        // Most uncertain first; equal deviations in trajectory order, so the choice is reproducible.
        let ranked = inRange.sorted { (-deviations[$0], $0) < (-deviations[$1], $1) }
        var chosen: [Int] = []
        for frame in ranked where chosen.count < count {
            if chosen.allSatisfy({ abs($0 - frame) >= separation }) { chosen.append(frame) }
        }
        self.chosen = chosen.sorted()
    }

    /// The default separation: candidates / (2 · count) frames, at least 1, so that `count`
    /// frames can be found spread over the whole trajectory.
    public static func defaultSeparation(candidates: Int, count: Int) -> Int {
        max(1, candidates / max(2 * count, 1))
    }
}
