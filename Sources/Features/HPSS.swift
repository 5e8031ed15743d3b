/// Harmonic-percussive source separation, as `librosa.effects.hpss` / `librosa.decompose.hpss`.
/// (Placeholder signature: implemented on the `rhythm` branch.)
public enum HPSS {
    /// The harmonic and percussive waveforms of `signal`, as `librosa.effects.hpss(y, pad_mode=padMode)`:
    /// STFT (n_fft 2048, hop 512, Hann, centred), 31-frame/31-bin median filters, soft masks
    /// (power 2, margin 1), ISTFT back to `signal.count` samples.
    public static func separate(_ signal: [Double], stft: STFT = STFT(), padMode: PadMode = .reflect)
        -> (harmonic: [Double], percussive: [Double])
    {
        let nan = [Double](repeating: .nan, count: signal.count)
        return (nan, nan)
    }
}
