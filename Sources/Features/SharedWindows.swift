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
        features(span: span, windows: windows, start: 0, carry: nil).features
    }

    /// As `features(span:windows:)`, for a span that starts at the recording's sample `start`,
    /// taking what it shares with the previous span from that span's `carry` (nil: none). Also
    /// returns the span's analysis, from which the next span's carry is cut (`SpanCarrySource`;
    /// nil when the windows did not share one).
    public func features(span: [Double], windows: [Range<Int>], start: Int, carry: SpanCarry?)
        -> (features: [[Double]], carrySource: SpanCarrySource?)
    {
        let hop = stft.hopLength
        let shareable = windows.map {
            $0.lowerBound >= 0 && $0.upperBound <= span.count && $0.lowerBound % hop == 0
                && $0.count >= Self.minimumSharedSamples
        }
        guard shareable.filter({ $0 }).count >= 2 else { return (windows.map { features(Array(span[$0])) }, nil) }
        let analysis = SpanAnalysis(span, extractor: self, start: start, carry: carry)
        return (zip(windows, shareable).map { window, shared in
            (shared ? analysis.flatMap { windowFeatures(span, window: window, analysis: $0) } : nil)
                ?? features(Array(span[window]))
        }, analysis.map { SpanCarrySource(analysis: $0, start: start, stft: stft) })
    }

    /// Shortest window that takes the shared path: its two edge stretches must not overlap.
    static let minimumSharedSamples = 8 * 512 * edgeFrames

    /// Frames at each end of a window whose harmonic waveform is recomputed from the window alone.
    /// The first `edgeFrames` frames give the window's own harmonic waveform exactly for its first
    /// `headSamples` samples (and likewise at the end), and past those the window's waveform is the
    /// span's (see `headSamples`). 42 leaves a hop of margin at the end, where `windowInputs`
    /// needs (edgeFrames − 19)·512 − 1024 ≥ `headSamples`, i.e. at least 41 (48 until 2026-12-03:
    /// each window's edge work is now an eighth smaller).
    static let edgeFrames = 42

    /// Samples at the start of a window whose harmonic waveform depends on the window's start
    /// (n_fft 2048, hop 512, median over 31 frames): frames 0 and 1 reach before the window, so the
    /// time medians of frames up to 16 see them or the reflected boundary, and frame 16 covers
    /// samples up to 16·512 + 1024 = 9216; two hops of margin. The recomputation from
    /// `edgeFrames` frames is exact below sample 512·(42 − 16) − 1024 = 12288 (the frames reaching
    /// below it, up to 25, have all 15 neighbours on each side inside the 42), past this.
    static let headSamples = 18 * 512 + 1024

    /// The span's STFT (as `STFT.analysed`) and harmonic waveform (as `features` computes them
    /// for a signal); nil when the span's spectrum is not finite (those windows go alone, so they
    /// take the Double route where they need it). The complex spectrum and the magnitude are kept
    /// in full although the windows read them only in their edge blocks: cutting the blocks out
    /// and dropping the rest made the peak memory larger, not smaller (the blocks are made while
    /// the whole spectrum is still held, and the peak is there, during the span's HPSS).
    struct SpanAnalysis {
        let spectrum: SingleComplexSpectrogram
        let power: Spectrogram
        let magnitude: [Float]
        let frameMaxima: [Double]
        let harmonic: [Float]
        let frameValues: FrameValues
        /// Chroma's pitch peaks of every frame (`Tuning.pitchTrackByFrame`): a frame's peaks
        /// depend on its power and maximum alone, so a window takes those of its inner frames.
        let peaks: (peaks: [Tuning.Peak], frameStarts: [Int])

        /// - Parameters:
        ///   - start: the recording's sample the span starts at (a multiple of the hop, for `carry`).
        ///   - carry: the previous span's, if it overlaps this one (`SpanCarry`): its frames and
        ///     harmonic waveform are taken from there, and only the rest computed.
        init?(_ span: [Double], extractor: KaggleFeatureExtractor, start: Int = 0, carry: SpanCarry? = nil) {
            let stft = extractor.stft
            let use = carry.flatMap {
                CarryUse($0, start: start, count: span.count, frames: stft.centeredFrameCount(span.count), stft: stft)
            }
            guard let carry, let use else {
                let (spectrum, power, magnitude, maxima, finite) = stft.analysed(span, padMode: .reflect)
                guard finite, let harmonic = HPSS.singlePrecisionHarmonic(
                    magnitude, real: spectrum.real, imag: spectrum.imag, bins: spectrum.binCount,
                    frames: spectrum.frameCount, stft: stft, length: span.count,
                    kernelSize: KaggleFeatureExtractor.hpssKernel) else { return nil }
                self.init(span, extractor: extractor, spectrum: spectrum, power: power, magnitude: magnitude,
                          frameMaxima: maxima, harmonic: harmonic)
                return
            }
            let bins = stft.fftLength / 2 + 1, frames = stft.centeredFrameCount(span.count), count = bins * frames
            var real = [Float].uninitialized(count), imag = [Float].uninitialized(count)
            var magnitude = [Float].uninitialized(count)
            var power = [Double].uninitialized(count)
            var maxima = [Double](repeating: 0, count: frames)
            // The carried frames copied, the others computed (the same bits either way).
            let shift = start / stft.hopLength - carry.firstFrame
            func copy<T>(_ from: [T], into to: inout [T]) {
                from.withUnsafeBufferPointer { f in
                    to.withUnsafeMutableBufferPointer { t in
                        (t.baseAddress! + use.copied.lowerBound * bins).update(
                            from: f.baseAddress! + (use.copied.lowerBound + shift) * bins, count: use.copied.count * bins)
                    }
                }
            }
            copy(carry.power, into: &power)
            copy(carry.magnitude, into: &magnitude)
            copy(carry.real, into: &real)
            copy(carry.imag, into: &imag)
            for t in use.copied { maxima[t] = carry.maxima[t + shift] }
            let finite = real.withUnsafeMutableBufferPointer { sr in
                imag.withUnsafeMutableBufferPointer { si in
                    magnitude.withUnsafeMutableBufferPointer { m in
                        power.withUnsafeMutableBufferPointer { p in
                            maxima.withUnsafeMutableBufferPointer { mx in
                                [0..<use.copied.lowerBound, use.copied.upperBound..<frames].allSatisfy {
                                    $0.isEmpty || stft.analyse(span, padMode: .reflect, frames: $0, power: p.baseAddress!,
                                                               magnitude: m.baseAddress!, real: sr.baseAddress!,
                                                               imag: si.baseAddress!, maxima: mx.baseAddress!)
                                }
                            }
                        }
                    }
                }
            }
            guard finite else { return nil }
            // The harmonic waveform: the carry's below the cut, resynthesised from `blockStart`'s
            // frames on above it (exact from `headSamples` into them: the cut).
            let hop = stft.hopLength, offset = use.blockStart * bins
            let tail = magnitude.withUnsafeBufferPointer { m in
                real.withUnsafeBufferPointer { sr in
                    imag.withUnsafeBufferPointer { si in
                        HPSS.singlePrecisionHarmonic(
                            UnsafeBufferPointer(rebasing: m[offset...]), real: UnsafeBufferPointer(rebasing: sr[offset...]),
                            imag: UnsafeBufferPointer(rebasing: si[offset...]), bins: bins, frames: frames - use.blockStart,
                            stft: stft, length: span.count - use.blockStart * hop, kernelSize: KaggleFeatureExtractor.hpssKernel)
                    }
                }
            }
            guard let tail else { return nil }
            let cutInTail = use.harmonicCut - use.blockStart * hop
            precondition(start + use.harmonicCut <= carry.harmonicEnd, "carry: cut past the carried waveform")
            let harmonic = [Float](unsafeUninitializedCapacity: span.count) { out, n in
                carry.harmonic.withUnsafeBufferPointer { c in
                    out.baseAddress!.initialize(from: c.baseAddress! + (start - carry.harmonicStart), count: use.harmonicCut)
                }
                tail.withUnsafeBufferPointer { t in
                    (out.baseAddress! + use.harmonicCut).initialize(from: t.baseAddress! + cutInTail,
                                                                    count: span.count - use.harmonicCut)
                }
                n = span.count
            }
            self.init(span, extractor: extractor,
                      spectrum: SingleComplexSpectrogram(binCount: bins, frameCount: frames, real: real, imag: imag),
                      power: Spectrogram(binCount: bins, frameCount: frames, values: power), magnitude: magnitude,
                      frameMaxima: maxima, harmonic: harmonic)
        }

        private init(_ span: [Double], extractor: KaggleFeatureExtractor, spectrum: SingleComplexSpectrogram,
                     power: Spectrogram, magnitude: [Float], frameMaxima maxima: [Double], harmonic: [Float]) {
            self.spectrum = spectrum
            self.power = power
            self.magnitude = magnitude
            frameMaxima = maxima
            self.harmonic = harmonic
            frameValues = FrameValues(span, power: power, magnitude: magnitude, extractor: extractor)
            peaks = Tuning.pitchTrackByFrame(SpectrogramFrames(power), sampleRate: extractor.sampleRate, frameMaxima: maxima)
        }
    }

    /// The features of `span[window]` from the span's analysis (nil: analyse the window alone).
    func windowFeatures(_ span: [Double], window: Range<Int>, analysis: SpanAnalysis) -> [Double]? {
        guard var inputs = windowInputs(span, window: window, analysis: analysis) else { return nil }
        let values = inputs.takeFrameValues()
        return inputs.withWaveforms(span, analysis: analysis) { signal, harmonic in
            summarised(signal, power: inputs.power, frameMaxima: inputs.frameMaxima, finite: true, harmonic: harmonic,
                       frameValues: values, tuning: inputs.tuning)
        }
    }

    /// What `summarised` reads for one window of a span, assembled from the span's analysis
    /// without copying the window's stretch of it: the window's STFT power is the span's frames
    /// read in place, with the frames that reach past the window's ends recomputed (`EdgeBlock`);
    /// its harmonic waveform is the window's own near its ends and the span's in between, also
    /// read in place (`withWaveforms`).
    struct WindowInputs {
        let window: Range<Int>
        let power: SpectrogramFrames
        let frameMaxima: [Double]
        /// The window's first and last `edgeFrames` frames.
        let head: EdgeBlock, tail: EdgeBlock
        /// The window's own harmonic waveform from `head` (samples from 0) and `tail` (from `tailOffset`).
        let headWave: [Float], tailWave: [Float]
        let tailOffset: Int
        /// The harmonic waveform is `headWave` below `headEnd`, `tailWave` from `tailStart`, the span's between.
        let headEnd: Int, tailStart: Int
        private(set) var frameValues: FrameValues?
        /// Chroma's tuning, as `Tuning.estimate` of the window's own frames.
        let tuning: Double

        init(window: Range<Int>, power: SpectrogramFrames, frameMaxima: [Double], head: EdgeBlock, tail: EdgeBlock,
             headWave: [Float], tailWave: [Float], tailOffset: Int, headEnd: Int, tailStart: Int, frameValues: FrameValues,
             tuning: Double) {
            self.window = window
            self.power = power
            self.frameMaxima = frameMaxima
            self.head = head
            self.tail = tail
            self.headWave = headWave
            self.tailWave = tailWave
            self.tailOffset = tailOffset
            self.headEnd = headEnd
            self.tailStart = tailStart
            self.frameValues = frameValues
            self.tuning = tuning
        }

        /// The frame values, handed over (so that `summarised` can floor the mel dB in place).
        mutating func takeFrameValues() -> FrameValues {
            defer { frameValues = nil }
            return frameValues!
        }

        /// Calls `body` with the window's samples and its harmonic waveform, read in place.
        func withWaveforms<R>(_ span: [Double], analysis: SpanAnalysis,
                              _ body: (UnsafeBufferPointer<Double>, WaveformPieces) -> R) -> R {
            span.withUnsafeBufferPointer { s in
                headWave.withUnsafeBufferPointer { h in
                    analysis.harmonic.withUnsafeBufferPointer { middle in
                        tailWave.withUnsafeBufferPointer { e in
                            let harmonic = WaveformPieces(count: window.count, pieces: [
                                (0, h.baseAddress!), (headEnd, middle.baseAddress! + window.lowerBound + headEnd),
                                (tailStart, e.baseAddress! + (tailStart - tailOffset)),
                            ])
                            return body(UnsafeBufferPointer(rebasing: s[window]), harmonic)
                        }
                    }
                }
            }
        }
    }

    /// `WindowInputs` of `span[window]` (nil: analyse the window alone).
    func windowInputs(_ span: [Double], window: Range<Int>, analysis: SpanAnalysis) -> WindowInputs? {
        let hop = stft.hopLength, half = stft.fftLength / 2
        let n = window.count
        let frames = stft.centeredFrameCount(n), first = window.lowerBound / hop
        let edge = Self.edgeFrames
        guard frames >= 4 * edge, first + frames <= analysis.power.frameCount else { return nil }
        // The window's first and last `edge` frames, the span's, then those reaching past the
        // window's ends recomputed from the window's own samples (reflect padding).
        var head = EdgeBlock(analysis, frames: first..<(first + edge))
        var tail = EdgeBlock(analysis, frames: (first + frames - edge)..<(first + frames))
        let tailFirst = frames - edge
        var maxima = Array(analysis.frameMaxima[first..<(first + frames)])
        var finite = true
        let reaching = (0..<frames).filter { $0 * hop < half || $0 * hop + half > n }
        span.withUnsafeBufferPointer { s in
            let signal = UnsafeBufferPointer(rebasing: s[window])
            for t in reaching {
                precondition(t < edge || t >= tailFirst, "edge frame in the interior")
                let (peak, sum) = t < edge ? head.recompute(signal, frame: t, at: t, stft: stft)
                    : tail.recompute(signal, frame: t, at: t - tailFirst, stft: stft)
                maxima[t] = peak
                finite = finite && sum.isFinite
            }
        }
        guard finite else { return nil }
        // The harmonic waveform: the window's own near its ends, the span's in between.
        guard let headWave = head.harmonic(length: (edge - 1) * hop, stft: stft),
              let tailWave = tail.harmonic(length: n - tailFirst * hop, stft: stft) else { return nil }
        let headEnd = Self.headSamples
        // Mirror image of `headSamples` at the end: the first frame reaching past the end is
        // frame e = (n − 1024) / 512 + 1; frames from e − 15 on see it, and frame e − 15 covers
        // samples from 512·(e − 15) − 1024; two hops of margin.
        let lastInside = (n - half) / hop
        let tailStart = (lastInside + 1 - 15 - 2) * hop - half
        let tailOffset = tailFirst * hop
        guard headEnd < tailStart, tailStart - tailOffset >= Self.headSamples else { return nil }
        let power = SpectrogramFrames(first..<(first + frames), of: analysis.power, head: head.power, tail: tail.power)
        return WindowInputs(
            window: window, power: power, frameMaxima: maxima, head: head, tail: tail, headWave: headWave,
            tailWave: tailWave, tailOffset: tailOffset, headEnd: headEnd, tailStart: tailStart,
            frameValues: frameValues(span, window: window, reaching: reaching, head: head, tail: tail, analysis: analysis),
            tuning: tuning(first: first, reaching: reaching, power: power, frameMaxima: maxima, analysis: analysis))
    }

    /// Chroma's tuning of a window (`Tuning.estimate` of its own frames): the span's pitch peaks of
    /// the frames inside the window (a contiguous run) and those of the frames in `reaching`,
    /// tracked again from the window's recomputed power and maxima.
    func tuning(first: Int, reaching: [Int], power: SpectrogramFrames, frameMaxima: [Double],
                analysis: SpanAnalysis) -> Double {
        let inner = (0..<power.frameCount).filter { !reaching.contains($0) }
        precondition(inner.last! - inner.first! + 1 == inner.count, "tuning: inner frames not contiguous")
        let starts = analysis.peaks.frameStarts
        var peaks = Array(analysis.peaks.peaks[starts[first + inner.first!]..<starts[first + inner.last! + 1]])
        let edgeFrames = power.withFrames { frame in
            Spectrogram(binCount: power.binCount, frameCount: reaching.count,
                        values: reaching.flatMap { UnsafeBufferPointer(start: frame($0), count: power.binCount) })
        }
        peaks += Tuning.pitchTrack(edgeFrames, sampleRate: sampleRate, frameMaxima: reaching.map { frameMaxima[$0] })
        return Tuning.estimate(peaks: peaks)
    }

    /// A window's first or last `edgeFrames` frames, copied from the span's analysis, where the
    /// frames that reach past the window's ends are recomputed: their power (chroma reads it
    /// through `SpectrogramFrames`), magnitude and complex values (the window's own harmonic
    /// waveform near that end is resynthesised from them) and, for `FrameValues`, both.
    struct EdgeBlock {
        var power: Spectrogram
        var magnitude: [Float]
        var real: [Float]
        var imag: [Float]

        /// Frames `frames` of the span's STFT.
        init(_ analysis: SpanAnalysis, frames: Range<Int>) {
            let bins = analysis.power.binCount
            let values = (frames.lowerBound * bins)..<(frames.upperBound * bins)
            power = Spectrogram(binCount: bins, frameCount: frames.count, values: Array(analysis.power.values[values]))
            magnitude = Array(analysis.magnitude[values])
            real = Array(analysis.spectrum.real[values])
            imag = Array(analysis.spectrum.imag[values])
        }

        /// Recomputes window frame `t` of `signal` (the window) into this block's frame `local`.
        mutating func recompute(_ signal: UnsafeBufferPointer<Double>, frame t: Int, at local: Int, stft: STFT)
            -> (maximum: Double, sum: Double)
        {
            let bins = power.binCount
            return power.values.withUnsafeMutableBufferPointer { p in
                magnitude.withUnsafeMutableBufferPointer { m in
                    real.withUnsafeMutableBufferPointer { re in
                        imag.withUnsafeMutableBufferPointer { im in
                            stft.analysedFrame(signal, padMode: .reflect, frame: t, power: p.baseAddress! + local * bins,
                                               magnitude: m.baseAddress! + local * bins,
                                               real: re.baseAddress! + local * bins, imag: im.baseAddress! + local * bins)
                        }
                    }
                }
            }
        }

        /// The harmonic waveform of these frames alone, `length` samples (nil: not finite).
        func harmonic(length: Int, stft: STFT) -> [Float]? {
            HPSS.singlePrecisionHarmonic(magnitude, real: real, imag: imag, bins: power.binCount, frames: power.frameCount,
                                         stft: stft, length: length, kernelSize: KaggleFeatureExtractor.hpssKernel)
        }

        /// Frames `range` (of this block) of the power and magnitude.
        func frames(_ range: Range<Int>) -> (power: Spectrogram, magnitude: [Float]) {
            let bins = power.binCount, values = (range.lowerBound * bins)..<(range.upperBound * bins)
            return (Spectrogram(binCount: bins, frameCount: range.count, values: Array(power.values[values])),
                    Array(magnitude[values]))
        }
    }

    /// The window's `FrameValues`: the span's, with the frames in `reaching` (those that reach
    /// past the window's ends) computed from the window's own samples and its recomputed power
    /// and magnitude (`head`, `tail`). A frame's values depend on its samples and the padding only
    /// where it reaches past an end, so the values of the window's first and last 4096 samples (8
    /// hops of 512, beyond n_fft 2048 + one hop) give those frames exactly: the head's frame t is
    /// the window's frame t, the tail (from sample o, a multiple of the hop) has frame t − o/512.
    func frameValues(_ span: [Double], window: Range<Int>, reaching: [Int], head: EdgeBlock, tail: EdgeBlock,
                     analysis: SpanAnalysis) -> FrameValues {
        let hop = stft.hopLength, n = window.count
        let frameCount = stft.centeredFrameCount(n), first = window.lowerBound / hop
        let tailFirst = frameCount - tail.power.frameCount
        var values = analysis.frameValues.frames(first..<(first + frameCount))
        func piece(from offset: Int) -> (values: FrameValues, firstFrame: Int) {
            let end = offset == 0 ? 8 * hop : n
            let frame0 = offset / hop, count = stft.centeredFrameCount(end - offset)
            let (block, blockFirst) = offset == 0 ? (head, 0) : (tail, tailFirst)
            precondition(frame0 >= blockFirst && frame0 + count <= blockFirst + block.power.frameCount,
                         "frame values: edge piece outside its block")
            let (power, magnitude) = block.frames((frame0 - blockFirst)..<(frame0 - blockFirst + count))
            let samples = Array(span[(window.lowerBound + offset)..<(window.lowerBound + end)])
            return (FrameValues(samples, power: power, magnitude: magnitude, extractor: self), frame0)
        }
        let headPiece = piece(from: 0), tailPiece = piece(from: (n - 8 * hop) / hop * hop)
        for t in reaching {
            let (part, frame0) = t < headPiece.values.frameCount && t * hop < stft.fftLength / 2 ? headPiece : tailPiece
            precondition(t >= frame0 && t - frame0 < part.frameCount, "frame values: edge frame outside its piece")
            values.replace(frame: t, with: part, frame: t - frame0)
        }
        return values
    }
}
