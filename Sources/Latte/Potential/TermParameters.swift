import Linalg

/// The trainable radial parameters of one descriptor term (METHOD.md section 2):
/// g_u(i,j) = σ_u(s_i, s_j) · f(r_ij; c_u(s_i), w_u(s_i)), f = max(0, 1 − y²)³ / c², y = (r − c)/w.
///
/// Columns are the term's U = n·m channels, body-major (u = k·n + q). Rows follow
/// `SpeciesWeightMode`: use `weightRow(centre:neighbour:speciesCount:)` and
/// `radialRow(centre:)` rather than computing row numbers by hand.
public struct TermParameters: Equatable, Sendable {
    /// σ: [S·S × U] in "specific" mode (row s_i·S + s_j), [S × U] in "common" mode (row s_j).
    public var speciesWeights: Matrix
    /// c (Å): [S × U] in "specific" mode (row s_i), [1 × U] in "common" mode.
    public var centers: Matrix
    /// w (Å): same shape as `centers`.
    public var widths: Matrix

    public init(speciesWeights: Matrix, centers: Matrix, widths: Matrix) {
        self.speciesWeights = speciesWeights
        self.centers = centers
        self.widths = widths
    }

    /// The number of channels U.
    public var channelCount: Int { centers.cols }
}
