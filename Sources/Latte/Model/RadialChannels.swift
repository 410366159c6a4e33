import Autodiff
import Linalg

/// Radial channels of one term for every pair (METHOD.md section 2):
///
///     y = (r − c) / w,   t = max(0, 1 − y²),   g_u(i,j) = σ_u(s_i, s_j) · t³ / c²
///
/// with c, w those of the centre's species ("specific" mode) or shared ("common" mode).
/// t³ has continuous first and second derivatives at |y| = 1, so the max's kink never shows.
/// The channel and all its derivatives are fused operations (`RadialChannelOperation`).
enum RadialChannels {
    /// Row indices of each pair into a term's weight and centre/width matrices.
    struct PairRows {
        let weightRows: [Int]  // [pairs]
        let radialRows: [Int]  // [pairs]

        init(_ batch: BatchGeometry, mode: SpeciesWeightMode, speciesCount: Int) {
            let centres = batch.pairCentreSpecies, neighbours = batch.pairNeighbourSpecies
            weightRows = zip(centres, neighbours).map {
                mode.weightRow(centre: $0, neighbour: $1, speciesCount: speciesCount)
            }
            radialRows = centres.map(mode.radialRow(centre:))
        }
    }

    /// g for every pair and the channels `channels` of a term (one body's).  // [pairs, u]
    static func values(distances r: Variable,  // [pairs, 1]
                       term: ParameterVariables.Term, channels: Range<Int>, rows: PairRows) -> Variable {
        RadialChannelOperation(channels: channels, rows: rows)
            .pairs(.channel, r: r, sigma: term.weights, c: term.centers, w: term.widths)
    }
}
