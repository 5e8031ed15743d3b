import Foundation

/// Tuning estimation, as `librosa.estimate_tuning(S=power, sr, n_fft=2048, bins_per_octave=12)`,
/// which `librosa.feature.chroma_stft` calls when no tuning is given.
///
/// Pitches come from `piptrack` (parabolic interpolation around spectral peaks between 150 Hz and
/// 4 kHz that exceed 0.1 × the frame's maximum); pitches whose magnitude is at least the median
/// are folded into fractions of a semitone, and the left edge of the fullest of 100
/// histogram bins over [−0.5, 0.5) is the tuning, in fractions of a bin.
public enum Tuning {
    /// - Parameters:
    ///   - spectrum: what librosa receives as `S` (the power spectrogram in chroma_stft).
    ///   - resolution: histogram bin width in fractions of a semitone (default 0.01 = one cent).
    ///   - frameMaxima: each frame's largest value when the caller has them (NaN ignored, at
    ///     least 0), so the frames need not be scanned in full again.
    public static func estimate(_ spectrum: Spectrogram, sampleRate: Double, binsPerOctave: Int = 12,
                                resolution: Double = 0.01, frameMaxima: [Double]? = nil) -> Double {
        estimate(SpectrogramFrames(spectrum), sampleRate: sampleRate, binsPerOctave: binsPerOctave,
                 resolution: resolution, frameMaxima: frameMaxima)
    }

    /// `estimate` of frames read in place.
    public static func estimate(_ spectrum: SpectrogramFrames, sampleRate: Double, binsPerOctave: Int = 12,
                                resolution: Double = 0.01, frameMaxima: [Double]? = nil) -> Double {
        estimate(peaks: pitchTrack(spectrum, sampleRate: sampleRate, frameMaxima: frameMaxima),
                 binsPerOctave: binsPerOctave, resolution: resolution)
    }

    /// `estimate` from the spectrum's `pitchTrack` peaks, in any order (the median and the
    /// histogram do not depend on it): a window of a longer recording can take the peaks of the
    /// frames it shares with the recording from there (`features(span:windows:)`).
    public static func estimate(peaks: [Peak], binsPerOctave: Int = 12, resolution: Double = 0.01) -> Double {
        guard !peaks.isEmpty else { return 0 }
        let threshold = median(peaks.map(\.magnitude))
        let pitches = peaks.filter { $0.magnitude >= threshold && $0.frequency > 0 }.map(\.frequency)
        return pitchTuning(pitches, resolution: resolution, binsPerOctave: binsPerOctave)
    }

    /// One spectral peak found by `pitchTrack`.
    public struct Peak: Sendable { public let frequency: Double; public let magnitude: Double }

    /// The non-zero entries of `librosa.piptrack(S=spectrum, sr, n_fft, fmin=150, fmax=4000,
    /// threshold=0.1)`: in each frame, bins in [fmin, fmax) that are local maxima of
    /// S·(S > threshold·max(S)), refined by parabolic interpolation of S.
    /// - Parameter frameMaxima: as in `estimate` (ignored unless one per frame).
    public static func pitchTrack(_ s: Spectrogram, sampleRate: Double, fmin: Double = 150, fmax: Double = 4000,
                                  threshold: Double = 0.1, frameMaxima: [Double]? = nil) -> [Peak] {
        pitchTrack(SpectrogramFrames(s), sampleRate: sampleRate, fmin: fmin, fmax: fmax, threshold: threshold,
                   frameMaxima: frameMaxima)
    }

    /// `pitchTrack` of frames read in place.
    public static func pitchTrack(_ s: SpectrogramFrames, sampleRate: Double, fmin: Double = 150, fmax: Double = 4000,
                                  threshold: Double = 0.1, frameMaxima: [Double]? = nil) -> [Peak] {
        pitchTrackByFrame(s, sampleRate: sampleRate, fmin: fmin, fmax: fmax, threshold: threshold,
                          frameMaxima: frameMaxima).peaks
    }

    /// `pitchTrack`, with where each frame's peaks start: frame t's are
    /// `peaks[frameStarts[t]..<frameStarts[t + 1]]` (`frameCount + 1` starts).
    public static func pitchTrackByFrame(_ s: SpectrogramFrames, sampleRate: Double, fmin: Double = 150,
                                         fmax: Double = 4000, threshold: Double = 0.1, frameMaxima: [Double]? = nil)
        -> (peaks: [Peak], frameStarts: [Int])
    {
        let maxima = frameMaxima.flatMap { $0.count == s.frameCount ? $0 : nil }
        let bins = s.binCount
        // No peaks at all: every frame's (empty) run starts at 0.
        func none() -> (peaks: [Peak], frameStarts: [Int]) { ([], [Int](repeating: 0, count: s.frameCount + 1)) }
        guard bins >= 3 else { return none() }
        let fftLength = 2 * (bins - 1)
        let hzPerBin = sampleRate / Double(fftLength)
        let upper = min(fmax, sampleRate / 2)
        var peaks: [Peak] = []
        var frameStarts = [Int](repeating: 0, count: s.frameCount + 1)
        // Only bins whose frequency can be in [fmin, upper) are examined (the exact test stays
        // below); the frame maximum still covers all bins.
        let first = max(1, Int(max(0, min(fmin / hzPerBin, Double(bins))).rounded(.down)) - 1)
        let last = min(bins - 1, Int(max(0, min(upper / hzPerBin, Double(bins))).rounded(.up)) + 1)
        guard first <= last else { return none() }
        var candidates: [Int] = []  // one frame's local maxima, reused
        s.withFrames { frame in
            for t in 0..<s.frameCount {
                frameStarts[t] = peaks.count
                let v = frame(t)
                let peak = maxima?[t] ?? frameMaximum(v, bins)
                let reference = threshold * peak
                // S·(S > threshold·max S), as librosa gates before looking for maxima.
                @inline(__always) func gated(_ b: Int) -> Double { v[b] > reference ? v[b] : 0 }
                // librosa.util.localmax: x[i] > x[i-1] and x[i] >= x[i+1]; the last bin only needs
                // to exceed its left neighbour; the first bin is never a maximum.
                @inline(__always) func isMaximum(_ b: Int) -> Bool {
                    let g = gated(b)
                    return b == bins - 1 ? g > gated(b - 1) : g > gated(b - 1) && g >= gated(b + 1)
                }
                // Four bins at a time find the candidates (most bins are not maxima: this test was
                // 22 instructions per bin, 10 M per clip); each candidate is then checked and
                // refined one at a time, in the order of the scalar loop.
                typealias D = SIMD4<Double>
                let references = D(repeating: reference), zero = D(repeating: 0)
                @inline(__always) func gatedLanes(_ b: Int) -> D {
                    let x = UnsafeRawPointer(v + b).loadUnaligned(as: D.self)
                    return zero.replacing(with: x, where: x .> references)
                }
                candidates.removeAll(keepingCapacity: true)
                var b = first
                while b + 4 <= last && b + 4 < bins {  // lanes b…b+3 and their right neighbours b+1…b+4
                    let g = gatedLanes(b)
                    if any((g .> gatedLanes(b - 1)) .& (g .>= gatedLanes(b + 1))) {
                        for l in 0..<4 where isMaximum(b + l) { candidates.append(b + l) }
                    }
                    b += 4
                }
                while b <= last { if isMaximum(b) { candidates.append(b) }; b += 1 }
                for b in candidates {
                    let f = Double(b) * hzPerBin
                    guard f >= fmin && f < upper else { continue }
                    // Parabolic shift and the gradient-based skew correction of piptrack
                    // (shift and gradient are 0 / one-sided at the edges, as in librosa).
                    var shift = 0.0
                    var gradient = 0.0
                    if b < bins - 1 {
                        let a = v[b + 1] + v[b - 1] - 2 * v[b]
                        let half = (v[b + 1] - v[b - 1]) / 2
                        shift = abs(half) >= abs(a) ? 0 : -half / a
                        gradient = half
                    } else {
                        gradient = v[b] - v[b - 1]
                    }
                    let magnitude = v[b] + 0.5 * gradient * shift
                    peaks.append(Peak(frequency: (Double(b) + shift) * hzPerBin, magnitude: magnitude))
                }
            }
        }
        frameStarts[s.frameCount] = peaks.count
        return (peaks, frameStarts)
    }

    /// The largest of `v[0..<count]` and 0, four lanes at a time (a maximum does not depend on
    /// the order; NaN never replaces the running value, as with `max`).
    static func frameMaximum(_ v: UnsafePointer<Double>, _ count: Int) -> Double {
        var lanes = SIMD4<Double>(repeating: 0)
        var b = 0
        while b + 4 <= count {
            let x = UnsafeRawPointer(v + b).loadUnaligned(as: SIMD4<Double>.self)
            lanes.replace(with: x, where: lanes .< x)
            b += 4
        }
        var peak = 0.0
        for l in 0..<4 where lanes[l] > peak { peak = lanes[l] }
        while b < count { if v[b] > peak { peak = v[b] }; b += 1 }
        return peak
    }

    /// `librosa.pitch_tuning`: the residuals of `binsPerOctave · log2(f / (440/16))` modulo 1,
    /// wrapped into [−0.5, 0.5), histogrammed over `ceil(1/resolution)` equal bins of [−0.5, 0.5];
    /// the left edge of the fullest bin (first one on ties) is the estimate.
    public static func pitchTuning(_ frequencies: [Double], resolution: Double = 0.01, binsPerOctave: Int = 12) -> Double {
        let valid = frequencies.filter { $0 > 0 }
        guard !valid.isEmpty else { return 0 }
        let binCount = Int((1 / resolution).rounded(.up))
        // np.linspace(-0.5, 0.5, binCount + 1)
        let step = 1.0 / Double(binCount)
        var edges = (0...binCount).map { -0.5 + Double($0) * step }
        edges[binCount] = 0.5
        var counts = [Int](repeating: 0, count: binCount)
        let bpo = Double(binsPerOctave)
        for f in valid {
            let octs = log2(f / (440.0 / 16))
            var r = (bpo * octs).truncatingRemainder(dividingBy: 1)
            if r < 0 { r += 1 }  // np.mod: result has the sign of the divisor
            if r >= 0.5 { r -= 1 }
            guard r >= edges[0] && r <= edges[binCount] else { continue }
            // np.histogram: index from the uniform grid, then corrected against the actual edges;
            // the last bin is closed on the right.
            var i = min(Int((r - edges[0]) * Double(binCount) / (edges[binCount] - edges[0])), binCount - 1)
            if r < edges[i] { i -= 1 }
            if i < binCount - 1 && r >= edges[i + 1] { i += 1 }
            counts[i] += 1
        }
        var best = 0
        for i in 1..<binCount where counts[i] > counts[best] { best = i }
        return edges[best]
    }
}
