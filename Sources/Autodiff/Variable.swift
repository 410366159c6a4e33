import Linalg

/// A matrix value recorded on a `Tape`.
///
/// Cheap to copy: a reference to the tape and an index into it. Operations on variables
/// (`+`, `matmul`, `exp`, `gather`, ...) record their results on the same tape.
public struct Variable {
    public let tape: Tape
    public let id: Int

    @inlinable
    init(tape: Tape, id: Int) {
        self.tape = tape
        self.id = id
    }

    /// The value computed when this variable was recorded.
    @inlinable public var value: Matrix { tape.nodes[id].value }
    @inlinable public var shape: Shape { value.shape }
    @inlinable public var rows: Int { value.rows }
    @inlinable public var cols: Int { value.cols }

    /// Whether gradients flow through this variable to some leaf.
    @inlinable public var requiresGradient: Bool { tape.nodes[id].requiresGradient }

    /// The same value as a constant: gradients stop here.
    public var detached: Variable { tape.constant(value) }

    /// The value of a 1 × 1 variable.
    @inlinable public var scalar: Double { value.scalar }
}

extension Variable: CustomStringConvertible {
    public var description: String { "Variable #\(id) \(value)" }
}
