/// Element-wise exp over buffers, written so that the compiler vectorises the loop (no calls,
/// no branches): glibc's scalar `exp` costs 10–15 ns an element, this about 1 ns
/// (DESIGN.md "Speed").
///
/// exp(x) = 2ⁿ · e^ρ with n = round(x / ln 2) and ρ = x − n·ln 2 (ln 2 split in a high part
/// with trailing zero bits, so that n·ln2_hi is exact, and a low part: Cody & Waite), |ρ| ≤
/// ln 2 / 2. e^ρ is its Taylor polynomial of degree 13 (remainder below 5·10⁻¹⁸ relative),
/// evaluated by Horner's rule. 2ⁿ is applied as two factors 2^⌊n/2⌋ · 2^(n − ⌊n/2⌋), each a
/// normal number, so that results in the subnormal range are rounded once, as they should be.
/// Arguments are clamped to [−746, 710]: beyond them exp is 0 or +∞ anyway. NaN gives NaN.
///
/// Measured against glibc over [−746, 710]: at most 1 ulp apart (relative 2.2·10⁻¹⁶; about 5% of
/// arguments differ by that ulp). Tests/LinalgTests/VectorMathAccuracyTests checks the bound.
public enum VectorMath {
    /// y[i] = exp(x[i]) for i < count; x and y must not overlap (use the in-place form).
    @inlinable
    public static func exp(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, count: Int) {
        for i in 0..<count { y[i] = exponential(x[i]) }
    }

    /// exp(x[i]) in place. (A loop of its own: the two-pointer form's overlap check would send
    /// equal pointers down the scalar path.)
    @inlinable
    public static func exp(_ x: UnsafeMutableBufferPointer<Double>) {
        guard let base = x.baseAddress else { return }
        for i in 0..<x.count { base[i] = exponential(base[i]) }
    }

    /// exp of one number, branch-free (for loops that should vectorise).
    @inlinable @inline(__always)
    public static func exponential(_ value: Double) -> Double {
        let x = Swift.min(Swift.max(value, -746.0), 710.0)
        // n = round(x / ln 2): adding 1.5·2⁵² rounds to an integer in the low mantissa bits.
        let shifter = 6755399441055744.0
        let t = x * 1.4426950408889634 + shifter
        let n = t - shifter
        let nBits = Int64(bitPattern: t.bitPattern) &- Int64(bitPattern: shifter.bitPattern)  // n as an integer
        let rho = (x - n * 0.6931471803691238) - n * 1.9082149292705877e-10
        var p = 1.0 / 6227020800.0            // 1/13!
        p = p * rho + 1.0 / 479001600.0        // 1/12!
        p = p * rho + 1.0 / 39916800.0
        p = p * rho + 1.0 / 3628800.0
        p = p * rho + 1.0 / 362880.0
        p = p * rho + 1.0 / 40320.0
        p = p * rho + 1.0 / 5040.0
        p = p * rho + 1.0 / 720.0
        p = p * rho + 1.0 / 120.0
        p = p * rho + 1.0 / 24.0
        p = p * rho + 1.0 / 6.0
        p = p * rho + 0.5
        p = p * rho + 1.0
        p = p * rho + 1.0
        let half = nBits >> 1
        let first = Double(bitPattern: UInt64(bitPattern: (half &+ 1023) << 52))
        let second = Double(bitPattern: UInt64(bitPattern: (nBits &- half &+ 1023) << 52))
        let result = (p * first) * second
        return value.isNaN ? value : result
    }
}
