/// Spectral-flux onset strength, as `librosa.onset.onset_strength` (librosa 0.11 defaults).
///
/// The log-power mel spectrogram S (128 bands, n_fft 2048, hop 512, `power_to_db` with top_db 80)
/// is differenced over one frame; increases are kept (half-wave rectification) and aggregated
/// across bands: o[t] = agg_m max(0, S[m, t] − S[m, t − 1]). The result is shifted right by
/// lag + n_fft / (2·hop) = 3 frames (zeros first) to undo the centred framing and cut to the
/// spectrogram's frame count, as librosa does with `center=True`.
public enum OnsetStrength {
    /// How the per-band increases of one frame are combined (librosa `aggregate`).
    public enum Aggregate: Sendable {
        /// `np.mean` (onset_strength's default).
        case mean
        /// `np.median` (what `librosa.beat.beat_track` passes).
        case median
    }

    /// The onset-strength envelope of `signal`, one value per STFT frame.
    /// - Parameters:
    ///   - sampleRate: audio rate in Hz (sets the mel filters; fmax = sampleRate / 2).
    ///   - stft: transform (n_fft 2048, hop 512 by default).
    ///   - padMode: centre padding of the STFT. `.reflect` is what librosa < 0.9 used and what
    ///     reproduces the GTZAN CSV's tempo column; `.constant` is librosa ≥ 0.9's default.
    ///   - aggregate: `.mean` (librosa's default) or `.median` (beat_track).
    public static func envelope(
        _ signal: [Double], sampleRate: Double = 22050, stft: STFT = STFT(),
        padMode: PadMode = .reflect, aggregate: Aggregate = .mean
    ) -> [Double] {
        envelope(power: stft.transform(signal, padMode: padMode).power(), sampleRate: sampleRate,
                 fftLength: stft.fftLength, hopLength: stft.hopLength, aggregate: aggregate)
    }

    /// The onset envelope from an already computed power spectrogram |STFT|² (n_fft/2 + 1 bins),
    /// so one transform can serve several features: 128-band mel (fmax = sampleRate / 2),
    /// `power_to_db`, then `envelope(decibels:)`. Empty when the bin count does not match `fftLength`.
    public static func envelope(power: Spectrogram, sampleRate: Double = 22050, fftLength: Int = 2048,
                                hopLength: Int = 512, aggregate: Aggregate = .mean) -> [Double] {
        guard power.binCount == fftLength / 2 + 1, sampleRate > 0, sampleRate.isFinite else { return [] }
        let bank = MelFilterBank(sampleRate: sampleRate, fftLength: fftLength)
        let melDB = bank.apply(power).decibels()
        return envelope(decibels: melDB, fftLength: fftLength, hopLength: hopLength, aggregate: aggregate)
    }

    /// The onset envelope of a log-power spectrogram (`onset_strength(S=...)`, lag 1, max_size 1,
    /// center=True): the aggregated positive first differences, delayed by
    /// 1 + fftLength / (2·hopLength) frames.
    public static func envelope(decibels s: Spectrogram, fftLength: Int = 2048, hopLength: Int = 512,
                                aggregate: Aggregate = .mean) -> [Double] {
        let frames = s.frameCount, bands = s.binCount
        var out = [Double](repeating: 0, count: frames)
        guard frames > 1, bands > 0 else { return out }
        let delay = 1 + fftLength / (2 * max(hopLength, 1))
        var diff = [Double](repeating: 0, count: bands)
        s.values.withUnsafeBufferPointer { v in
            // Output t holds the difference between frames t − delay + 1 and t − delay.
            for t in delay..<max(frames, delay) {
                let current = t - delay + 1
                guard current < frames else { break }
                let a = (current - 1) * bands, b = current * bands
                for m in 0..<bands { diff[m] = max(0, v[b + m] - v[a + m]) }
                switch aggregate {
                case .mean:
                    out[t] = diff.reduce(0, +) / Double(bands)
                case .median:
                    out[t] = diff.withUnsafeMutableBufferPointer { OnsetStrength.median($0.baseAddress!, bands) }
                }
            }
        }
        return out
    }

    /// numpy's median of `x[0..<n]` (mean of the two middle values for even n), found by
    /// quickselect in place (x is reordered): the same value a full sort gives, in O(n).
    /// Half-wave rectified differences are often zero for half the bands or more: when no value
    /// is negative the zeros open the sorted order, so a median among them is 0 without
    /// selecting, and otherwise only the positive values go through quickselect.
    static func median(_ x: UnsafeMutablePointer<Double>, _ n: Int) -> Double {
        guard n > 0 else { return .nan }
        let k = n / 2
        var zeros = 0, negatives = 0
        for i in 0..<n { zeros += x[i] == 0 ? 1 : 0; negatives += x[i] < 0 ? 1 : 0 }
        guard negatives == 0 && zeros > 0 else {
            let (lower, upper) = selectRank(x, n, rank: k)
            return n % 2 == 1 ? upper : (lower + upper) / 2
        }
        if zeros > k { return 0 }
        // Sorted: `zeros` zeros, then the rest; rank k is the rest's rank k − zeros, and for even
        // n rank k − 1 is the last zero when zeros == k.
        var count = 0
        for i in 0..<n where !(x[i] == 0) { x[count] = x[i]; count += 1 }
        let (lower, upper) = selectRank(x, count, rank: k - zeros)
        return n % 2 == 1 ? upper : ((zeros == k ? 0 : lower) + upper) / 2
    }
}
