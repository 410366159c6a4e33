import Linalg

/// A record of matrix operations, in the order they ran, for reverse-mode differentiation.
///
/// Every `Variable` lives on one tape and is an index into it. An operation applied to variables
/// appends a node holding its value, its inputs, and a backward rule that maps the gradient of
/// the output to gradients of the inputs. Backward rules are written with the same
/// differentiable operations, so when `gradients(of:wrt:createGraph:)` is asked to record, the
/// gradients it returns sit on the tape like any other value and can be differentiated again.
///
/// A tape is used from one thread at a time; threads that work in parallel use tapes of their
/// own. Nodes are only appended, so ids increase in evaluation order and a reverse sweep over
/// ids visits every node after all nodes that consume it.
public final class Tape {
    @usableFromInline var nodes: [Node] = []

    /// Whether operations on variables that require gradients record their backward rules.
    /// Cleared while a backward pass runs without `createGraph`; also settable by callers that
    /// only want values (inference).
    public var isRecording = true

    /// When set, every `matmul` on this tape (forward, and the products its backward rules run)
    /// appends its shape here, so that a benchmark can replay the same products on bare BLAS.
    /// Nil, and never looked at outside `matmul`, unless a caller sets it.
    public var productShapes: [ProductShape]?

    public init() {}

    /// Number of nodes recorded so far.
    public var count: Int { nodes.count }

    /// A leaf that gradients can be taken with respect to (a parameter, or positions).
    public func variable(_ value: Matrix) -> Variable {
        append(Node(value: value, inputs: [], backward: nil, requiresGradient: true))
    }

    /// A value that is not differentiated (data, targets, masks).
    public func constant(_ value: Matrix) -> Variable {
        append(Node(value: value, inputs: [], backward: nil, requiresGradient: false))
    }

    /// A constant 1 × 1 matrix.
    public func constant(_ scalar: Double) -> Variable { constant(Matrix(scalar: scalar)) }

    /// Records the result of an operation on `inputs`.
    ///
    /// The result requires a gradient when recording is on and any input requires one; only then
    /// is `backward` kept. `backward(g, inputs, output, needed)` returns, for each input, the
    /// gradient contribution `g · ∂output/∂input` (shaped as that input), or nil where
    /// `needed[k]` is false or the contribution is zero. It must not capture variables: it
    /// receives the ones it needs, so that a tape holds no references to itself.
    @inlinable
    public func record(_ value: Matrix, inputs: [Variable], backward: @escaping BackwardRule) -> Variable {
        let tracked = isRecording && inputs.contains { nodes[$0.id].requiresGradient }
        return append(Node(value: value, inputs: tracked ? inputs.map(\.id) : [],
                           backward: tracked ? backward : nil, requiresGradient: tracked))
    }

    @usableFromInline
    func append(_ node: Node) -> Variable {
        nodes.append(node)
        return Variable(tape: self, id: nodes.count - 1)
    }

    /// Runs `body` with recording switched to `recording`, restoring the previous state after.
    public func withRecording<T>(_ recording: Bool, _ body: () throws -> T) rethrows -> T {
        let saved = isRecording
        isRecording = recording
        defer { isRecording = saved }
        return try body()
    }
}

/// The shape of one matrix product op(A) · op(B): op(A) is [m, k], op(B) is [k, n].
public struct ProductShape: Sendable {
    public let m: Int, n: Int, k: Int
    public let transposeA: Bool, transposeB: Bool
}

/// g · ∂output/∂input for each input: (g, inputs, output, needed) → gradients (nil = none).
public typealias BackwardRule = (_ gradient: Variable, _ inputs: [Variable], _ output: Variable,
                                 _ needed: [Bool]) -> [Variable?]

/// One recorded value with the rule that sends gradients back to its inputs.
@usableFromInline
final class Node {
    @usableFromInline let value: Matrix
    @usableFromInline let inputs: [Int]
    @usableFromInline let backward: BackwardRule?
    @usableFromInline let requiresGradient: Bool

    @usableFromInline
    init(value: Matrix, inputs: [Int], backward: BackwardRule?, requiresGradient: Bool) {
        self.value = value
        self.inputs = inputs
        self.backward = backward
        self.requiresGradient = requiresGradient
    }
}
