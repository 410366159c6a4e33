#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Autodiff
import Linalg

/// The activation applied after every hidden layer of a species network (METHOD.md section 5);
/// the last layer is linear. The raw values are the names used in `potential.json` and configs.
///
/// Each activation is defined here in every form the program evaluates it: one value
/// (`value(at:)`), on the tape (`apply(to:)`), and over buffers for the fast evaluator
/// (`activate`, and `differentiate` for act′ from the values already computed).
public enum Activation: String, CaseIterable, Sendable {
    /// exp(−x²), the reference code's default.
    case gaussian
    /// tanh x.
    case tanh
    /// x / (1 + e^(−x)), also called swish.
    case silu
    /// log(1 + eˣ), evaluated as max(x, 0) + log1p(e^(−|x|)) so that it never overflows.
    case softplus
    /// x.
    case linear

    /// The activation's value at `x` (scalar form, for checks and simple evaluators).
    @inlinable
    public func value(at x: Double) -> Double {
        switch self {
        case .gaussian: return exp(-x * x)
        case .tanh: return hyperbolicTangent(x)
        case .silu: return x / (1 + exp(-x))
        case .softplus: return max(x, 0) + log1p(exp(-abs(x)))
        case .linear: return x
        }
    }
}

extension Activation {
    /// The activation on the tape (training, and the reference of the fast path).
    func apply(to x: Variable) -> Variable {
        switch self {
        case .gaussian: return x.gaussian()
        case .tanh: return x.tanh()
        case .silu: return x.silu()
        case .softplus: return x.softplus()
        case .linear: return x
        }
    }

    /// a = act(z), element-wise.
    func activate(_ z: UnsafeMutablePointer<Double>, into a: UnsafeMutablePointer<Double>, count: Int) {
        switch self {
        case .gaussian:
            for i in 0..<count { a[i] = -(z[i] * z[i]) }
            VectorMath.exp(UnsafeMutableBufferPointer(start: a, count: count))
        case .tanh:
            for i in 0..<count { a[i] = hyperbolicTangent(z[i]) }
        case .silu, .softplus, .linear:
            for i in 0..<count { a[i] = value(at: z[i]) }
        }
    }

    /// z ← act′(z) given a = act(z), element-wise.
    func differentiate(_ z: UnsafeMutablePointer<Double>, given a: UnsafeMutablePointer<Double>, count: Int) {
        switch self {
        case .gaussian:
            for i in 0..<count { z[i] = -2 * (z[i] * a[i]) }
        case .tanh:
            for i in 0..<count { z[i] = 1 - a[i] * a[i] }
        case .silu:
            for i in 0..<count {
                let s = Elementwise.sigmoid(z[i])
                z[i] = s * (1 + z[i] * (1 - s))
            }
        case .softplus:
            for i in 0..<count { z[i] = Elementwise.sigmoid(z[i]) }
        case .linear:
            for i in 0..<count { z[i] = 1 }
        }
    }
}

/// tanh from the C library (the enum case `tanh` hides the free function inside `Activation`).
@usableFromInline
func hyperbolicTangent(_ x: Double) -> Double {
    #if canImport(Glibc)
    return Glibc.tanh(x)
    #else
    return Darwin.tanh(x)
    #endif
}
