/// Element-wise kernels. Each loop runs over contiguous buffers so that the compiler can
/// vectorise it; `@inlinable` lets the closure be specialised into the loop at the call site.
extension Matrix {
    /// f applied to every element.
    @inlinable
    public func map(_ f: (Double) -> Double) -> Matrix {
        return storage.withUnsafeBufferPointer { src in
            Matrix(rows: rows, cols: cols) { dst in
                for i in 0..<src.count { dst[i] = f(src[i]) }
            }
        }
    }

    /// f applied to the elements of `self` and `other`, which have the same shape.
    @inlinable
    public func zipMap(_ other: Matrix, _ f: (Double, Double) -> Double) -> Matrix {
        precondition(shape == other.shape, "Matrix.zipMap: \(shape) against \(other.shape)")
        return storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                Matrix(rows: rows, cols: cols) { dst in
                    for i in 0..<dst.count { dst[i] = f(a[i], b[i]) }
                }
            }
        }
    }

    /// The shape that `a` and `b` broadcast to: along each axis the sizes must be equal or one
    /// of them 1 (a row [1, c], a column [r, 1] or a scalar [1, 1] is repeated).
    public static func broadcastShape(_ a: Shape, _ b: Shape) -> Shape? {
        func axis(_ x: Int, _ y: Int) -> Int? { x == y ? x : (x == 1 ? y : (y == 1 ? x : nil)) }
        guard let r = axis(a.rows, b.rows), let c = axis(a.cols, b.cols) else { return nil }
        return Shape(r, c)
    }

    /// f applied element-wise after broadcasting `a` and `b` to a common shape.
    @inlinable
    public static func broadcast(_ a: Matrix, _ b: Matrix, _ f: (Double, Double) -> Double) -> Matrix {
        if a.shape == b.shape { return a.zipMap(b, f) }
        guard let shape = broadcastShape(a.shape, b.shape) else {
            preconditionFailure("Matrix: shapes \(a.shape) and \(b.shape) do not broadcast")
        }
        let (ars, acs) = (a.rows == 1 ? 0 : a.cols, a.cols == 1 ? 0 : 1)  // strides, 0 along repeated axes
        let (brs, bcs) = (b.rows == 1 ? 0 : b.cols, b.cols == 1 ? 0 : 1)
        return a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                Matrix(rows: shape.rows, cols: shape.cols) { dst in
                    for r in 0..<shape.rows {
                        let ao = r * ars, bo = r * brs, o = r * shape.cols
                        for c in 0..<shape.cols { dst[o + c] = f(pa[ao + c * acs], pb[bo + c * bcs]) }
                    }
                }
            }
        }
    }

    /// self ← self + other (same shape), in place.
    @inlinable
    public mutating func add(_ other: Matrix) {
        precondition(shape == other.shape, "Matrix.add: \(shape) += \(other.shape)")
        other.storage.withUnsafeBufferPointer { b in
            storage.withUnsafeMutableBufferPointer { a in
                for i in 0..<a.count { a[i] += b[i] }
            }
        }
    }

    public static func + (a: Matrix, b: Matrix) -> Matrix { broadcast(a, b, +) }
    public static func - (a: Matrix, b: Matrix) -> Matrix { broadcast(a, b, -) }
    public static func * (a: Matrix, b: Matrix) -> Matrix { broadcast(a, b, *) }
    public static func / (a: Matrix, b: Matrix) -> Matrix { broadcast(a, b, /) }
    public static prefix func - (a: Matrix) -> Matrix { a.map { -$0 } }
    public static func * (s: Double, a: Matrix) -> Matrix { a.map { s * $0 } }
}
