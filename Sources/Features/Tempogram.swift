/// The autocorrelation tempogram, as `librosa.feature.tempogram(onset_envelope=o,
/// win_length=w, center=True, window='hann', norm=inf)` (Grosche, Müller & Kurth 2010).
///
/// The onset envelope is padded by w/2 on each side with numpy's 'linear_ramp' to 0; frame t
/// is the w values starting at padded index t (so centred on envelope sample t), multiplied by a
/// periodic Hann window of length w; its autocorrelation over lags 0..<w (computed with a
/// zero-padded real FFT, so not circular) is divided by its largest absolute value (left as is
/// when that is below the smallest normal number).
public enum Tempogram {
    /// The tempogram of `onsetEnvelope`: `binCount` = windowLength lags, one frame per envelope
    /// sample (frame-major like every `Spectrogram`).
    /// - Parameter windowLength: `win_length` in frames (librosa default 384; `librosa.feature.tempo`
    ///   uses ⌊8 s · sr / hop⌋ = 344 at 22050 Hz); values below 1 act as 1.
    public static func autocorrelation(_ onsetEnvelope: [Double], windowLength: Int = 384) -> Spectrogram {
        let w = max(1, windowLength)
        var out = Spectrogram(binCount: w, frameCount: onsetEnvelope.count)
        forEachFrame(onsetEnvelope, windowLength: w) { t, ac in
            for k in 0..<w { out.values[t * w + k] = ac[k] }
        }
        return out
    }

    /// The tempogram averaged over frames (`np.mean(tempogram, axis=-1)`, what
    /// `librosa.feature.tempo` uses), accumulated frame by frame so long signals need only
    /// `windowLength` values of memory. Empty for an empty envelope.
    public static func meanAutocorrelation(_ onsetEnvelope: [Double], windowLength: Int = 384) -> [Double] {
        let w = max(1, windowLength)
        guard !onsetEnvelope.isEmpty else { return [] }
        var sum = [Double](repeating: 0, count: w)
        forEachFrame(onsetEnvelope, windowLength: w) { _, ac in
            for k in 0..<w { sum[k] += ac[k] }
        }
        return sum.map { $0 / Double(onsetEnvelope.count) }
    }

    /// Calls `body(t, normalisedAutocorrelation)` for each frame t (the buffer holds at least
    /// `windowLength` values and is reused between calls).
    static func forEachFrame(_ onsetEnvelope: [Double], windowLength w: Int,
                             _ body: (Int, UnsafePointer<Double>) -> Void) {
        let n = onsetEnvelope.count
        guard n > 0 else { return }
        let half = w / 2
        // numpy.pad(mode='linear_ramp', end_values=0): ramps from 0 up to the edge values.
        var padded = [Double](repeating: 0, count: n + 2 * half)
        let first = onsetEnvelope[0], last = onsetEnvelope[n - 1]
        for j in 0..<half {
            padded[j] = Double(j) * (first / Double(half))
            padded[half + n + j] = Double(half - 1 - j) * (last / Double(half))
        }
        for i in 0..<n { padded[half + i] = onsetEnvelope[i] }
        let window = Window.hann(w)
        var size = 4
        while size < 2 * w - 1 { size <<= 1 }
        let fft = RealFFT(size: size)
        var frame = [Double](repeating: 0, count: size)
        var re = [Double](repeating: 0, count: size / 2 + 1), im = re
        var ac = frame
        for t in 0..<n {
            // Frames reaching past the padded end (w even) read zeros; librosa never gets there
            // because it truncates to n frames, so this only keeps the indexing safe.
            for i in 0..<w { frame[i] = t + i < padded.count ? padded[t + i] * window[i] : 0 }
            fft.forward(frame, real: &re, imag: &im)
            for k in 0..<re.count {
                re[k] = re[k] * re[k] + im[k] * im[k]
                im[k] = 0
            }
            fft.inverse(real: &re, imag: &im, output: &ac)
            var peak = 0.0
            for k in 0..<w { peak = max(peak, abs(ac[k])) }
            if peak < Double.leastNormalMagnitude { peak = 1 }
            for k in 0..<w { ac[k] /= peak }
            ac.withUnsafeBufferPointer { body(t, $0.baseAddress!) }
        }
    }
}
