import Foundation

/// A second-order IIR section y = (b0 + b1 z⁻¹ + b2 z⁻²) / (1 + a1 z⁻¹ + a2 z⁻²) x (a0 = 1).
public struct Biquad: Sendable, Equatable {
    public var b0: Double, b1: Double, b2: Double, a1: Double, a2: Double

    public init(b0: Double, b1: Double, b2: Double, a1: Double, a2: Double) {
        self.b0 = b0; self.b1 = b1; self.b2 = b2; self.a1 = a1; self.a2 = a2
    }
}

/// The K-weighting of ITU-R BS.1770-4 (§2.1) at any sample rate: a high shelf of about +4 dB
/// above ~1.7 kHz (the head's acoustic effect), then the RLB high-pass at ~38 Hz.
///
/// BS.1770 tabulates the coefficients at 48 kHz only. Like libebur128 and pyloudnorm, these are
/// re-derived at the file's own rate from the analogue prototypes that reproduce that table
/// (shelf: f0 = 1681.97 Hz, gain 4.00 dB, Q 0.7072; high-pass: f0 = 38.135 Hz, Q 0.5003), through
/// the bilinear transform with pre-warping; at 48 kHz they equal the table to ~1e-8.
public enum KWeighting {
    /// Lowest rate at which the shelf's centre (1.68 kHz) lies safely below Nyquist.
    public static let minimumSampleRate = 4000.0

    /// Stage 1 (shelf) and stage 2 (RLB high-pass) for `sampleRate` Hz (≥ `minimumSampleRate`).
    public static func filters(sampleRate: Double) -> (shelf: Biquad, highPass: Biquad) {
        var f0 = 1681.974450955533, q = 0.7071752369554196
        let gain = 3.999843853973347
        var k = tan(Double.pi * f0 / sampleRate)
        let vh = pow(10, gain / 20), vb = pow(vh, 0.4996667741545416)
        var a0 = 1 + k / q + k * k
        let shelf = Biquad(b0: (vh + vb * k / q + k * k) / a0, b1: 2 * (k * k - vh) / a0, b2: (vh - vb * k / q + k * k) / a0,
                           a1: 2 * (k * k - 1) / a0, a2: (1 - k / q + k * k) / a0)
        f0 = 38.13547087602444; q = 0.5003270373238773
        k = tan(Double.pi * f0 / sampleRate)
        a0 = 1 + k / q + k * k
        let highPass = Biquad(b0: 1, b1: -2, b2: 1, a1: 2 * (k * k - 1) / a0, a2: (1 - k / q + k * k) / a0)
        return (shelf, highPass)
    }

    /// BS.1770 channel weights G_i by channel count, in WAV/SMPTE order: mono, stereo and other
    /// layouts weigh every channel 1; 5 channels are L R C Ls Rs (surrounds 1.41); 6 channels are
    /// 5.1, L R C LFE Ls Rs (LFE excluded, weight 0). Files that map channels otherwise are
    /// weighed as if in this order (as libebur128 does by default).
    public static func channelWeights(_ channels: Int) -> [Double] {
        switch channels {
        case 5: return [1, 1, 1, 1.41, 1.41]
        case 6: return [1, 1, 1, 0, 1.41, 1.41]
        default: return Array(repeating: 1, count: max(channels, 0))
        }
    }
}

/// Integrated loudness (LUFS) by ITU-R BS.1770-4 / EBU R128, streamed block by block in constant
/// memory, as `pyloudnorm.Meter(rate).integrated_loudness(data)` or libebur128's
/// `ebur128_loudness_global` compute it (librosa has no loudness function):
/// 1. each channel is K-weighted at the stream's own rate (`KWeighting`);
/// 2. gating blocks of 400 ms, advancing by 100 ms (75% overlap), each give
///    l_j = −0.691 + 10·log10(Σ_i G_i · z_ij), z_ij the mean square of channel i in block j;
/// 3. blocks with l_j ≤ −70 LUFS are dropped (absolute gate); the relative gate is the loudness
///    of the mean z of the remaining blocks minus 10 LU; the integrated loudness is the loudness of
///    the mean z of the blocks above both gates.
///
/// Block powers are kept in a histogram of 0.01-LU bins (each bin holding the exact sum of its
/// blocks' powers, as libebur128's histogram mode), so an hour costs no more memory than a
/// minute; the relative gate is applied at bin resolution, which moves the result by far less
/// than 0.01 LU.
public struct LoudnessMeter: Sendable {
    public let sampleRate: Double
    public let channels: Int
    let weights: [Double]
    let shelf: Biquad, highPass: Biquad
    /// Filter state per channel: the two delay elements of each section (transposed direct form II).
    var state: [Double]
    /// Frames per 100-ms step (rounded, as libebur128).
    let stepFrames: Int
    var framesInStep = 0
    var stepEnergy = 0.0
    /// The last three completed steps' weighted energies (a block is four steps).
    var previousSteps: [Double] = []
    /// Histogram from −70 LUFS upwards: per 0.01-LU bin, block count and summed block power.
    var counts: [Int]
    var powers: [Double]
    static let histogramFloor = -70.0, binWidth = 0.01, binCount = 9000  // −70 … +20 LUFS

    /// - Parameters:
    ///   - sampleRate: Hz, at least `KWeighting.minimumSampleRate`.
    ///   - channels: interleaved channels per frame (weights by `KWeighting.channelWeights`).
    public init(sampleRate: Double, channels: Int) {
        precondition(sampleRate >= KWeighting.minimumSampleRate && channels >= 1)
        self.sampleRate = sampleRate
        self.channels = channels
        weights = KWeighting.channelWeights(channels)
        (shelf, highPass) = KWeighting.filters(sampleRate: sampleRate)
        state = Array(repeating: 0, count: 4 * channels)
        stepFrames = max(1, Int((sampleRate / 10).rounded()))
        counts = Array(repeating: 0, count: Self.binCount)
        powers = Array(repeating: 0, count: Self.binCount)
    }

    /// Feeds interleaved frames (`samples.count` a multiple of `channels`).
    public mutating func add(_ samples: UnsafeBufferPointer<Float>) {
        let frames = samples.count / channels
        var f = 0
        while f < frames {
            let n = min(frames - f, stepFrames - framesInStep)
            // Channels two at a time in the lanes of one vector: the filters' recursions are
            // latency-bound, and two independent ones run in the time of one.
            var c = 0
            while c < channels {
                if c + 1 < channels {
                    let e = filteredEnergy(samples, channels: c, c + 1, from: f, count: n)
                    stepEnergy += weights[c] * e[0] + weights[c + 1] * e[1]
                    c += 2
                } else {
                    let e = filteredEnergy(samples, channels: c, c, from: f, count: n)
                    stepEnergy += weights[c] * e[0]
                    c += 1
                }
            }
            f += n
            framesInStep += n
            if framesInStep == stepFrames { completeStep() }
        }
    }

    /// Σ y² of the K-weighted channels `c0` and `c1` (lanes 0 and 1; the same channel twice for
    /// an odd one out, whose lane 1 is then discarded) over frames `from ..< from+count`,
    /// advancing their filters.
    private mutating func filteredEnergy(_ x: UnsafeBufferPointer<Float>, channels c0: Int, _ c1: Int,
                                         from: Int, count: Int) -> SIMD2<Double> {
        let s = shelf, h = highPass
        let lane1 = c1 != c0
        func load(_ k: Int) -> SIMD2<Double> { SIMD2(state[4 * c0 + k], lane1 ? state[4 * c1 + k] : 0) }
        var s1 = load(0), s2 = load(1), h1 = load(2), h2 = load(3)
        var sum = SIMD2<Double>()
        var i = from * channels
        for _ in 0..<count {
            let v = SIMD2(Double(x[i + c0]), Double(x[i + c1]))
            let u = s.b0 * v + s1
            s1 = s.b1 * v - s.a1 * u + s2
            s2 = s.b2 * v - s.a2 * u
            let y = h.b0 * u + h1
            h1 = h.b1 * u - h.a1 * y + h2
            h2 = h.b2 * u - h.a2 * y
            sum += y * y
            i += channels
        }
        // A non-finite state (NaN or infinite samples) would poison every later block: restart.
        for lane in 0..<2 where !(s1[lane].isFinite && s2[lane].isFinite && h1[lane].isFinite && h2[lane].isFinite) {
            s1[lane] = 0; s2[lane] = 0; h1[lane] = 0; h2[lane] = 0; sum[lane] = 0
        }
        for (k, v) in [s1, s2, h1, h2].enumerated() {
            state[4 * c0 + k] = v[0]
            if lane1 { state[4 * c1 + k] = v[1] }
        }
        return sum
    }

    private mutating func completeStep() {
        let energy = stepEnergy
        stepEnergy = 0
        framesInStep = 0
        if previousSteps.count == 3 {
            let power = (previousSteps.reduce(energy, +)) / Double(4 * stepFrames)
            addBlock(power)
            previousSteps.removeFirst()
        }
        previousSteps.append(energy)
    }

    private mutating func addBlock(_ power: Double) {
        let loudness = Self.loudness(power)
        guard loudness > Self.histogramFloor, power.isFinite else { return }
        let bin = min(Self.binCount - 1, Int((loudness - Self.histogramFloor) / Self.binWidth))
        counts[bin] += 1
        powers[bin] += power
    }

    /// Adds the gating blocks `other` measured (another piece of the same recording, e.g. at
    /// another rate) to this meter's.
    public mutating func merge(_ other: LoudnessMeter) {
        for b in 0..<Self.binCount { counts[b] += other.counts[b]; powers[b] += other.powers[b] }
    }

    /// −0.691 + 10·log10(power): the loudness of a weighted mean square.
    public static func loudness(_ power: Double) -> Double { -0.691 + 10 * log10(power) }

    /// Integrated loudness in LUFS, or nil when no gating block passes the gates (silence, or
    /// less than 400 ms of audio).
    public var integratedLoudness: Double? {
        let blocks = counts.reduce(0, +)
        guard blocks > 0 else { return nil }
        let absoluteMean = powers.reduce(0, +) / Double(blocks)
        let relativeGate = Self.loudness(absoluteMean) - 10
        guard relativeGate.isFinite else { return nil }
        // Bins wholly above the gate, and the bin holding it when its centre is above (the top
        // bin, which also holds every block louder than its range, at least).
        let position = ((relativeGate - Self.histogramFloor) / Self.binWidth + 0.5).rounded(.down)
        let firstBin = Int(min(max(position, 0), Double(Self.binCount - 1)))
        var n = 0, sum = 0.0
        for b in firstBin..<Self.binCount { n += counts[b]; sum += powers[b] }
        return n > 0 ? Self.loudness(sum / Double(n)) : nil
    }
}
