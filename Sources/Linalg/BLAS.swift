import CLinearAlgebra

/// Row-major `dgemm` on raw buffers, for kernels that keep their own preallocated workspaces
/// (no `Matrix` values, so no allocation per product).
public enum BLAS {
    /// C ← alpha · op(A) · op(B) + beta · C, row-major; op(A) is [m, k], op(B) [k, n], C [m, n]
    /// with leading dimensions (row lengths in memory) lda, ldb, ldc.
    @inlinable
    public static func gemm(transposeA ta: Bool = false, transposeB tb: Bool = false, m: Int, n: Int, k: Int,
                            alpha: Double = 1, a: UnsafePointer<Double>, lda: Int,
                            b: UnsafePointer<Double>, ldb: Int,
                            beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int) {
        guard m > 0 && n > 0 && k > 0 else {
            if m > 0 && n > 0 && beta != 1 {
                for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
            }
            return
        }
        cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
