/// A small, fast, seedable random number generator (xoshiro256**, Blackman & Vigna 2018),
/// seeded through SplitMix64 so that any 64-bit seed gives a well-mixed state.
///
/// Every randomised step of the library (bootstraps, feature sub-sampling, fold assignment,
/// shuffles) draws from one of these, so results are repeatable across runs and platforms.
/// Swift's `SystemRandomNumberGenerator` is never used for learning.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// A uniform Double in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A derived generator for sub-task `index` (tree k of a forest, fold k, ...), so parallel
    /// work stays deterministic whatever order it runs in.
    public func derived(_ index: Int) -> SeededGenerator {
        var copy = self
        let mix = copy.next() ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03)
        return SeededGenerator(seed: mix)
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }
}
