/// The per-frame values of the Kaggle features that depend on each frame's own samples only, not
/// on the window they are summarised over: RMS, zero-crossing rate, spectral centroid, bandwidth
/// and roll-off, and the 128-band mel spectrogram in dB before its top_db floor (the floor is the
/// window's maximum − 80 dB, so it is applied per window, `floorDecibels`).
///
/// `KaggleFeatureExtractor.summarised` computes them for a window from its signal and STFT; the
/// shared path for overlapping windows (`features(span:windows:)`) computes them once for the
/// span and gives each window its stretch of frames, with the frames that reach past the
/// window's ends (reflect or edge padding) recomputed from the window's own samples. Every value
/// is a function of one frame alone (each kernel's lanes do one frame's scalar arithmetic), so a
/// window's frames taken from the span equal its own bit for bit.
struct FrameValues {
    var rms: [Double]
    var zeroCrossingRate: [Double]
    var centroid: [Double]
    var bandwidth: [Double]
    var rolloff: [Double]
    /// Mel power in dB (`powerToDB` with no top_db), frame-major, `melBands` per frame.
    var melDecibels: [Double]
    let melBands: Int

    var frameCount: Int { rms.count }

    /// The values of every frame of `signal`, from its centred STFT's `power` and `magnitude`
    /// (as `STFT.analysed` gives them).
    init(_ signal: [Double], power: Spectrogram, magnitude: [Float], extractor: KaggleFeatureExtractor) {
        rms = Energy.rms(signal, padMode: .reflect)
        zeroCrossingRate = Energy.zeroCrossingRate(signal)
        (centroid, bandwidth, rolloff) = SpectralShape.describe(magnitude, bins: power.binCount, frames: power.frameCount,
                                                                sampleRate: extractor.sampleRate)
        let mel = extractor.mfcc.melBank.apply(power)
        melBands = mel.binCount
        melDecibels = powerToDB(mel.values, topDB: nil)
        precondition(rms.count == power.frameCount && zeroCrossingRate.count == power.frameCount,
                     "FrameValues: frame counts differ")
    }

    /// Frames `range` of these values.
    func frames(_ range: Range<Int>) -> FrameValues {
        FrameValues(rms: Array(rms[range]), zeroCrossingRate: Array(zeroCrossingRate[range]),
                    centroid: Array(centroid[range]), bandwidth: Array(bandwidth[range]), rolloff: Array(rolloff[range]),
                    melDecibels: Array(melDecibels[(range.lowerBound * melBands)..<(range.upperBound * melBands)]),
                    melBands: melBands)
    }

    private init(rms: [Double], zeroCrossingRate: [Double], centroid: [Double], bandwidth: [Double], rolloff: [Double],
                 melDecibels: [Double], melBands: Int) {
        self.rms = rms
        self.zeroCrossingRate = zeroCrossingRate
        self.centroid = centroid
        self.bandwidth = bandwidth
        self.rolloff = rolloff
        self.melDecibels = melDecibels
        self.melBands = melBands
    }

    /// Frame `t` takes frame `u` of `other`.
    mutating func replace(frame t: Int, with other: FrameValues, frame u: Int) {
        rms[t] = other.rms[u]
        zeroCrossingRate[t] = other.zeroCrossingRate[u]
        centroid[t] = other.centroid[u]
        bandwidth[t] = other.bandwidth[u]
        rolloff[t] = other.rolloff[u]
        for b in 0..<melBands { melDecibels[t * melBands + b] = other.melDecibels[u * melBands + b] }
    }
}
