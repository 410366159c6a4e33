@testable import Autodiff
import GradientCheck
import Linalg
import Testing

/// The segment kernels against their definitions written as plain loops, in the order the
/// kernels promise to sum in (pairs, then entries, then channels, each ascending): equal to the
/// last bit. The shapes reach every path: runs of four or more pairs in one segment and shorter
/// ones (`outer`), four entries at a time and the remainder (`right`, `left`), and a channel
/// count that is not a multiple of the vector width.
struct SegmentKernelTests {
    // 11 rows: a run of 5 in segment 2, a run of 4 in segment 0, then single rows.
    static let segments = [2, 2, 2, 2, 2, 0, 0, 0, 0, 1, 2]
    static let n = 5, k = 7, count = 3

    static func inputs(seed: UInt64) -> (g: Matrix, m: Matrix, a: Matrix) {
        var random = TestRandom(seed: seed)
        return (random.matrix(segments.count, n, in: -1...1), random.matrix(segments.count, k, in: -1...1),
                random.matrix(count, k * n, in: -1...1))
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func outerSumIsItsDefinition(seed: UInt64) {
        let (g, m, _) = Self.inputs(seed: seed)
        var expected = [Double](repeating: 0, count: Self.count * Self.k * Self.n)
        for (p, s) in Self.segments.enumerated() {
            for e in 0..<Self.k {
                for u in 0..<Self.n { expected[(s * Self.k + e) * Self.n + u] += m[p, e] * g[p, u] }
            }
        }
        #expect(SegmentKernels.outer(g, m, segments: Self.segments, count: Self.count).storage == expected)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func contractingEntriesIsItsDefinition(seed: UInt64) {
        let (_, m, a) = Self.inputs(seed: seed)
        var expected = [Double](repeating: 0, count: Self.segments.count * Self.n)
        for (p, s) in Self.segments.enumerated() {
            for e in 0..<Self.k {
                for u in 0..<Self.n { expected[p * Self.n + u] += a[s, e * Self.n + u] * m[p, e] }
            }
        }
        #expect(SegmentKernels.right(a, m, segments: Self.segments).storage == expected)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func contractingChannelsIsItsDefinition(seed: UInt64) {
        let (g, _, a) = Self.inputs(seed: seed)
        var expected = [Double](repeating: 0, count: Self.segments.count * Self.k)
        for (p, s) in Self.segments.enumerated() {
            for e in 0..<Self.k {
                var sum = 0.0
                for u in 0..<Self.n { sum += a[s, e * Self.n + u] * g[p, u] }
                expected[p * Self.k + e] = sum
            }
        }
        #expect(SegmentKernels.left(a, g, segments: Self.segments).storage == expected)
    }
}
