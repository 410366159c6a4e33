import Linalg

/// Transpose and reshape; both linear, each the other's own adjoint.
extension Variable {
    /// [cols, rows].
    public var transposed: Variable {
        tape.record(value.transposed, inputs: [self]) { g, _, _, _ in [g.transposed] }
    }

    /// The same elements in row-major order, read as [rows, cols].
    public func reshaped(rows: Int, cols: Int) -> Variable {
        let source = shape
        if source == Shape(rows, cols) { return self }
        return tape.record(value.reshaped(rows: rows, cols: cols), inputs: [self]) { g, _, _, _ in
            [g.reshaped(rows: source.rows, cols: source.cols)]
        }
    }
}
