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
        return (0..<magnitude.frameCount).map { t in
            let frame = magnitude.frame(t)
            let total = frame.reduce(0, +)
            guard total > Double.leastNormalMagnitude else { return 0 }
            var acc = 0.0
            for (k, s) in zip(freq, frame) { acc += k * s }
            return acc / total
        }
    }

    /// Spectral bandwidth of order 2: (Σ S_norm · (f − centroid)²)^(1/2) with S_norm the frame
    /// normalised to unit sum, as `librosa.feature.spectral_bandwidth` with its defaults.
    public static func bandwidth(_ magnitude: Spectrogram, sampleRate: Double, centroids: [Double]? = nil) -> [Double] {
        let freq = fftFrequencies(sampleRate: sampleRate, fftLength: 2 * (magnitude.binCount - 1))
        let centre = centroids ?? centroid(magnitude, sampleRate: sampleRate)
        return (0..<magnitude.frameCount).map { t in
            let frame = magnitude.frame(t)
            let total = frame.reduce(0, +)
            // librosa leaves a frame whose sum is below the smallest normal number unnormalised.
            let scale = total > Double.leastNormalMagnitude ? 1 / total : 1
            var acc = 0.0
            for (f, s) in zip(freq, frame) { let d = f - centre[t]; acc += s * scale * d * d }
            return acc.squareRoot()
        }
    }

    /// Roll-off frequency: the lowest bin frequency at which the cumulative energy reaches
    /// `rollPercent` (default 0.85) of the frame's total, as `librosa.feature.spectral_rolloff`.
    public static func rolloff(_ magnitude: Spectrogram, sampleRate: Double, rollPercent: Double = 0.85) -> [Double] {
        let freq = fftFrequencies(sampleRate: sampleRate, fftLength: 2 * (magnitude.binCount - 1))
        return (0..<magnitude.frameCount).map { t in
            let frame = magnitude.frame(t)
            // librosa works on float32 spectra: its running sum and threshold are float32, and
            // the roll-off bin is decided by comparing them, so accumulate the same way to land
            // on the same bin when the sum passes the threshold within float32 rounding.
            var total: Float = 0
            for s in frame { total += Float(s) }
            let threshold = Float(rollPercent) * total
            var cumulative: Float = 0
            for (k, s) in frame.enumerated() {
                cumulative += Float(s)
                if !(cumulative < threshold) { return freq[k] }
            }
            return freq[freq.count - 1]
        }
    }
}
