import CLinearAlgebra

/// Linear least squares by LAPACK's `dgelsd` (SVD).
public enum LeastSquares {
    /// The x minimising ‖A x − b‖₂ with the smallest ‖x‖₂, for A [m, n] (any rank) and b [m]:
    /// singular values below `relativeCutoff` times the largest count as zero (LAPACK's
    /// `rcond`), so directions A cannot see get no component. Throws `LeastSquaresError` when
    /// LAPACK reports a failure (the SVD did not converge).
    public static func minimumNorm(_ a: Matrix, _ b: [Double], relativeCutoff: Double) throws -> [Double] {
        let m = a.rows, n = a.cols
        precondition(b.count == m, "LeastSquares.minimumNorm: \(m) rows but \(b.count) right-hand sides")
        var matrix = a.storage
        var solution = b + Array(repeating: 0, count: max(0, n - m))  // [max(m, n)]: b in, x out
        var singularValues = [Double](repeating: 0, count: min(m, n))
        var rank: Int32 = 0
        let info = LAPACKE_dgelsd(LAPACK_ROW_MAJOR, Int32(m), Int32(n), 1, &matrix, Int32(n), &solution, 1,
                                  &singularValues, relativeCutoff, &rank)
        guard info == 0 else { throw LeastSquaresError(info: Int(info)) }
        return Array(solution[0..<n])
    }
}

/// `dgelsd` returned `info` ≠ 0 (> 0: the SVD did not converge).
public struct LeastSquaresError: Error, Equatable {
    public let info: Int
}
