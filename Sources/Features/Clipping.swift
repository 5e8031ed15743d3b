import Foundation

/// The share of samples that sit on a clipping ceiling, streamed in constant memory.
///
/// Hard clipping flattens every peak that would exceed the ceiling onto it, so a clipped
/// recording has runs of consecutive samples at its own peak level. A sample counts as clipped
/// when it belongs to a run of at least `minimumRun` consecutive samples of one channel, all of one
/// sign and all within `tolerance` (two 16-bit steps) of that sign's peak over the whole recording. The ceiling is
/// the recording's own peak, not digital full scale, so clipping that happened earlier in a chain
/// (then attenuated, or converted to another bit depth or rate that keeps flat tops) is found too.
/// Audacity's "Find Clipping" uses the same run rule at full scale.
///
/// Streaming: the final peak is unknown until the end, but a run that will qualify must lie
/// within the tolerance of the peak seen so far, so only runs near the running peak are kept
/// (binned by level); when the peak rises, runs that fall out of range are dropped.
///
/// Not clipping, but counted: square waves, and steady very low tones at high sample rates (a
/// 50 Hz sine at 96 kHz stays within the tolerance of its crest for 7 samples). Not found: clipping
/// smoothed by a later low-pass, resampling with ringing, or lossy coding (the flat tops ripple).
public struct ClippingMeter: Sendable {
    /// How far below the peak (full scale = 1) a sample may lie and still be on the ceiling: two
    /// steps of 16-bit audio, so a clipped plateau that was dithered or requantised still counts,
    /// while a sine's crest stays within it for fewer than 3 samples down to ~60 Hz at 48 kHz.
    public static let tolerance: Float = 1.0 / 16384
    /// Shortest run of ceiling samples that counts (shorter ones are ordinary crests).
    public static let minimumRun = 3
    /// Peaks below this (−60 dBFS) are not considered clipped (silence, dither).
    public static let minimumPeak: Float = 0.001

    /// Per channel and sign (index 2c for positive, 2c+1 for negative samples).
    struct Side: Sendable {
        var peak: Float = 0
        /// peak − tolerance: the lowest level on the ceiling.
        var threshold: Float = ClippingMeter.minimumPeak
        var run = 0
        var runMinimum: Float = .infinity
        /// Samples in completed runs, by the level of their lowest sample in steps of
        /// tolerance/8 (rounded up); only bins within the tolerance of `peak` are kept.
        var runs: [Int: Int] = [:]

        /// (Capped far above any real level, so absurd float samples cannot overflow it.)
        static func bin(_ level: Float) -> Int { Int(min(Double(level) * 8 / Double(ClippingMeter.tolerance), 1e15).rounded(.up)) }

        mutating func raise(_ value: Float) {
            peak = value
            threshold = max(peak - ClippingMeter.tolerance, ClippingMeter.minimumPeak)
            let floor = Side.bin(threshold)
            runs = runs.filter { $0.key >= floor }
            if runMinimum < threshold { run = 0; runMinimum = .infinity }
        }

        mutating func end() {
            if run >= ClippingMeter.minimumRun { runs[Side.bin(runMinimum), default: 0] += run }
            run = 0
            runMinimum = .infinity
        }

        /// One sample of this side's sign, as a magnitude.
        @inline(__always) mutating func take(_ v: Float) {
            if v > peak { raise(v) }
            if v >= threshold {
                run += 1
                if v < runMinimum { runMinimum = v }
            } else if run > 0 {
                end()
            }
        }

        /// Samples in qualifying runs (the current run included).
        var clipped: Int {
            guard peak >= ClippingMeter.minimumPeak else { return 0 }
            let floor = Side.bin(threshold)
            var total = runs.reduce(0) { $0 + ($1.key >= floor ? $1.value : 0) }
            if run >= ClippingMeter.minimumRun { total += run }
            return total
        }
    }

    var sides: [Side]
    /// Channels of the blocks fed so far (a stream may change its layout; runs restart then).
    var channels: Int
    public private(set) var samples = 0

    public init(channels: Int) {
        self.channels = max(channels, 1)
        sides = Array(repeating: Side(), count: 2 * self.channels)
    }

    /// Feeds interleaved frames of `channels` channels. A new channel count starts fresh runs.
    ///
    /// Most samples lie below every ceiling while no run is under way: those are passed over 16
    /// at a time with one vector comparison against the lowest ceiling of any channel; only the
    /// others are looked at one by one.
    public mutating func add(_ x: UnsafeBufferPointer<Float>, channels: Int) {
        if channels != self.channels {
            for i in sides.indices { sides[i].end() }
            if 2 * channels > sides.count { sides += Array(repeating: Side(), count: 2 * channels - sides.count) }
            self.channels = channels
        }
        let n = x.count - x.count % channels
        samples += n
        guard n > 0, let base = x.baseAddress else { return }
        let raw = UnsafeRawPointer(base)
        sides.withUnsafeMutableBufferPointer { buffer in
            let s = UnsafeMutableBufferPointer(rebasing: buffer[0..<2 * channels])
            var lowest: Float = 0, active = false, stale = true
            var i = 0
            while i < n {
                if stale {
                    lowest = s.reduce(Float.infinity) { min($0, $1.threshold) }
                    active = s.contains { $0.run > 0 }
                    stale = false
                }
                if !active, i + 16 <= n {
                    let v = raw.loadUnaligned(fromByteOffset: 4 * i, as: SIMD16<Float>.self)
                    // NaN fails the comparison and goes the slow way.
                    if all(v.replacing(with: -v, where: v .< 0) .< lowest) { i += 16; continue }
                }
                let c = i % channels, v = x[i]
                if v >= s[2 * c].threshold, v < .infinity {
                    s[2 * c].take(v)
                    if s[2 * c + 1].run > 0 { s[2 * c + 1].end() }
                } else if -v >= s[2 * c + 1].threshold, v > -.infinity {
                    s[2 * c + 1].take(-v)
                    if s[2 * c].run > 0 { s[2 * c].end() }
                } else {
                    // Below both ceilings, or zero, infinite or NaN: on neither.
                    if s[2 * c].run > 0 { s[2 * c].end() }
                    if s[2 * c + 1].run > 0 { s[2 * c + 1].end() }
                }
                stale = true
                i += 1
            }
        }
    }

    /// Share (0…1) of all samples, over every channel, that lie on a clipping ceiling.
    public var clippedFraction: Double {
        guard samples > 0 else { return 0 }
        return Double(sides.reduce(0) { $0 + $1.clipped }) / Double(samples)
    }
}
