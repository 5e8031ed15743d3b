/// The log-mel spectrogram researchers look at, as
/// `librosa.power_to_db(librosa.feature.melspectrogram(y=y, sr=sr), ref=np.max)`: 128 Slaney mel
/// bands of the power STFT (n_fft 2048, hop 512, centred with zero padding, librosa ≥ 0.10's
/// default), in dB relative to the loudest value, floored 80 dB below it.
public enum LogMel {
    /// Mel power frames of `signal` (frame-major, `melCount` values per frame), before dB.
    public static func power(_ signal: [Double], sampleRate: Double = 22050, melCount: Int = 128,
                             stft: STFT = STFT()) -> Spectrogram {
        MelFilterBank(sampleRate: sampleRate, fftLength: stft.fftLength, melCount: melCount)
            .apply(stft.transform(signal, padMode: .constant).power())
    }

    /// The dB image of mel power frames: 10·log10(S / max S), floored at −topDB.
    public static func decibels(_ power: Spectrogram, topDB: Double = 80) -> Spectrogram {
        let peak = power.values.max() ?? 1
        return power.decibels(reference: peak > 0 ? peak : 1, topDB: topDB)
    }

    /// `power_to_db(melspectrogram(y, sr), ref=np.max)`.
    public static func spectrogram(_ signal: [Double], sampleRate: Double = 22050, melCount: Int = 128) -> Spectrogram {
        decibels(power(signal, sampleRate: sampleRate, melCount: melCount))
    }
}
