#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Number parsing on raw ASCII bytes, with the results Python's `float()` and `int()` give.
///
/// Accepted real syntax: `[+-] digits [. digits] [(e|E) [+-] digits]`, with at least one digit
/// before or after the point (`1.`, `.5`, `-2.5e-3`). Not accepted: `nan`, `inf`, hexadecimal,
/// Fortran `1.0d0`, digit separators. The result is the correctly rounded Double:
/// Clinger's fast path (≤ 19 significant digits with mantissa ≤ 2⁵³ and a power of ten ≤ 10²²,
/// one exact product or quotient) covers DFT output; anything else goes to the C library's
/// `strtod`, which rounds correctly on glibc and Darwin.
enum DecimalParsing {
    /// Parses the `count` bytes at `p` as a real number; nil when they are not one.
    /// Overflow gives ±infinity (callers reject non-finite values).
    @inline(__always)
    static func double(_ p: UnsafePointer<UInt8>, count: Int) -> Double? {
        var i = 0
        let negative = skipSign(p, count: count, at: &i)
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var digitCount = 0
        var inexact = false
        while i < count {
            let d = p[i] &- 0x30
            if d > 9 { break }
            if significantDigits < 19 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                if mantissa != 0 { significantDigits += 1 }
            } else {
                exponent += 1
                if d != 0 { inexact = true }
            }
            digitCount += 1
            i += 1
        }
        if i < count && p[i] == UInt8(ascii: ".") {
            i += 1
            while i < count {
                let d = p[i] &- 0x30
                if d > 9 { break }
                if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    if mantissa != 0 { significantDigits += 1 }
                    exponent -= 1
                } else if d != 0 {
                    inexact = true
                }
                digitCount += 1
                i += 1
            }
        }
        if digitCount == 0 { return nil }
        if i < count && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
            i += 1
            let negativeExponent = skipSign(p, count: count, at: &i)
            var explicit = 0
            var exponentDigits = 0
            while i < count {
                let d = p[i] &- 0x30
                if d > 9 { break }
                if explicit < 100_000 { explicit = explicit * 10 + Int(d) }
                exponentDigits += 1
                i += 1
            }
            if exponentDigits == 0 { return nil }
            exponent += negativeExponent ? -explicit : explicit
        }
        if i != count { return nil }
        if mantissa == 0 && !inexact { return negative ? -0.0 : 0.0 }
        if !inexact && mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            let value = Double(mantissa)
            let scaled = exponent < 0
                ? value / exactPowerOfTen(-exponent) : value * exactPowerOfTen(exponent)
            return negative ? -scaled : scaled
        }
        return correctlyRounded(p, count: count)
    }

    /// Parses the `count` bytes at `p` as a decimal integer (`[+-]digits`); nil otherwise or on
    /// overflow.
    @inline(__always)
    static func integer(_ p: UnsafePointer<UInt8>, count: Int) -> Int? {
        var i = 0
        let negative = skipSign(p, count: count, at: &i)
        if i == count { return nil }
        var value = 0
        while i < count {
            let d = p[i] &- 0x30
            if d > 9 { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(d))
            if overflow1 || overflow2 { return nil }
            value = sum
            i += 1
        }
        return negative ? -value : value
    }

    /// 10^k for 0 ≤ k ≤ 22, all exactly representable.
    @inline(__always)
    private static func exactPowerOfTen(_ k: Int) -> Double {
        withUnsafePointer(to: powersOfTen) { tuple in
            tuple.withMemoryRebound(to: Double.self, capacity: 23) { $0[k] }
        }
    }

    private static let powersOfTen: (
        Double, Double, Double, Double, Double, Double, Double, Double, Double, Double, Double,
        Double, Double, Double, Double, Double, Double, Double, Double, Double, Double, Double,
        Double
    ) = (1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
         1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22)

    /// The slow path: `strtod` on a NUL-terminated copy of already validated syntax.
    private static func correctlyRounded(_ p: UnsafePointer<UInt8>, count: Int) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            let base = buffer.baseAddress!
            for k in 0..<count { base[k] = CChar(bitPattern: p[k]) }
            base[count] = 0
            return strtod(base, nil)
        }
    }

    /// Steps over an optional `+` or `-` at `i`; true when it was `-`.
    @inline(__always)
    private static func skipSign(_ p: UnsafePointer<UInt8>, count: Int, at i: inout Int) -> Bool {
        guard i < count && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) else { return false }
        defer { i += 1 }
        return p[i] == UInt8(ascii: "-")
    }
}
