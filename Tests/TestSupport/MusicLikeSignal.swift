import Foundation

/// Deterministic uniform and Gaussian numbers (SplitMix64, Box–Muller).
public struct TestNoise {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }
    public mutating func uniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
    public mutating func gaussian() -> Double {
        (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * Double.pi * uniform())
    }
}

/// "Music-like" band-limited content: every 250 ms a new chord of partials at random
/// frequencies below `cutoff` with random levels over 40 dB (about 40 per 90-Hz band over 10 s,
/// so every band below the cutoff comes and goes), each note under a raised-cosine envelope
/// (no clicks, whose spectrum would reach Nyquist); nothing at all above the cutoff.
public func musicLikeNotes(seconds: Double, rate: Double, cutoff: Double, from low: Double = 60, seed: UInt64 = 1) -> [Double] {
    var noise = TestNoise(state: seed)
    let n = Int(seconds * rate), note = Int(0.25 * rate)
    let partials = max(8, Int((cutoff - low) / 180 * 10 / seconds))
    let envelope = (0..<note).map { 0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(note - 1)) }  // symmetric Hann
    var out = [Double](repeating: 0, count: n)
    var start = 0
    while start < n {
        let end = min(n, start + note)
        for _ in 0..<partials {
            let f = low + noise.uniform() * (cutoff - low - 100), a = 0.05 * pow(10, -2 * noise.uniform())
            // A rotating phasor instead of sin() per sample (the tests run unoptimised).
            let w = 2 * Double.pi * f / rate, cw = cos(w), sw = sin(w)
            var re = a, im = 0.0
            for i in start..<end {
                out[i] += im * envelope[i - start]
                (re, im) = (re * cw - im * sw, re * sw + im * cw)
            }
        }
        start = end
    }
    return out
}
