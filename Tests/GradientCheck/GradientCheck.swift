import Autodiff
import Linalg

// Finite-difference checks of reverse-mode gradients, first and second order, shared by the
// operation tests of Autodiff and the tests of Latte's fused operations.

/// Seeded draws so that every test sees the same inputs each run.
public struct TestRandom {
    public var generator: SeededGenerator
    public init(seed: UInt64) { generator = SeededGenerator(seed: seed) }
    public mutating func matrix(_ rows: Int, _ cols: Int, in range: ClosedRange<Double> = -1...1) -> Matrix {
        Matrix(rows: rows, cols: cols) { _, _ in generator.nextUniform(from: range.lowerBound, to: range.upperBound) }
    }
}

/// Largest |a − b| over the largest magnitude in either: the relative error of a gradient.
public func relativeError(_ a: [Matrix], _ b: [Matrix]) -> Double {
    var diff = 0.0, scale = 0.0
    for (x, y) in zip(a, b) {
        for (p, q) in zip(x.storage, y.storage) {
            diff = max(diff, abs(p - q))
            scale = max(scale, abs(p), abs(q))
        }
    }
    return scale == 0 ? diff : diff / scale
}

/// Central finite differences of a scalar function of several matrices.
public func numericalGradient(_ inputs: [Matrix], step h: Double = 1e-5, _ f: ([Matrix]) -> Double) -> [Matrix] {
    var result = inputs.map { Matrix(rows: $0.rows, cols: $0.cols) }
    var x = inputs
    for k in inputs.indices {
        for e in 0..<inputs[k].count {
            let original = x[k].storage[e]
            x[k].storage[e] = original + h
            let plus = f(x)
            x[k].storage[e] = original - h
            let minus = f(x)
            x[k].storage[e] = original
            result[k].storage[e] = (plus - minus) / (2 * h)
        }
    }
    return result
}

/// A function of variables under test; it may use the tape for constants.
public typealias Operation = ([Variable]) -> Variable

/// L(x) = Σ R ⊙ op(x) with fixed random weights R, so that every output element matters.
public func weightedSum(_ op: Operation, _ x: [Variable], weights: Matrix) -> Variable {
    let y = op(x)
    return (y * y.tape.constant(weights)).sum()
}

/// First-order check: ∇L by reverse mode against central differences of L.
/// Returns the relative error.
public func firstOrderError(_ inputs: [Matrix], weightsSeed: UInt64 = 7, _ op: @escaping Operation) -> Double {
    let probe = Tape()
    let shape = op(inputs.map(probe.variable)).shape
    var random = TestRandom(seed: weightsSeed)
    let weights = random.matrix(shape.rows, shape.cols)

    let tape = Tape()
    let x = inputs.map(tape.variable)
    let analytic = tape.gradients(of: weightedSum(op, x, weights: weights), wrt: x).map(\.value)
    let numeric = numericalGradient(inputs) { m in
        let t = Tape()
        return weightedSum(op, m.map(t.variable), weights: weights).scalar
    }
    return relativeError(analytic, numeric)
}

/// Second-order check: S(x) = ‖∇L(x)‖² where ∇L is taken with `createGraph`; ∇S by a second
/// reverse pass against central differences of S (each S evaluated with first-order gradients).
public func secondOrderError(_ inputs: [Matrix], weightsSeed: UInt64 = 7, _ op: @escaping Operation) -> Double {
    let probe = Tape()
    let shape = op(inputs.map(probe.variable)).shape
    var random = TestRandom(seed: weightsSeed)
    let weights = random.matrix(shape.rows, shape.cols)

    func gradientNorm(_ tape: Tape, _ x: [Variable], createGraph: Bool) -> Variable {
        let g = tape.gradients(of: weightedSum(op, x, weights: weights), wrt: x, createGraph: createGraph)
        return g.map { $0.squared().sum() }.reduce(tape.constant(0), +)
    }
    let tape = Tape()
    let x = inputs.map(tape.variable)
    let s = gradientNorm(tape, x, createGraph: true)
    let analytic = tape.gradients(of: s, wrt: x).map(\.value)
    let numeric = numericalGradient(inputs) { m in
        let t = Tape()
        return gradientNorm(t, m.map(t.variable), createGraph: false).scalar
    }
    return relativeError(analytic, numeric)
}
