/// Kaggle features of overlapping windows with every sample analysed once.
///
/// A window that starts a whole number of STFT hops into a longer stretch of audio (a "span")
/// has, apart from a few frames at each end, exactly the STFT frames of the span: frame t of the
/// window covers the same samples as frame t + start/hop of the span. So the span is transformed
/// once, its HPSS harmonic waveform is resynthesised once, and each window takes its frames and
/// its stretch of harmonic waveform from there. Only what depends on the window's ends is
/// computed per window:
/// - the frames that reach past the window's ends (reflect padding; two at each end);
/// - the harmonic waveform near each end, where the time-axis median filter sees the window's
///   boundary (scipy 'reflect') and the inverse STFT's window normalisation is incomplete: from
///   the window's first and last `edgeFrames` frames alone;
/// - everything after the frames: chroma with the window's own tuning, the dB floor (top_db) of
///   the window's own maximum, the tempo, and every mean and variance, over the window's frames.
///
/// Each shared value is what the window's own computation produces, bit for bit (the same FFT of
/// the same samples; medians are exact selections; the overlap-add sums the same frames in the
/// same order), and the statistics are then computed by the same code over the same values: the
/// features equal `features(window)` exactly. `SharedWindowTests` checks this against the
/// per-window path on real clips.
extension KaggleFeatureExtractor {
    /// Features of each of `windows` (ranges of `span`), in order, as `features(Array(span[w]))`.
    /// Windows that start a multiple of the hop (512) into the span and are at least
    /// `minimumSharedSamples` long share the span's frames; any other is analysed alone.
    public func features(span: [Double], windows: [Range<Int>]) -> [[Double]] {
        let hop = stft.hopLength
        let shareable = windows.map {
            $0.lowerBound >= 0 && $0.upperBound <= span.count && $0.lowerBound % hop == 0
                && $0.count >= Self.minimumSharedSamples
        }
        guard shareable.filter({ $0 }).count >= 2 else { return windows.map { features(Array(span[$0])) } }
        let analysis = SpanAnalysis(span, extractor: self)
        return zip(windows, shareable).map { window, shared in
            (shared ? analysis.flatMap { windowFeatures(span, window: window, analysis: $0) } : nil)
                ?? features(Array(span[window]))
        }
    }

    /// Shortest window that takes the shared path: its two edge stretches must not overlap.
    static let minimumSharedSamples = 8 * 512 * edgeFrames

    /// Frames at each end of a window whose harmonic waveform is recomputed from the window alone.
    /// The first `edgeFrames` frames give the window's own harmonic waveform exactly for its first
    /// `headSamples` samples (and likewise at the end), and past those the window's waveform is the
    /// span's (see `headSamples`).
    static let edgeFrames = 48

    /// Samples at the start of a window whose harmonic waveform depends on the window's start
    /// (n_fft 2048, hop 512, median over 31 frames): frames 0 and 1 reach before the window, so the
    /// time medians of frames up to 16 see them or the reflected boundary, and frame 16 covers
    /// samples up to 16·512 + 1024 = 9216; two hops of margin. The recomputation from
    /// `edgeFrames` frames is exact below sample 512·(48 − 16) − 1024 = 15360 (frames up to 32
    /// have all 15 neighbours on each side), past this.
    static let headSamples = 18 * 512 + 1024

    /// The span's STFT (as `STFT.analysed`) and harmonic waveform (as `features` computes them
    /// for a signal); nil when the span's spectrum is not finite (those windows go alone, so they
    /// take the Double route where they need it).
    struct SpanAnalysis {
        let spectrum: SingleComplexSpectrogram
        let power: Spectrogram
        let magnitude: [Float]
        let frameMaxima: [Double]
        let harmonic: [Double]
        let frameValues: FrameValues

        init?(_ span: [Double], extractor: KaggleFeatureExtractor) {
            let (spectrum, power, magnitude, maxima, finite) = extractor.stft.analysed(span, padMode: .reflect)
            guard finite, let harmonic = HPSS.singlePrecisionHarmonic(
                magnitude, real: spectrum.real, imag: spectrum.imag, bins: spectrum.binCount,
                frames: spectrum.frameCount, stft: extractor.stft, length: span.count,
                kernelSize: KaggleFeatureExtractor.hpssKernel) else { return nil }
            self.spectrum = spectrum
            self.power = power
            self.magnitude = magnitude
            frameMaxima = maxima
            self.harmonic = harmonic
            frameValues = FrameValues(span, power: power, magnitude: magnitude, extractor: extractor)
        }
    }

    /// The features of `span[window]` from the span's analysis (nil: analyse the window alone).
    func windowFeatures(_ span: [Double], window: Range<Int>, analysis: SpanAnalysis) -> [Double]? {
        windowInputs(span, window: window, analysis: analysis).map {
            summarised($0.signal, power: $0.power, magnitude: $0.magnitude, frameMaxima: $0.frameMaxima, finite: true,
                       harmonic: $0.harmonic, frameValues: $0.frameValues)
        }
    }

    /// What `summarised` needs for `span[window]`, assembled from the span's analysis: the
    /// window's STFT power, magnitude and frame maxima, harmonic waveform and `FrameValues`
    /// (nil: analyse the window alone).
    func windowInputs(_ span: [Double], window: Range<Int>, analysis: SpanAnalysis)
        -> (signal: [Double], power: Spectrogram, magnitude: [Float], frameMaxima: [Double], harmonic: [Double],
            frameValues: FrameValues)?
    {
        let signal = Array(span[window])
        let hop = stft.hopLength, half = stft.fftLength / 2, bins = stft.fftLength / 2 + 1
        let frames = stft.centeredFrameCount(signal.count), first = window.lowerBound / hop
        let edge = Self.edgeFrames
        guard frames >= 4 * edge, first + frames <= analysis.power.frameCount else { return nil }
        // The window's frames: the span's, then those reaching past the window's ends recomputed.
        var power = Array(analysis.power.values[(first * bins)..<((first + frames) * bins)])
        var magnitude = Array(analysis.magnitude[(first * bins)..<((first + frames) * bins)])
        var maxima = Array(analysis.frameMaxima[first..<(first + frames)])
        // Complex values only for the edge stretches, whose harmonic waveform is recomputed.
        let headRange = 0..<edge, tailRange = (frames - edge)..<frames
        func complexFrames(_ range: Range<Int>) -> (real: [Float], imag: [Float]) {
            let source = ((first + range.lowerBound) * bins)..<((first + range.upperBound) * bins)
            return (Array(analysis.spectrum.real[source]), Array(analysis.spectrum.imag[source]))
        }
        var (headReal, headImag) = complexFrames(headRange), (tailReal, tailImag) = complexFrames(tailRange)
        var finite = true
        let reaching = (0..<frames).filter { $0 * hop < half || $0 * hop + half > signal.count }
        func recompute(_ t: Int, _ local: Int, real: inout [Float], imag: inout [Float]) -> (maximum: Double, sum: Double) {
            signal.withUnsafeBufferPointer { x in
                power.withUnsafeMutableBufferPointer { p in
                    magnitude.withUnsafeMutableBufferPointer { m in
                        real.withUnsafeMutableBufferPointer { re in
                            imag.withUnsafeMutableBufferPointer { im in
                                stft.analysedFrame(x, padMode: .reflect, frame: t, power: p.baseAddress! + t * bins,
                                                   magnitude: m.baseAddress! + t * bins,
                                                   real: re.baseAddress! + local * bins, imag: im.baseAddress! + local * bins)
                            }
                        }
                    }
                }
            }
        }
        for t in reaching {
            precondition(headRange.contains(t) || tailRange.contains(t), "edge frame in the interior")
            let (peak, sum) = t < edge ? recompute(t, t, real: &headReal, imag: &headImag)
                : recompute(t, t - tailRange.lowerBound, real: &tailReal, imag: &tailImag)
            maxima[t] = peak
            finite = finite && sum.isFinite
        }
        guard finite else { return nil }
        // The harmonic waveform: the window's own near its ends, the span's in between.
        func edgeHarmonic(_ range: Range<Int>, real: [Float], imag: [Float]) -> [Double]? {
            HPSS.singlePrecisionHarmonic(Array(magnitude[(range.lowerBound * bins)..<(range.upperBound * bins)]),
                                         real: real, imag: imag, bins: bins, frames: range.count, stft: stft,
                                         length: range.lowerBound == 0 ? (range.count - 1) * hop : signal.count - range.lowerBound * hop,
                                         kernelSize: Self.hpssKernel)
        }
        guard let head = edgeHarmonic(headRange, real: headReal, imag: headImag),
              let tail = edgeHarmonic(tailRange, real: tailReal, imag: tailImag) else { return nil }
        let headEnd = Self.headSamples
        // Mirror image of `headSamples` at the end: the first frame reaching past the end is
        // frame e = (n − 1024) / 512 + 1; frames from e − 15 on see it, and frame e − 15 covers
        // samples from 512·(e − 15) − 1024; two hops of margin.
        let lastInside = (signal.count - half) / hop
        let tailStart = (lastInside + 1 - 15 - 2) * hop - half
        let tailOffset = tailRange.lowerBound * hop
        guard headEnd < tailStart, tailStart - tailOffset >= Self.headSamples else { return nil }
        var harmonic = [Double].uninitialized(signal.count)
        harmonic.withUnsafeMutableBufferPointer { h in
            for i in 0..<headEnd { h[i] = head[i] }
            analysis.harmonic.withUnsafeBufferPointer { s in
                let shift = window.lowerBound
                for i in headEnd..<tailStart { h[i] = s[shift + i] }
            }
            for i in tailStart..<signal.count { h[i] = tail[i - tailOffset] }
        }
        let windowPower = Spectrogram(binCount: bins, frameCount: frames, values: power)
        return (signal, windowPower, magnitude, maxima, harmonic,
                frameValues(signal, first: first, reaching: reaching, power: windowPower, magnitude: magnitude,
                            analysis: analysis))
    }

    /// The window's `FrameValues`: the span's, with the frames in `reaching` (those that reach
    /// past the window's ends) computed from the window's own samples and its recomputed power
    /// and magnitude. A frame's values depend on its samples and the padding only where it
    /// reaches past an end, so the values of the window's first and last 4096 samples (8 hops of
    /// 512, beyond n_fft 2048 + one hop) give those frames exactly: the head's frame t is the
    /// window's frame t, the tail (from sample o, a multiple of the hop) has frame t − o/512.
    func frameValues(_ signal: [Double], first: Int, reaching: [Int], power: Spectrogram, magnitude: [Float],
                     analysis: SpanAnalysis) -> FrameValues {
        let hop = stft.hopLength, bins = power.binCount, n = signal.count
        var values = analysis.frameValues.frames(first..<(first + power.frameCount))
        func piece(from offset: Int) -> (values: FrameValues, firstFrame: Int) {
            let end = offset == 0 ? 8 * hop : n
            let frame0 = offset / hop, count = stft.centeredFrameCount(end - offset)
            let frames = frame0..<(frame0 + count)
            let part = Spectrogram(binCount: bins, frameCount: count,
                                   values: Array(power.values[(frames.lowerBound * bins)..<(frames.upperBound * bins)]))
            return (FrameValues(Array(signal[offset..<end]), power: part,
                                magnitude: Array(magnitude[(frames.lowerBound * bins)..<(frames.upperBound * bins)]),
                                extractor: self), frame0)
        }
        let head = piece(from: 0), tail = piece(from: (n - 8 * hop) / hop * hop)
        for t in reaching {
            let (part, frame0) = t < head.values.frameCount && t * hop < stft.fftLength / 2 ? head : tail
            precondition(t >= frame0 && t - frame0 < part.frameCount, "frame values: edge frame outside its piece")
            values.replace(frame: t, with: part, frame: t - frame0)
        }
        return values
    }
}
