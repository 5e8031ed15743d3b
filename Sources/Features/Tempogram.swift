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
        let n = onsetEnvelope.count
        guard n > 0 else { return [] }
        // The inverse FFT is linear, so the mean of the normalised autocorrelations is the inverse
        // of the mean normalised power spectrum: one inverse transform instead of one per frame.
        // Each frame's normaliser, the largest |autocorrelation|, is the lag-0 value (the frame's
        // energy Σx², never exceeded by another lag), computed directly.
        let padded = paddedEnvelope(onsetEnvelope, windowLength: w)
        let window = Window.hann(w)
        var size = 4
        while size < 2 * w - 1 { size <<= 1 }
        let fft = RealFFT(size: size)
        let bins = size / 2 + 1
        var frame = [Double](repeating: 0, count: size)
        var re = [Double](repeating: 0, count: bins), im = re, accumulated = re
        var ac = frame
        padded.withUnsafeBufferPointer { x in
            window.withUnsafeBufferPointer { wd in
                frame.withUnsafeMutableBufferPointer { f in
                    re.withUnsafeMutableBufferPointer { r in
                        im.withUnsafeMutableBufferPointer { m in
                            accumulated.withUnsafeMutableBufferPointer { acc in
                                for t in 0..<n {
                                    // Values past the padded end (see forEachFrame) are zeros;
                                    // adding their 0² would not change the energy.
                                    let available = max(0, min(w, x.count - t))
                                    var energy = 0.0
                                    for i in 0..<available {
                                        let v = x[t + i] * wd[i]
                                        f[i] = v
                                        energy += v * v
                                    }
                                    for i in available..<w { f[i] = 0 }
                                    guard energy >= Double.leastNormalMagnitude else { continue }
                                    fft.forward(f.baseAddress!, real: r.baseAddress!, imag: m.baseAddress!)
                                    let scale = 1 / energy
                                    for k in 0..<bins { acc[k] += (r[k] * r[k] + m[k] * m[k]) * scale }
                                }
                                for k in 0..<bins { m[k] = 0 }
                            }
                        }
                    }
                }
            }
        }
        fft.inverse(real: &accumulated, imag: &im, output: &ac)
        return (0..<w).map { ac[$0] / Double(n) }
    }

    /// The onset envelope padded by w/2 on each side as numpy.pad(mode='linear_ramp',
    /// end_values=0): ramps from 0 up to the edge values.
    static func paddedEnvelope(_ onsetEnvelope: [Double], windowLength w: Int) -> [Double] {
        let n = onsetEnvelope.count, half = w / 2
        var padded = [Double](repeating: 0, count: n + 2 * half)
        let first = onsetEnvelope[0], last = onsetEnvelope[n - 1]
        for j in 0..<half {
            padded[j] = Double(j) * (first / Double(half))
            padded[half + n + j] = Double(half - 1 - j) * (last / Double(half))
        }
        for i in 0..<n { padded[half + i] = onsetEnvelope[i] }
        return padded
    }

    /// Calls `body(t, normalisedAutocorrelation)` for each frame t (the buffer holds at least
    /// `windowLength` values and is reused between calls).
    static func forEachFrame(_ onsetEnvelope: [Double], windowLength w: Int,
                             _ body: (Int, UnsafePointer<Double>) -> Void) {
        let n = onsetEnvelope.count
        guard n > 0 else { return }
        let padded = paddedEnvelope(onsetEnvelope, windowLength: w)
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
