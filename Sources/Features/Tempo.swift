/// Global tempo estimation, as the tempo `librosa.beat.beat_track(y=y, sr=sr)` returns.
/// (Placeholder signature: implemented on the `rhythm` branch.)
public enum Tempo {
    /// Tempo in beats per minute of `signal` at `sampleRate`, as `librosa.beat.beat_track(y=y, sr=sr)[0]`
    /// with all defaults (onset strength from a 128-band mel spectrogram, hop 512, autocorrelation
    /// tempogram of 384 frames, log-normal prior around 120 BPM).
    public static func beatTrackTempo(_ signal: [Double], sampleRate: Double) -> Double {
        .nan
    }
}
