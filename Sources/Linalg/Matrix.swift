/// A dense, contiguous, row-major matrix of `Double`.
///
/// Element (r, c) lives at `storage[r * cols + c]`. Vectors are matrices with one row or one
/// column; a scalar is a 1 × 1 matrix. Value semantics (copy on write) come from `Array`.
public struct Matrix: Equatable, Sendable {
    public let rows: Int
    public let cols: Int
    public var storage: [Double]  // [rows * cols], row-major

    /// A `rows × cols` matrix of `value`.
    @inlinable
    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && cols >= 0, "Matrix: negative shape \(rows) × \(cols)")
        self.rows = rows
        self.cols = cols
        self.storage = Array(repeating: value, count: rows * cols)
    }

    /// A `rows × cols` matrix over row-major `storage`.
    @inlinable
    public init(rows: Int, cols: Int, storage: [Double]) {
        precondition(storage.count == rows * cols,
                     "Matrix: \(storage.count) values for a \(rows) × \(cols) shape")
        self.rows = rows
        self.cols = cols
        self.storage = storage
    }

    /// A matrix from nested rows; every row must have the same length.
    public init(_ nested: [[Double]]) {
        let cols = nested.first?.count ?? 0
        precondition(nested.allSatisfy { $0.count == cols }, "Matrix: ragged rows")
        self.init(rows: nested.count, cols: cols, storage: nested.flatMap { $0 })
    }

    /// A 1 × 1 matrix.
    /// A matrix whose every element `fill` writes, without zeroing the storage first (a
    /// measurable cost for the large intermediate matrices of the model). `fill` must write
    /// all rows · cols elements of the buffer it receives.
    @inlinable
    public init(rows: Int, cols: Int, filling fill: (UnsafeMutableBufferPointer<Double>) -> Void) {
        precondition(rows >= 0 && cols >= 0, "Matrix: negative shape \(rows) × \(cols)")
        self.rows = rows
        self.cols = cols
        self.storage = Array(unsafeUninitializedCapacity: rows * cols) { buffer, count in
            fill(buffer)
            count = rows * cols
        }
    }

    @inlinable
    public init(scalar: Double) {
        self.init(rows: 1, cols: 1, storage: [scalar])
    }

    /// Fills a `rows × cols` matrix by calling `body(r, c)` for each element.
    @inlinable
    public init(rows: Int, cols: Int, _ body: (Int, Int) -> Double) {
        var storage = [Double]()
        storage.reserveCapacity(rows * cols)
        for r in 0..<rows {
            for c in 0..<cols { storage.append(body(r, c)) }
        }
        self.init(rows: rows, cols: cols, storage: storage)
    }

    @inlinable public var count: Int { rows * cols }
    @inlinable public var shape: Shape { Shape(rows, cols) }

    @inlinable
    public subscript(r: Int, c: Int) -> Double {
        get { storage[r * cols + c] }
        set { storage[r * cols + c] = newValue }
    }

    /// The single element of a 1 × 1 matrix.
    @inlinable
    public var scalar: Double {
        precondition(rows == 1 && cols == 1, "Matrix.scalar on a \(rows) × \(cols) matrix")
        return storage[0]
    }

    /// The same elements read as a `rows × cols` matrix (row-major order is kept).
    @inlinable
    public func reshaped(rows: Int, cols: Int) -> Matrix {
        precondition(rows * cols == count, "Matrix.reshaped: \(shape) has \(count) elements, not \(rows * cols)")
        return Matrix(rows: rows, cols: cols, storage: storage)
    }

    /// Rows as nested arrays (for printing and file formats).
    public var nested: [[Double]] {
        (0..<rows).map { r in Array(storage[(r * cols)..<((r + 1) * cols)]) }
    }
}

/// A matrix shape, rows × columns.
public struct Shape: Hashable, Sendable, CustomStringConvertible {
    public var rows: Int
    public var cols: Int
    @inlinable public init(_ rows: Int, _ cols: Int) { self.rows = rows; self.cols = cols }
    public var description: String { "[\(rows) × \(cols)]" }
}

extension Matrix: CustomStringConvertible {
    public var description: String {
        "Matrix\(shape) " + nested.map { "[" + $0.map { "\($0)" }.joined(separator: ", ") + "]" }
            .joined(separator: ", ")
    }
}
