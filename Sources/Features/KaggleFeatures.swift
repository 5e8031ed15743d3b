/// The 57 features of the GTZAN Kaggle release for one clip, computed the way
/// ../reference/librosa_kaggle_features.py (librosa's pre-0.9 defaults) computes them:
/// one centred STFT (n_fft 2048, hop 512, periodic Hann, reflect padding) feeds chroma_stft,
/// the spectral centroid, bandwidth and roll-off, the MFCCs and the harmonic/percussive
/// separation; RMS and zero-crossing rate frame the waveform; tempo comes from beat tracking.
/// Each per-frame quantity is summarised by its mean and population variance.
public struct KaggleFeatureExtractor: Sendable {
    public let sampleRate: Double
    let stft: STFT
    let mfcc: MFCC

    /// - Parameter sampleRate: rate of the signals passed to `features` (22050 for GTZAN).
    public init(sampleRate: Double = Double(KaggleSchema.sampleRate)) {
        self.sampleRate = sampleRate
        stft = STFT(fftLength: 2048, hopLength: 512)
        mfcc = MFCC(sampleRate: sampleRate)
        _ = AllocatorTuning.applied
    }

    /// Shortest signal accepted: reflect padding by n_fft/2 needs more than 1024 samples.
    public static let minimumSamples = 2048

    /// The 57 feature values in `KaggleSchema.featureNames` order.
    /// - Precondition: `signal.count >= minimumSamples` (callers report shorter input as an error).
    public func features(_ signal: [Double]) -> [Double] {
        precondition(signal.count >= Self.minimumSamples, "KaggleFeatureExtractor: signal too short")
        // |X| is kept only rounded to Float, as librosa's float32 spectra were: HPSS median-filters
        // it and the spectral shape reads it (widened exactly; the roll-off sums in Float anyway).
        let (spectrum, power, magnitude, frameMaxima, finite) = stft.analysed(signal, padMode: .reflect)
        // HPSS resynthesises from the complex64 spectrum; only input whose magnitudes are not
        // finite in Float takes the Double route (with its own Double transform). Its waveform is
        // then rounded to Float like the other's, so a harmonic part beyond Float's range (samples
        // near 1e38, which no decoder produces) gives infinite harmony columns.
        let harmonicWave = HPSS.singlePrecisionHarmonic(magnitude, real: spectrum.real, imag: spectrum.imag,
                                                        bins: spectrum.binCount, frames: spectrum.frameCount, stft: stft,
                                                        length: signal.count, kernelSize: Self.hpssKernel,
                                                        knownFinite: magnitudesFiniteInFloat(powersFinite: finite,
                                                                                             frameMaxima: frameMaxima))
            ?? HPSS.harmonicPart(signal, spectrogram: stft.transform(signal, padMode: .reflect), stft: stft,
                                 kernelSize: Self.hpssKernel).map(Float.init)
        let values = FrameValues(signal, power: power, magnitude: magnitude, extractor: self)
        return signal.withUnsafeBufferPointer { x in
            harmonicWave.withUnsafeBufferPointer { h in
                summarised(x, power: SpectrogramFrames(power), frameMaxima: frameMaxima, finite: finite,
                           harmonic: WaveformPieces(h), frameValues: values)
            }
        }
    }

    /// HPSS median window, in frames and bins (librosa's default 31).
    static let hpssKernel = 31

    /// The 57 features from what `features` derives from the signal first: the reflect-padded
    /// STFT's power (Double) and frame maxima, whether every power is finite, the HPSS harmonic
    /// waveform before its legacy tail and the per-frame values (`FrameValues`, from the power and
    /// the magnitude rounded to Float). The shared path for overlapping windows
    /// (`features(span:windows:)`) assembles the same inputs from frames computed once, and reads
    /// them in place (`SpectrogramFrames`, `WaveformPieces`).
    /// - Parameter tuning: chroma's tuning when the caller has estimated it from the same frames
    ///   (the shared path, from the span's pitch peaks); else estimated here.
    func summarised(_ signal: UnsafeBufferPointer<Double>, power: SpectrogramFrames, frameMaxima: [Double], finite: Bool,
                    harmonic harmonicWave: WaveformPieces, frameValues values: consuming FrameValues,
                    tuning: Double? = nil) -> [Double] {
        precondition(values.frameCount == power.frameCount, "summarised: frame values for other frames")
        var out: [Double] = []
        out.reserveCapacity(KaggleSchema.featureCount)
        func summarise(_ values: some Collection<Double>) {
            let (m, v) = meanAndVariance(values)
            out += [m, v]
        }
        summarise(chromaSTFT(power: power, sampleRate: sampleRate, frameMaxima: frameMaxima, tuning: tuning).values)
        summarise(values.rms)
        summarise(values.centroid)
        summarise(values.bandwidth)
        summarise(values.rolloff)
        summarise(values.zeroCrossingRate)
        let (harmonic, percussive) = HPSS.statistics(signal, harmonic: harmonicWave, frames: power.frameCount,
                                                     stft: stft, legacyTail: true)
        out += [harmonic.mean, harmonic.variance, percussive.mean, percussive.variance]
        // The tempo's onset envelope and the MFCCs start from the same 128-band mel spectrogram
        // in dB (Tempo.beatTrackTempo(power:) and MFCC.coefficients(ofPower:) each build it):
        // computed once here, with beatTrackTempo's guard that non-finite input gives NaN.
        // The floor is the window's own, so it is applied to the window's copy, in place (the
        // values' reference is dropped first, so the 1.3 MB are not copied once more).
        var floored = values.melDecibels
        values.melDecibels = []
        floorDecibels(&floored)
        let melDB = Spectrogram(binCount: values.melBands, frameCount: values.frameCount, values: floored)
        if finite {
            let envelope = OnsetStrength.envelope(decibels: melDB, fftLength: stft.fftLength,
                                                  hopLength: stft.hopLength, aggregate: .median)
            out.append(Tempo.estimate(onsetEnvelope: envelope, sampleRate: sampleRate, hopLength: stft.hopLength))
        } else {
            out.append(.nan)
        }
        let cepstrum = mfcc.cepstrum(ofDecibels: melDB)
        for k in 0..<mfcc.coefficientCount {
            summarise((0..<cepstrum.frameCount).lazy.map { cepstrum.values[$0 * mfcc.coefficientCount + k] })
        }
        return out
    }
}
