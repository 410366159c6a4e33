/// Row gathers and segment sums (per-atom sums over pairs), and column blocks.
extension Matrix {
    /// Rows picked by `indices`: out[p] = self[indices[p]], shape [indices.count, cols].
    public func gatheringRows(_ indices: [Int]) -> Matrix {
        let c = cols
        return storage.withUnsafeBufferPointer { src in
            Matrix(rows: indices.count, cols: cols) { dst in
                for (p, i) in indices.enumerated() {
                    precondition(i >= 0 && i < rows, "Matrix.gatheringRows: index \(i) outside 0..<\(rows)")
                    for k in 0..<c { dst[p * c + k] = src[i * c + k] }
                }
            }
        }
    }

    /// Segment sums: out[s] = Σ_{p : segments[p] = s} self[p], shape [segmentCount, cols].
    public func scatterAddingRows(into segments: [Int], count segmentCount: Int) -> Matrix {
        precondition(segments.count == rows, "Matrix.scatterAddingRows: \(segments.count) segment ids for \(rows) rows")
        var out = Matrix(rows: segmentCount, cols: cols)
        let c = cols
        storage.withUnsafeBufferPointer { src in
            out.storage.withUnsafeMutableBufferPointer { dst in
                for (p, s) in segments.enumerated() {
                    precondition(s >= 0 && s < segmentCount, "Matrix.scatterAddingRows: segment \(s) outside 0..<\(segmentCount)")
                    for k in 0..<c { dst[s * c + k] += src[p * c + k] }
                }
            }
        }
        return out
    }

    /// Columns `range` of every row, shape [rows, range.count].
    public func columns(_ range: Range<Int>) -> Matrix {
        precondition(range.lowerBound >= 0 && range.upperBound <= cols, "Matrix.columns: \(range) outside 0..<\(cols)")
        var out = Matrix(rows: rows, cols: range.count)
        let w = range.count
        storage.withUnsafeBufferPointer { src in
            out.storage.withUnsafeMutableBufferPointer { dst in
                for r in 0..<rows {
                    for k in 0..<w { dst[r * w + k] = src[r * cols + range.lowerBound + k] }
                }
            }
        }
        return out
    }

    /// The matrices side by side: [rows, Σ cols]. All parts must have the same number of rows.
    public static func concatenatingColumns(_ parts: [Matrix]) -> Matrix {
        guard let rows = parts.first?.rows else { return Matrix(rows: 0, cols: 0) }
        precondition(parts.allSatisfy { $0.rows == rows }, "Matrix.concatenatingColumns: row counts differ")
        let total = parts.reduce(0) { $0 + $1.cols }
        var out = Matrix(rows: rows, cols: total)
        var offset = 0
        out.storage.withUnsafeMutableBufferPointer { dst in
            for part in parts {
                let w = part.cols
                part.storage.withUnsafeBufferPointer { src in
                    for r in 0..<rows {
                        for k in 0..<w { dst[r * total + offset + k] = src[r * w + k] }
                    }
                }
                offset += w
            }
        }
        return out
    }

    /// `self` placed at columns `offset..<offset+cols` of a zero matrix with `width` columns.
    public func paddingColumns(offset: Int, width: Int) -> Matrix {
        precondition(offset >= 0 && offset + cols <= width, "Matrix.paddingColumns: \(cols) columns at \(offset) exceed \(width)")
        var out = Matrix(rows: rows, cols: width)
        let w = cols
        storage.withUnsafeBufferPointer { src in
            out.storage.withUnsafeMutableBufferPointer { dst in
                for r in 0..<rows {
                    for k in 0..<w { dst[r * width + offset + k] = src[r * w + k] }
                }
            }
        }
        return out
    }
}
