#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The activation applied after every hidden layer of a species network (METHOD.md section 5);
/// the last layer is linear. The raw values are the names used in `potential.json` and configs.
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

/// tanh from the C library (the enum case `tanh` hides the free function inside `Activation`).
@usableFromInline
func hyperbolicTangent(_ x: Double) -> Double {
    #if canImport(Glibc)
    return Glibc.tanh(x)
    #else
    return Darwin.tanh(x)
    #endif
}
