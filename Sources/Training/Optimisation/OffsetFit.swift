import Linalg

/// Per-species reference energies ("offsets") fitted to the training energies.
public enum OffsetFit {
    /// Singular values below this fraction of the largest are treated as zero (LAPACK's
    /// `rcond`). Far above rounding (≈1e-15 relative, what an exactly rank-deficient count
    /// matrix shows) and far below any genuine spread of compositions.
    public static let relativeSingularValueCutoff = 1e-10

    /// The e minimising Σ_s (E_s − Σ_k N_sk e_k)², with N = `counts` ([structures, species],
    /// atoms of species k in structure s) and E = `energies`, by `LeastSquares.minimumNorm` (SVD).
    ///
    /// When N has full column rank the minimiser is unique. When it does not (every structure
    /// has the same composition, as in an ethanol data set of C2H6O only, or a species never
    /// occurs), the minimisers form an affine family and this returns its minimum-norm member:
    /// the component of e along directions N cannot see is zero. For a single composition n
    /// that is e = (Ē / ‖n‖²)·n with Ē the mean energy, e.g. (2, 6, 1)·Ē/41 for C2H6O; a species
    /// absent from every structure gets 0.
    public static func leastSquares(counts: Matrix, energies: [Double]) throws -> [Double] {
        let m = counts.rows
        let n = counts.cols
        guard m > 0 else { throw OffsetFitError.noStructures }
        guard n > 0 else { throw OffsetFitError.noSpecies }
        guard energies.count == m else { throw OffsetFitError.countMismatch(structures: m, energies: energies.count) }
        if let bad = energies.firstIndex(where: { !$0.isFinite }) {
            throw OffsetFitError.nonFinite(what: "energy of structure \(bad)")
        }
        if let bad = counts.storage.firstIndex(where: { !$0.isFinite }) {
            throw OffsetFitError.nonFinite(what: "count at structure \(bad / n), species \(bad % n)")
        }
        do {
            return try LeastSquares.minimumNorm(counts, energies, relativeCutoff: relativeSingularValueCutoff)
        } catch let error as LeastSquaresError {
            throw OffsetFitError.lapack(info: error.info)
        }
    }
}

public enum OffsetFitError: Error, Equatable, CustomStringConvertible {
    case noStructures
    case noSpecies
    case countMismatch(structures: Int, energies: Int)
    case nonFinite(what: String)
    /// `dgelsd` reported `info` ≠ 0 (> 0: the SVD did not converge).
    case lapack(info: Int)

    public var description: String {
        switch self {
        case .noStructures: return "cannot fit species offsets: no training structures"
        case .noSpecies: return "cannot fit species offsets: no species"
        case let .countMismatch(structures, energies):
            return "cannot fit species offsets: \(structures) structures but \(energies) energies"
        case .nonFinite(let what): return "cannot fit species offsets: the \(what) is not finite"
        case .lapack(let info): return "cannot fit species offsets: LAPACK dgelsd failed (info \(info))"
        }
    }
}
