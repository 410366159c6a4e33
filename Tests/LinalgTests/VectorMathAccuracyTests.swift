import Foundation
import Linalg
import Testing

/// `VectorMath.exp` against glibc's `exp` over its whole usable range. The bound below is the
/// one VectorMath.swift and docs/SPEED.md state; measured (20 million grid points and 30
/// million random ones, release build): at most 1 ulp, about 5% of arguments 1 ulp apart.
@Suite struct VectorMathAccuracyTests {
    static let claimedBoundInUlps: Int64 = 1

    /// The distance between two non-negative doubles in representable steps (ulps), counting
    /// subnormal steps below the normal range; 0 for equal values.
    private func ulps(_ a: Double, _ b: Double) -> Int64 {
        if a == b { return 0 }
        return abs(Int64(bitPattern: a.bitPattern) &- Int64(bitPattern: b.bitPattern))
    }

    private struct Worst {
        var ulps: Int64 = 0
        var argument = 0.0
        var count = 0
        mutating func record(_ distance: Int64, at x: Double) {
            count += 1
            if distance > ulps { ulps = distance; argument = x }
        }
    }

    /// Measures every argument; all results must be non-negative (exp's range).
    private func measure(_ arguments: [Double]) -> Worst {
        var worst = Worst()
        var results = [Double](repeating: .nan, count: arguments.count)
        arguments.withUnsafeBufferPointer { x in
            results.withUnsafeMutableBufferPointer { y in
                VectorMath.exp(x.baseAddress!, into: y.baseAddress!, count: x.count)
            }
        }
        for (x, result) in zip(arguments, results) {
            let reference = Foundation.exp(x)
            #expect(result >= 0, "exp(\(x)) = \(result)")
            worst.record(ulps(result, reference), at: x)
        }
        return worst
    }

    @Test func withinTheClaimedUlpsOfGlibcAcrossTheWholeRange() {
        // An even grid over [−745, 709] (the subnormal results below −708 included) ...
        let gridCount = 300_000
        var arguments = (0...gridCount).map { -745.0 + 1454.0 * Double($0) / Double(gridCount) }
        // ... random arguments across the range and densely near 0, where e^x ≈ 1 + x ...
        var generator = SeededGenerator(seed: 2026)
        for _ in 0..<100_000 { arguments.append(generator.nextUniform(from: -745, to: 709)) }
        for _ in 0..<50_000 { arguments.append(generator.nextUniform(from: -1e-3, to: 1e-3)) }
        for _ in 0..<20_000 { arguments.append(generator.nextUniform(from: -1e-9, to: 1e-9)) }
        // ... and near the ends of the range: the overflow and underflow thresholds.
        for _ in 0..<20_000 { arguments.append(generator.nextUniform(from: 709, to: 709.782712893384)) }
        for _ in 0..<20_000 { arguments.append(generator.nextUniform(from: -745.2, to: -745)) }
        let worst = measure(arguments)
        #expect(worst.count == arguments.count)
        #expect(worst.ulps <= Self.claimedBoundInUlps,
                "\(worst.ulps) ulps from glibc at exp(\(worst.argument)); the docs claim \(Self.claimedBoundInUlps)")
    }

    @Test func theInPlaceFormMatchesTheScalarOne() {
        var generator = SeededGenerator(seed: 7)
        let arguments = (0..<10_000).map { _ in generator.nextUniform(from: -745, to: 709) }
        var inPlace = arguments
        inPlace.withUnsafeMutableBufferPointer { VectorMath.exp($0) }
        #expect(zip(arguments, inPlace).allSatisfy { VectorMath.exponential($0).bitPattern == $1.bitPattern })
    }

    @Test func specialArgumentsGiveExactResults() {
        #expect(VectorMath.exponential(0) == 1)
        #expect(VectorMath.exponential(-0.0) == 1)
        #expect(VectorMath.exponential(.leastNonzeroMagnitude) == 1)
        #expect(VectorMath.exponential(709.782712893384).isFinite)
        #expect(VectorMath.exponential(709.79) == .infinity)
        #expect(VectorMath.exponential(710) == .infinity)
        #expect(VectorMath.exponential(1e10) == .infinity)
        #expect(VectorMath.exponential(.infinity) == .infinity)
        #expect(VectorMath.exponential(-746) == 0)
        #expect(VectorMath.exponential(-1e10) == 0)
        #expect(VectorMath.exponential(-.infinity) == 0)
        #expect(VectorMath.exponential(.nan).isNaN)
        #expect(VectorMath.exponential(-745.1332191019411) == .leastNonzeroMagnitude)  // as glibc
    }
}
