import Linalg

/// Sums and means over all elements, over rows or over columns; and the pair of linear maps
/// that broadcasting needs: `summed(to:)` and its adjoint `expanded(to:)`.
extension Variable {
    /// Σ of all elements, [1, 1].
    public func sum() -> Variable { summed(to: Shape(1, 1)) }

    /// Mean of all elements, [1, 1].
    public func mean() -> Variable { sum() / Double(max(value.count, 1)) }

    /// Σ over rows: one value per column, [1, cols].
    public func sumOverRows() -> Variable { summed(to: Shape(1, cols)) }

    /// Σ over columns: one value per row, [rows, 1].
    public func sumOverColumns() -> Variable { summed(to: Shape(rows, 1)) }

    /// Mean over rows, [1, cols].
    public func meanOverRows() -> Variable { sumOverRows() / Double(max(rows, 1)) }

    /// Mean over columns, [rows, 1].
    public func meanOverColumns() -> Variable { sumOverColumns() / Double(max(cols, 1)) }

    /// Sum down to `target` along the axes where `target` has size 1 (the adjoint of
    /// `expanded(to:)`). Its backward rule expands the gradient back up.
    public func summed(to target: Shape) -> Variable {
        if shape == target { return self }
        let source = shape
        return tape.record(value.summed(to: target), inputs: [self]) { g, _, _, _ in [g.expanded(to: source)] }
    }

    /// Repeat along the axes of size 1 up to `target` (the adjoint of `summed(to:)`).
    public func expanded(to target: Shape) -> Variable {
        if shape == target { return self }
        let source = shape
        return tape.record(value.expanded(to: target), inputs: [self]) { g, _, _, _ in [g.summed(to: source)] }
    }
}
