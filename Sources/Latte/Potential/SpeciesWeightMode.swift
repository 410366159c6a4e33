/// How species weights σ and the radial centres c and widths w depend on species
/// (METHOD.md section 2, FORMATS.md section 3). With S species and U channels in a term:
///
/// | mode       | σ                    | c, w            | `weights` in the file | `centers`, `widths` |
/// |------------|----------------------|-----------------|-----------------------|---------------------|
/// | `specific` | σ_u(s_i, s_j)        | c_u(s_i), w_u(s_i) | [S][S][U]          | [S][U]              |
/// | `common`   | σ_u(s_j)             | shared by all s_i  | [S][U]             | [1][U]              |
///
/// In memory (`TermParameters`) the weights are one matrix with a row per (centre, neighbour)
/// pair in "specific" mode (row s_i·S + s_j) and a row per neighbour species in "common" mode
/// (row s_j); centres and widths have a row per centre species, or a single shared row.
public enum SpeciesWeightMode: String, CaseIterable, Sendable {
    case specific
    case common

    /// Rows of a term's species-weight matrix for `speciesCount` species.
    @inlinable
    public func weightRowCount(speciesCount: Int) -> Int {
        self == .specific ? speciesCount * speciesCount : speciesCount
    }

    /// The species-weight row for centre species `centre` and neighbour species `neighbour`.
    @inlinable
    public func weightRow(centre: Int, neighbour: Int, speciesCount: Int) -> Int {
        self == .specific ? centre * speciesCount + neighbour : neighbour
    }

    /// Rows of a term's centre and width matrices for `speciesCount` species.
    @inlinable
    public func radialRowCount(speciesCount: Int) -> Int {
        self == .specific ? speciesCount : 1
    }

    /// The centre/width row used for centre species `centre`.
    @inlinable
    public func radialRow(centre: Int) -> Int {
        self == .specific ? centre : 0
    }
}
