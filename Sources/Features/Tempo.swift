import Foundation

/// Global tempo estimation, as the tempo `librosa.beat.beat_track(y=y, sr=sr)` returns, i.e.
/// `librosa.feature.tempo` (Ellis 2007, "Beat tracking by dynamic programming", tempo stage).
///
/// The autocorrelation tempogram of the onset envelope (window ac_size = 8 s) is averaged over
/// time; each lag k ≥ 1 stands for 60·sr / (hop·k) BPM, is weighted by a log-normal prior
/// −½((log2 bpm − log2 startBPM) / stdBPM)², lags faster than `maxTempo` are excluded, and the
/// tempo is the BPM of argmax(log1p(10⁶·tg) + prior).
public enum Tempo {
    /// Tempo in beats per minute of `signal` at `sampleRate`, as `librosa.beat.beat_track(y=y, sr=sr)[0]`
    /// with all defaults: onset strength from the 128-band log mel spectrogram (n_fft 2048, hop 512)
    /// aggregated by the median over bands, then `estimate`. 0 when the envelope is all zeros
    /// (silence), as librosa; NaN when `sampleRate` is not positive or a sample is not finite.
    /// - Parameter padMode: STFT centre padding. `.reflect` (default) is librosa < 0.9's, with
    ///   which the GTZAN CSV was made: it reproduces the CSV's tempo on all 37 local clips, where
    ///   librosa 0.11's `.constant` disagrees on one (rock.00008, another tempo octave).
    public static func beatTrackTempo(_ signal: [Double], sampleRate: Double = 22050, stft: STFT = STFT(),
                                      padMode: PadMode = .reflect) -> Double {
        guard sampleRate > 0, sampleRate.isFinite else { return .nan }
        return beatTrackTempo(power: stft.transform(signal, padMode: padMode).power(), sampleRate: sampleRate,
                              fftLength: stft.fftLength, hopLength: stft.hopLength)
    }

    /// As `beatTrackTempo(_:)`, from an already computed power spectrogram |STFT|² of the signal
    /// (centred, n_fft `fftLength`, hop `hopLength`), so one transform can serve several features.
    /// NaN when the rate is not positive, the bin count does not match `fftLength`, or a value is
    /// not finite (NaN or infinite samples).
    public static func beatTrackTempo(power: Spectrogram, sampleRate: Double = 22050, fftLength: Int = 2048,
                                      hopLength: Int = 512) -> Double {
        guard sampleRate > 0, sampleRate.isFinite, hopLength > 0, power.binCount == fftLength / 2 + 1 else { return .nan }
        // power_to_db's floor would silently turn NaN into silence: report non-finite input as NaN.
        guard power.values.allSatisfy(\.isFinite) else { return .nan }
        let envelope = OnsetStrength.envelope(power: power, sampleRate: sampleRate, fftLength: fftLength,
                                              hopLength: hopLength, aggregate: .median)
        return estimate(onsetEnvelope: envelope, sampleRate: sampleRate, hopLength: hopLength)
    }

    /// The tempo of an onset envelope, as `librosa.feature.tempo(onset_envelope=o, sr, hop_length,
    /// start_bpm, std_bpm, ac_size, max_tempo, aggregate=np.mean)` (0 for an all-zero envelope,
    /// as beat_track returns; NaN for a non-positive rate, hop, start tempo or window, or a
    /// non-finite envelope value).
    /// - Parameters:
    ///   - startBPM: centre of the prior (default 120). `stdBPM`: its width in octaves (1).
    ///   - acSize: autocorrelation window in seconds (8): ⌊acSize·sr / hop⌋ frames.
    ///   - maxTempo: fastest tempo considered (320 BPM); nil for no limit.
    public static func estimate(onsetEnvelope: [Double], sampleRate: Double = 22050, hopLength: Int = 512,
                                startBPM: Double = 120, stdBPM: Double = 1, acSize: Double = 8,
                                maxTempo: Double? = 320) -> Double {
        guard sampleRate > 0, sampleRate.isFinite, hopLength > 0, startBPM > 0, acSize > 0,
              (acSize * sampleRate).isFinite else { return .nan }
        // Non-finite samples (NaN/∞ in the audio) make every score meaningless: say so with NaN.
        guard onsetEnvelope.allSatisfy(\.isFinite) else { return .nan }
        guard onsetEnvelope.contains(where: { $0 != 0 }) else { return 0 }
        // librosa.time_to_frames(ac_size): floor(ac_size·sr) // hop; bounded against absurd input.
        let samples = min((acSize * sampleRate).rounded(.down), Double(1 << 40))
        let window = max(1, min(Int(samples) / hopLength, 1 << 16))
        let mean = Tempogram.meanAutocorrelation(onsetEnvelope, windowLength: window)
        // librosa.tempo_frequencies: lag 0 is infinitely fast.
        let bpms = (0..<window).map { $0 == 0 ? Double.infinity : 60 * sampleRate / (Double(hopLength) * Double($0)) }
        // Lags before the first one slower than maxTempo are excluded (np.argmax(bpms < max_tempo)).
        let firstAllowed = maxTempo.map { limit in bpms.firstIndex { $0 < limit } ?? 0 } ?? 0
        var best = 0, bestScore = -Double.infinity
        for k in firstAllowed..<window {
            let prior = -0.5 * pow((log2(bpms[k]) - log2(startBPM)) / stdBPM, 2)
            let score = log1p(1e6 * mean[k]) + prior
            if score > bestScore { best = k; bestScore = score }
        }
        return bpms[best]
    }
}
