#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Linalg

/// Element-wise functions. Each backward rule multiplies the upstream gradient by the
/// derivative, itself written with differentiable operations (often reusing the output y):
///   x²: 2x          √x: 1/(2y)          eˣ: y           tanh: 1 − y²
///   σ(x) = 1/(1+e⁻ˣ): y(1 − y)          silu x·σ(x): σ(x)(1 + x(1 − σ(x)))
///   softplus log(1+eˣ): σ(x)            gaussian e^(−x²): −2x·y
///   max(0, x): step(x) (a constant: its own derivative is zero almost everywhere)
///   xⁿ: n·xⁿ⁻¹
extension Variable {
    public func squared() -> Variable {
        tape.record(value.map { $0 * $0 }, inputs: [self]) { g, x, _, _ in [g * (2 * x[0])] }
    }

    public func squareRoot() -> Variable {
        tape.record(value.map { $0.squareRoot() }, inputs: [self]) { g, _, y, _ in [0.5 * g / y] }
    }

    public func exp() -> Variable {
        tape.record(value.map { Elementwise.exp($0) }, inputs: [self]) { g, _, y, _ in [g * y] }
    }

    public func tanh() -> Variable {
        tape.record(value.map { Elementwise.tanh($0) }, inputs: [self]) { g, _, y, _ in [g * (1 - y.squared())] }
    }

    public func sigmoid() -> Variable {
        tape.record(value.map(Elementwise.sigmoid), inputs: [self]) { g, _, y, _ in [g * (y * (1 - y))] }
    }

    public func silu() -> Variable {
        tape.record(value.map { $0 * Elementwise.sigmoid($0) }, inputs: [self]) { g, x, _, _ in
            let s = x[0].sigmoid()
            return [g * (s * (1 + x[0] * (1 - s)))]
        }
    }

    public func softplus() -> Variable {
        tape.record(value.map(Elementwise.softplus), inputs: [self]) { g, x, _, _ in [g * x[0].sigmoid()] }
    }

    /// exp(−x²), the reference code's default activation.
    public func gaussian() -> Variable {
        tape.record(value.map { Elementwise.exp(-$0 * $0) }, inputs: [self]) { g, x, y, _ in
            [g * (-2 * (x[0] * y))]
        }
    }

    /// max(0, x).
    public func relu() -> Variable {
        tape.record(value.map { max(0, $0) }, inputs: [self]) { g, x, _, _ in
            [g * x[0].tape.constant(x[0].value.map { $0 > 0 ? 1 : 0 })]
        }
    }

    /// xⁿ for an integer n ≥ 0.
    public func power(_ n: Int) -> Variable {
        precondition(n >= 0, "Variable.power: negative exponent \(n)")
        switch n {
        case 0: return tape.constant(value.map { _ in 1 })
        case 1: return self
        case 2: return squared()
        default:
            return tape.record(value.map { Elementwise.integerPower($0, n) }, inputs: [self]) { g, x, _, _ in
                [g * (Double(n) * x[0].power(n - 1))]
            }
        }
    }
}

/// Scalar kernels shared by the forward passes.
public enum Elementwise {
    /// 1 / (1 + e⁻ˣ), without overflow for large |x|.
    @inlinable
    public static func sigmoid(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + Elementwise.exp(-x)) }
        let e = Elementwise.exp(x)
        return e / (1 + e)
    }

    /// log(1 + eˣ), without overflow for large x.
    @inlinable
    public static func softplus(_ x: Double) -> Double {
        max(x, 0) + Elementwise.log1p(Elementwise.exp(-abs(x)))
    }

    /// eˣ, tanh x and log(1 + x) from the C library (inside `extension Variable` the methods
    /// `exp()` and `tanh()` hide the free functions).
    @inlinable
    public static func exp(_ x: Double) -> Double {
        #if canImport(Glibc)
        return Glibc.exp(x)
        #else
        return Darwin.exp(x)
        #endif
    }

    @inlinable
    public static func tanh(_ x: Double) -> Double {
        #if canImport(Glibc)
        return Glibc.tanh(x)
        #else
        return Darwin.tanh(x)
        #endif
    }

    @inlinable
    public static func log1p(_ x: Double) -> Double {
        #if canImport(Glibc)
        return Glibc.log1p(x)
        #else
        return Darwin.log1p(x)
        #endif
    }

    /// xⁿ by repeated squaring.
    @inlinable
    public static func integerPower(_ x: Double, _ n: Int) -> Double {
        var (result, base, e) = (1.0, x, n)
        while e > 0 {
            if e & 1 == 1 { result *= base }
            base *= base
            e >>= 1
        }
        return result
    }
}
