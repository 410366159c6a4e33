import CLinearAlgebra

/// Matrix products through CBLAS (`dgemm`, `dgemv`). With OpenBLAS behind `-lblas` they run
/// near the arithmetic limit of the core.
extension Matrix {
    /// op(A) · op(B), where op transposes when asked.
    ///
    /// Shapes: op(A) is [m, k], op(B) is [k, n], the result is [m, n].
    public static func product(_ a: Matrix, _ b: Matrix,
                               transposeA ta: Bool = false, transposeB tb: Bool = false) -> Matrix {
        let m = ta ? a.cols : a.rows
        let k = ta ? a.rows : a.cols
        let kb = tb ? b.cols : b.rows
        let n = tb ? b.rows : b.cols
        precondition(k == kb, "Matrix.product: inner sizes differ, op(A) \(Shape(m, k)) · op(B) \(Shape(kb, n))")
        // With beta = 0, dgemm writes C without reading it, so C need not be zeroed first
        // (unless k = 0, where nothing is written).
        var c = k == 0 ? Matrix(rows: m, cols: n) : Matrix(rows: m, cols: n) { _ in }
        c.accumulateProduct(a, b, transposeA: ta, transposeB: tb, alpha: 1, beta: 0)
        return c
    }

    /// self ← alpha · op(A) · op(B) + beta · self, in place (`dgemm`).
    public mutating func accumulateProduct(_ a: Matrix, _ b: Matrix,
                                           transposeA ta: Bool = false, transposeB tb: Bool = false,
                                           alpha: Double = 1, beta: Double = 1) {
        let m = ta ? a.cols : a.rows
        let k = ta ? a.rows : a.cols
        let n = tb ? b.rows : b.cols
        precondition(rows == m && cols == n && (tb ? b.cols : b.rows) == k,
                     "Matrix.accumulateProduct: shapes do not chain")
        if m == 0 || n == 0 { return }
        if k == 0 {
            if beta != 1 { for i in storage.indices { storage[i] *= beta } }
            return
        }
        let lda = max(a.cols, 1), ldb = max(b.cols, 1), ldc = max(cols, 1)
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                storage.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                                Int32(m), Int32(n), Int32(k), alpha,
                                pa.baseAddress, Int32(lda), pb.baseAddress, Int32(ldb),
                                beta, pc.baseAddress, Int32(ldc))
                }
            }
        }
    }

    /// op(A) · x for a vector `x` given as a flat array; returns a flat array (`dgemv`).
    public static func product(_ a: Matrix, vector x: [Double], transposeA ta: Bool = false) -> [Double] {
        let outCount = ta ? a.cols : a.rows
        let inCount = ta ? a.rows : a.cols
        precondition(x.count == inCount, "Matrix.product(vector:): \(x.count) values for \(inCount) columns")
        var y = [Double](repeating: 0, count: outCount)
        if outCount == 0 || inCount == 0 { return y }
        a.storage.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    cblas_dgemv(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, Int32(a.rows), Int32(a.cols),
                                1, pa.baseAddress, Int32(max(a.cols, 1)), px.baseAddress, 1,
                                0, py.baseAddress, 1)
                }
            }
        }
        return y
    }

    /// The transpose, [cols, rows].
    public var transposed: Matrix {
        var t = Matrix(rows: cols, cols: rows)
        let (r, c) = (rows, cols)
        storage.withUnsafeBufferPointer { src in
            t.storage.withUnsafeMutableBufferPointer { dst in
                // Blocked to keep both sides in cache on large matrices.
                let block = 32
                var r0 = 0
                while r0 < r {
                    var c0 = 0
                    while c0 < c {
                        for i in r0..<min(r0 + block, r) {
                            for j in c0..<min(c0 + block, c) { dst[j * r + i] = src[i * c + j] }
                        }
                        c0 += block
                    }
                    r0 += block
                }
            }
        }
        return t
    }
}
