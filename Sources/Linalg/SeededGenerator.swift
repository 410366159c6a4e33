#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A deterministic random number generator: xoshiro256** (Blackman & Vigna, 2018), its 256-bit
/// state filled from the 64-bit seed by four SplitMix64 steps, as its authors recommend.
///
/// The same seed gives the same stream on every machine and build, which is what makes a
/// training run reproducible from its seed (METHOD.md section 5). Conforms to
/// `RandomNumberGenerator`, so it can also drive `shuffle(using:)`.
///
/// - `nextUniform()`: the top 53 bits of one output scaled by 2⁻⁵³, so in [0, 1).
/// - `nextNormal()`: Box–Muller, cosine branch only: with u₁ = 1 − nextUniform() ∈ (0, 1] and
///   u₂ = nextUniform(), z = √(−2 ln u₁) · cos(2π u₂). Each normal consumes exactly two outputs
///   (no cached second value), so the stream position is easy to reason about.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var splitMix = seed
        func nextSplitMix() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (nextSplitMix(), nextSplitMix(), nextSplitMix(), nextSplitMix())
    }

    /// The generator exactly where another one stood (`words` from its `stateWords`), so a
    /// resumed run draws the same numbers an uninterrupted one would.
    public init(stateWords words: [UInt64]) {
        precondition(words.count == 4 && words.contains { $0 != 0 }, "SeededGenerator: four words, not all zero")
        state = (words[0], words[1], words[2], words[3])
    }

    /// The 256-bit state as four words.
    public var stateWords: [UInt64] { [state.0, state.1, state.2, state.3] }

    /// The next 64 random bits (xoshiro256**).
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, by: 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotateLeft(state.3, by: 45)
        return result
    }

    /// Uniform in [0, 1).
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Uniform in [lower, upper): lower + (upper − lower) · nextUniform().
    public mutating func nextUniform(from lower: Double, to upper: Double) -> Double {
        lower + (upper - lower) * nextUniform()
    }

    /// Normal(mean, standardDeviation²), by Box–Muller (see the type's documentation).
    public mutating func nextNormal(mean: Double = 0, standardDeviation: Double = 1) -> Double {
        let u1 = 1 - nextUniform()
        let u2 = nextUniform()
        return mean + standardDeviation * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    private func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}
