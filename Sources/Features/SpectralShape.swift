import Foundation

/// Per-frame descriptors of the shape of a magnitude spectrum, as librosa's
/// `feature.spectral_centroid`, `feature.spectral_bandwidth` (p = 2, norm = True) and
/// `feature.spectral_rolloff` (roll_percent = 0.85). The GTZAN features compute all three from the
/// magnitude |STFT| (n_fft 2048, hop 512, reflect padding).
public enum SpectralShape {
    /// Spectral centroid of each frame: Σ f·S / Σ S (librosa normalises each frame to unit sum;
    /// an all-zero frame gives 0).
    public static func centroid(_ magnitude: Spectrogram, sampleRate: Double) -> [Double] {
        let freq = fftFrequencies(sampleRate: sampleRate, fftLength: 2 * (magnitude.binCount - 1))
        return fourFramesAtATime(magnitude) { frames, bins in
            var total = Quad(), acc = Quad()
            for k in 0..<bins {
                let s = Quad(frames.0[k], frames.1[k], frames.2[k], frames.3[k])
                total += s
                acc += Quad(repeating: freq[k]) * s
            }
            return Quad().replacing(with: acc / total, where: total .> Quad(repeating: Double.leastNormalMagnitude))
        }
    }

    /// Spectral bandwidth of order 2: (Σ S_norm · (f − centroid)²)^(1/2) with S_norm the frame
    /// normalised to unit sum, as `librosa.feature.spectral_bandwidth` with its defaults.
    public static func bandwidth(_ magnitude: Spectrogram, sampleRate: Double, centroids: [Double]? = nil) -> [Double] {
        let freq = fftFrequencies(sampleRate: sampleRate, fftLength: 2 * (magnitude.binCount - 1))
        let centre = centroids ?? centroid(magnitude, sampleRate: sampleRate)
        precondition(centre.count == magnitude.frameCount, "SpectralShape: one centroid per frame expected")
        var t0 = 0
        return fourFramesAtATime(magnitude) { frames, bins in
            defer { t0 += 4 }
            let last = magnitude.frameCount - 1
            let c = Quad(centre[t0], centre[min(t0 + 1, last)], centre[min(t0 + 2, last)], centre[min(t0 + 3, last)])
            var total = Quad()
            for k in 0..<bins { total += Quad(frames.0[k], frames.1[k], frames.2[k], frames.3[k]) }
            // librosa leaves a frame whose sum is below the smallest normal number unnormalised.
            let scale = Quad(repeating: 1).replacing(with: 1 / total, where: total .> Quad(repeating: Double.leastNormalMagnitude))
            var acc = Quad()
            for k in 0..<bins {
                let s = Quad(frames.0[k], frames.1[k], frames.2[k], frames.3[k])
                let d = Quad(repeating: freq[k]) - c
                acc += s * scale * d * d
            }
            return acc.squareRoot()
        }
    }

    /// Roll-off frequency: the lowest bin frequency at which the cumulative energy reaches
    /// `rollPercent` (default 0.85) of the frame's total, as `librosa.feature.spectral_rolloff`.
    public static func rolloff(_ magnitude: Spectrogram, sampleRate: Double, rollPercent: Double = 0.85) -> [Double] {
        let freq = fftFrequencies(sampleRate: sampleRate, fftLength: 2 * (magnitude.binCount - 1))
        return fourFramesAtATime(magnitude) { frames, bins in
            // librosa works on float32 spectra: its running sum and threshold are float32, and
            // the roll-off bin is decided by comparing them, so accumulate the same way to land
            // on the same bin when the sum passes the threshold within float32 rounding.
            var total = SIMD4<Float>()
            for k in 0..<bins {
                total += SIMD4<Float>(Float(frames.0[k]), Float(frames.1[k]), Float(frames.2[k]), Float(frames.3[k]))
            }
            let threshold = Float(rollPercent) * total
            var result = Quad()
            for (lane, frame) in [frames.0, frames.1, frames.2, frames.3].enumerated() {
                var cumulative: Float = 0
                result[lane] = freq[freq.count - 1]
                for k in 0..<bins {
                    cumulative += Float(frame[k])
                    if !(cumulative < threshold[lane]) { result[lane] = freq[k]; break }
                }
            }
            return result
        }
    }

    /// Four frames side by side, one per SIMD lane: each lane does exactly the scalar arithmetic
    /// of its frame (same order, so the same rounding), with four independent sums in flight
    /// instead of one latency-bound chain.
    typealias Quad = SIMD4<Double>

    /// One value per frame of `spectrogram`, from `body` given four frames at a time (the last
    /// group repeats its final frame to fill the lanes; those lanes are dropped).
    private static func fourFramesAtATime(
        _ spectrogram: Spectrogram,
        _ body: ((UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>), Int) -> Quad
    ) -> [Double] {
        let frames = spectrogram.frameCount, bins = spectrogram.binCount
        var out = [Double](repeating: 0, count: frames)
        guard frames > 0, bins > 0 else { return out }
        spectrogram.values.withUnsafeBufferPointer { v in
            let base = v.baseAddress!
            var t = 0
            while t < frames {
                let row = { (i: Int) in base + min(t + i, frames - 1) * bins }
                let r = body((row(0), row(1), row(2), row(3)), bins)
                for l in 0..<min(4, frames - t) { out[t + l] = r[l] }
                t += 4
            }
        }
        return out
    }
}
