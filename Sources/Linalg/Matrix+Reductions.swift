/// Sums over all elements, over rows (one value per column) and over columns (one per row).
extension Matrix {
    /// Σ of all elements.
    @inlinable
    public func sum() -> Double {
        storage.withUnsafeBufferPointer { p in
            // Four accumulators break the dependency chain so the loop vectorises.
            var (s0, s1, s2, s3) = (0.0, 0.0, 0.0, 0.0)
            var i = 0
            while i + 4 <= p.count {
                s0 += p[i]; s1 += p[i + 1]; s2 += p[i + 2]; s3 += p[i + 3]
                i += 4
            }
            while i < p.count { s0 += p[i]; i += 1 }
            return (s0 + s1) + (s2 + s3)
        }
    }

    /// Column sums: Σ_r self[r, c], shape [1, cols].
    public func sumOverRows() -> Matrix {
        var out = Matrix(rows: 1, cols: cols)
        storage.withUnsafeBufferPointer { src in
            out.storage.withUnsafeMutableBufferPointer { dst in
                for r in 0..<rows {
                    let o = r * cols
                    for c in 0..<cols { dst[c] += src[o + c] }
                }
            }
        }
        return out
    }

    /// Row sums: Σ_c self[r, c], shape [rows, 1].
    public func sumOverColumns() -> Matrix {
        var out = Matrix(rows: rows, cols: 1)
        storage.withUnsafeBufferPointer { src in
            out.storage.withUnsafeMutableBufferPointer { dst in
                for r in 0..<rows {
                    var s = 0.0
                    let o = r * cols
                    for c in 0..<cols { s += src[o + c] }
                    dst[r] = s
                }
            }
        }
        return out
    }

    /// Sums `self` down to `target`, the inverse of broadcasting `target` up to `self.shape`.
    public func summed(to target: Shape) -> Matrix {
        if shape == target { return self }
        precondition(Matrix.broadcastShape(target, shape) == shape,
                     "Matrix.summed(to:): \(target) does not broadcast to \(shape)")
        var m = self
        if target.rows == 1 && rows != 1 { m = m.sumOverRows() }
        if target.cols == 1 && cols != 1 { m = m.sumOverColumns() }
        return m
    }

    /// `self` repeated along its axes of size 1 up to `target`.
    public func expanded(to target: Shape) -> Matrix {
        if shape == target { return self }
        precondition(Matrix.broadcastShape(shape, target) == target,
                     "Matrix.expanded(to:): \(shape) does not broadcast to \(target)")
        let rowStride = rows == 1 ? 0 : cols, colStride = cols == 1 ? 0 : 1
        return storage.withUnsafeBufferPointer { src in
            Matrix(rows: target.rows, cols: target.cols) { dst in
                for r in 0..<target.rows {
                    for c in 0..<target.cols { dst[r * target.cols + c] = src[r * rowStride + c * colStride] }
                }
            }
        }
    }
}
