/// Short-time Fourier transform and its inverse, as `librosa.stft` / `librosa.istft`.
public struct STFT: Sendable {
    /// FFT length (librosa `n_fft`, default 2048).
    public let fftLength: Int
    /// Samples between frame starts (librosa `hop_length`, default `n_fft / 4` = 512).
    public let hopLength: Int
    /// The analysis and synthesis window: periodic Hann of length `fftLength`.
    public let window: [Double]
    let fft: RealFFT

    public init(fftLength: Int = 2048, hopLength: Int = 512) {
        self.fftLength = fftLength
        self.hopLength = hopLength
        window = Window.hann(fftLength)
        fft = RealFFT(size: fftLength)
    }

    /// Number of frames a centred transform of `sampleCount` samples has: 1 + n / hop (the
    /// padded length n + n_fft always holds one frame: n_fft is even).
    public func centeredFrameCount(_ sampleCount: Int) -> Int {
        1 + sampleCount / hopLength
    }

    /// The centred STFT of `signal`, as `librosa.stft(y, n_fft, hop_length, window='hann',
    /// center=True, pad_mode=padMode)`: the signal is padded by n_fft/2 on each side, frame t
    /// covers padded samples [t·hop, t·hop + n_fft), is multiplied by the window and transformed.
    /// - Parameter padMode: `.constant` is librosa ≥ 0.9's default; the GTZAN features need `.reflect`.
    public func transform(_ signal: [Double], padMode: PadMode = .constant) -> ComplexSpectrogram {
        let frames = centeredFrameCount(signal.count)
        // Every value is written by the transforms below (frame by frame, straight into place).
        var out = ComplexSpectrogram(uninitializedBinCount: fftLength / 2 + 1, frameCount: frames)
        let bins = out.binCount
        window.withUnsafeBufferPointer { w in
            out.real.withUnsafeMutableBufferPointer { re in
                out.imag.withUnsafeMutableBufferPointer { im in
                    forEachCenteredFrame(signal, frameLength: fftLength, hopLength: hopLength, mode: padMode) { t, x in
                        fft.forward(x, window: w.baseAddress!, real: re.baseAddress! + t * bins, imag: im.baseAddress! + t * bins)
                    }
                }
            }
        }
        return out
    }

    /// The centred transform as the Kaggle extractor consumes it, in one pass: per frame, while
    /// the frame's spectrum is in cache, |X|² (Double, exact as `ComplexSpectrogram.power`),
    /// |X| rounded to Float, and X itself rounded to Float (complex64, as librosa's own STFT of
    /// float32 audio; HPSS resynthesises from it). Half the memory traffic of building the
    /// Double transform and deriving the others from it.
    /// Also each frame's largest |X|² (`Tuning.frameMaximum`) and whether every |X|² is finite.
    func analysed(_ signal: [Double], padMode: PadMode)
        -> (spectrum: SingleComplexSpectrogram, power: Spectrogram, magnitude: [Float],
            frameMaxima: [Double], finite: Bool)
    {
        let bins = fftLength / 2 + 1
        let frames = centeredFrameCount(signal.count)
        let count = bins * frames
        // Every value is written below, frame by frame.
        var real = [Float].uninitialized(count), imag = [Float].uninitialized(count)
        var magnitude = [Float].uninitialized(count)
        var power = [Double].uninitialized(count)
        var maxima = [Double](repeating: 0, count: frames)
        let finite = real.withUnsafeMutableBufferPointer { sr in
            imag.withUnsafeMutableBufferPointer { si in
                magnitude.withUnsafeMutableBufferPointer { m in
                    power.withUnsafeMutableBufferPointer { p in
                        maxima.withUnsafeMutableBufferPointer { mx in
                            analyse(signal, padMode: padMode, frames: 0..<frames, power: p.baseAddress!,
                                    magnitude: m.baseAddress!, real: sr.baseAddress!, imag: si.baseAddress!,
                                    maxima: mx.baseAddress!)
                        }
                    }
                }
            }
        }
        return (SingleComplexSpectrogram(binCount: bins, frameCount: frames, real: real, imag: imag),
                Spectrogram(binCount: bins, frameCount: frames, values: power), magnitude, maxima, finite)
    }

    /// Frames `frames` of `analysed(signal, padMode:)`, written where that puts them (frame t at
    /// t·(n_fft/2 + 1) of each output, its maximum at `maxima[t]`); whether every |X|² is finite.
    /// A span that takes its first frames from the span before it computes only the rest.
    func analyse(_ signal: [Double], padMode: PadMode, frames: Range<Int>, power: UnsafeMutablePointer<Double>,
                 magnitude: UnsafeMutablePointer<Float>, real: UnsafeMutablePointer<Float>,
                 imag: UnsafeMutablePointer<Float>, maxima: UnsafeMutablePointer<Double>) -> Bool {
        let bins = fftLength / 2 + 1
        var scratch = [Double](repeating: 0, count: 2 * bins)
        var finite = true
        window.withUnsafeBufferPointer { w in
            scratch.withUnsafeMutableBufferPointer { sc in
                let re = sc.baseAddress!, im = re + bins
                forEachCenteredFrame(signal, frameLength: fftLength, hopLength: hopLength, mode: padMode,
                                     only: frames) { t, x in
                    fft.forward(x, window: w.baseAddress!, real: re, imag: im)
                    let base = t * bins
                    // Read back while the frame is in cache: the maximum, and the finiteness check
                    // (non-negative terms: the sum is finite exactly when every term is, barring
                    // overflow past 1e307).
                    let (peak, sum) = dispatchedSpectrumProducts(
                        re: re, im: im, count: bins, power: power + base, magnitude: magnitude + base,
                        real: real + base, imag: imag + base)
                    maxima[t] = peak
                    finite = finite && sum.isFinite
                }
            }
        }
        return finite
    }

    /// Frame `t` of `analysed(signal, padMode:)` alone, written at `power`, `magnitude`, `real`
    /// and `imag` (n_fft/2 + 1 values each): the same bits as the full transform gives that
    /// frame. Returns the frame's largest |X|² and the sum of its |X|² (finite exactly when every
    /// value is). For the frames of a window that reach past its ends, the only ones a window
    /// cut from a longer signal does not share with it.
    func analysedFrame(_ signal: UnsafeBufferPointer<Double>, padMode: PadMode, frame t: Int,
                       power: UnsafeMutablePointer<Double>, magnitude: UnsafeMutablePointer<Float>,
                       real: UnsafeMutablePointer<Float>, imag: UnsafeMutablePointer<Float>) -> (maximum: Double, sum: Double) {
        let bins = fftLength / 2 + 1
        var scratch = [Double](repeating: 0, count: 2 * bins + fftLength)
        return scratch.withUnsafeMutableBufferPointer { sc in
            let re = sc.baseAddress!, im = re + bins, frame = im + bins
            centeredFrame(signal, frame: t, frameLength: fftLength, hopLength: hopLength, mode: padMode, into: frame)
            window.withUnsafeBufferPointer { w in
                fft.forward(UnsafePointer(frame), window: w.baseAddress!, real: re, imag: im)
            }
            return dispatchedSpectrumProducts(re: re, im: im, count: bins, power: power, magnitude: magnitude,
                                              real: real, imag: imag)
        }
    }

    /// The inverse of a centred STFT, as `librosa.istft(S, hop_length, window='hann',
    /// center=True, length=length)`: windowed overlap-add of the inverse FFTs, divided by the
    /// summed squared window wherever that sum is non-negligible, with the n_fft/2 centre
    /// padding removed and the result cut or zero-extended to `length` samples.
    public func inverse(_ spectrogram: ComplexSpectrogram, length: Int) -> [Double] {
        inverse(spectrogram, length: length, mask: nil)
    }

    /// As `inverse(_:length:)` of the spectrogram multiplied elementwise by `mask` (frame-major,
    /// same size), without materialising the masked copy. `mask` nil means all ones.
    func inverse(_ spectrogram: ComplexSpectrogram, length: Int, mask: [Double]?) -> [Double] {
        var overlapAdd = InverseAccumulator<Double>(stft: self, frameCount: spectrogram.frameCount, length: length)
        let bins = spectrogram.binCount
        guard bins == fftLength / 2 + 1 else { return [Double](repeating: 0, count: length) }
        let useMask = mask.map { $0.count == spectrogram.real.count } ?? false
        spectrogram.real.withUnsafeBufferPointer { sr in
            spectrogram.imag.withUnsafeBufferPointer { si in
                (useMask ? mask! : []).withUnsafeBufferPointer { m in
                    for t in 0..<overlapAdd.frames {
                        let base = t * bins
                        overlapAdd.add(frame: t, real: sr.baseAddress! + base, imag: si.baseAddress! + base,
                                       mask: useMask ? m.baseAddress! + base : nil)
                    }
                }
            }
        }
        return overlapAdd.finish()
    }

    /// The inverse of a centred STFT built frame by frame (so a caller can produce each frame's
    /// masked spectrum just before it is needed): windowed overlap-add of the inverse FFTs,
    /// divided by the summed squared window (librosa's `window_sumsquare`) wherever that sum is
    /// above the smallest normal number, centre padding removed, cut or zero-extended to `length`.
    /// `Sum`: Double, or Float as librosa's istft builds a complex64 spectrogram's float32 signal
    /// (each addition rounded to Float, the window sum accumulated and the division done in Float).
    struct InverseAccumulator<Sum: BinaryFloatingPoint & SIMDScalar> {
        let stft: STFT
        let length: Int
        /// The frames that take part: librosa only uses those reaching into the requested length.
        let frames: Int
        /// The overlap-added frames; positions at and past `reached` hold no value yet (the
        /// buffer is not zeroed first: each position's first frame writes it).
        private var sum: [Sum]
        private var reached = 0
        private var scratch: [Double]
        private var singleScratch: [Float] = []

        init(stft: STFT, frameCount: Int, length: Int) {
            self.stft = stft
            self.length = max(0, length)
            let paddedLength = self.length + stft.fftLength
            frames = max(0, min(frameCount, (paddedLength + stft.hopLength - 1) / stft.hopLength))
            let total = stft.fftLength + stft.hopLength * max(frames - 1, 0)
            sum = .uninitialized(max(total, paddedLength))
            scratch = [Double](repeating: 0, count: 2 * (stft.fftLength / 2 + 1) + stft.fftLength)
        }

        /// Adds frame `t` (< `frames`; others are ignored): bins `real`/`imag` (n_fft/2 + 1 each),
        /// multiplied by `mask` when given.
        mutating func add(frame t: Int, real: UnsafePointer<Double>, imag: UnsafePointer<Double>,
                          mask: UnsafePointer<Double>?) {
            add(frame: t) { re, im, bins in
                if let mask {
                    for b in 0..<bins { re[b] = real[b] * mask[b]; im[b] = imag[b] * mask[b] }
                } else {
                    re.update(from: real, count: bins)
                    im.update(from: imag, count: bins)
                }
            }
        }

        /// Adds frame `t` (< `frames`; others are ignored) whose bins `fill(real, imag, count)`
        /// writes into the given buffers (n_fft/2 + 1 each).
        mutating func add(frame t: Int,
                          _ fill: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void) {
            guard t >= 0, t < frames else { return }
            let stft = self.stft, bins = stft.fftLength / 2 + 1, fft = stft.fft
            scratch.withUnsafeMutableBufferPointer { sc in
                let re = sc.baseAddress!, im = re + bins, frame = im + bins
                fill(re, im, bins)
                fft.inverse(real: re, imag: im, output: frame)
                Self.overlapAdd(frame, at: t, stft: stft, into: &sum, reached: &reached)
            }
        }

        /// As `add(frame:_:)` with the bins in single precision and the single-precision inverse
        /// FFT (numpy.fft.irfft of complex64, as librosa's istft of a complex64 spectrogram); the
        /// frame is widened to Double for the overlap-add.
        mutating func addSingle(frame t: Int,
                                _ fill: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void) {
            guard t >= 0, t < frames else { return }
            let stft = self.stft, bins = stft.fftLength / 2 + 1, fft = stft.fft
            if singleScratch.isEmpty { singleScratch = [Float](repeating: 0, count: 2 * bins + stft.fftLength) }
            singleScratch.withUnsafeMutableBufferPointer { sc in
                let re = sc.baseAddress!, im = re + bins, frame = im + bins
                fill(re, im, bins)
                fft.inverse(real: re, imag: im, output: frame)
                Self.overlapAdd(frame, at: t, stft: stft, into: &sum, reached: &reached)
            }
        }

        /// Frame t's samples (n_fft), windowed, into the sum; positions from `reached` on are
        /// written rather than added (a frame after a gap, as frames need not all come, first
        /// zeroes the gap).
        private static func overlapAdd<S: BinaryFloatingPoint & SIMDScalar>(
            _ frame: UnsafePointer<S>, at t: Int, stft: STFT, into sum: inout [Sum], reached: inout Int
        ) {
            let fftLength = stft.fftLength, start = t * stft.hopLength, from = reached
            stft.window.withUnsafeBufferPointer { w in
                sum.withUnsafeMutableBufferPointer { sb in
                    if start > from { (sb.baseAddress! + from).update(repeating: 0, count: start - from) }
                    dispatchedOverlapAdd(frame, window: w.baseAddress!, count: fftLength,
                                         overlap: max(0, from - start), into: sb.baseAddress! + start)
                }
            }
            reached = max(reached, start + fftLength)
        }

        /// The signal: the overlap-added frames over the window normalisation.
        mutating func finish() -> [Sum] {
            if reached < sum.count {
                let from = reached
                sum.withUnsafeMutableBufferPointer { sb in (sb.baseAddress! + from).update(repeating: 0, count: sb.count - from) }
                reached = sum.count
            }
            let half = stft.fftLength / 2, fftLength = stft.fftLength, hop = stft.hopLength
            let kept = max(0, min(length, sum.count - half))
            let squared = stft.window.map { $0 * $0 }
            // Σ w² over the frames covering padded position p, added in frame order (as librosa's
            // window_sumsquare accumulates, each addition of a float64 square rounded to the sum's
            // type). Where no frame is missing at either end, p is covered by every offset
            // o < n_fft with o ≡ p (mod hop): a table over p mod hop.
            let periodic = (0..<hop).map { j in
                var norm: Sum = 0
                var o = j + (fftLength - 1 - j) / hop * hop
                while o >= 0 { if o < fftLength { norm = Sum(Double(norm) + squared[o]) }; o -= hop }
                return norm
            }
            func explicitNorm(_ p: Int) -> Sum {
                let first = p >= fftLength ? (p - fftLength) / hop + 1 : 0
                let last = min(frames - 1, p / hop)
                var norm: Sum = 0
                var t = first
                while t <= last { norm = Sum(Double(norm) + squared[p - t * hop]); t += 1 }
                return norm
            }
            let tableStart = max(0, fftLength - hop), tableEnd = frames * hop
            @inline(__always) func normalised(_ v: Sum, _ norm: Sum) -> Sum {
                norm > Sum.leastNormalMagnitude ? v / norm : v
            }
            // Positions 0..<kept are written below; only the rest needs zeros.
            var out = [Sum].uninitialized(length)
            for i in kept..<length { out[i] = 0 }
            sum.withUnsafeBufferPointer { sb in
                periodic.withUnsafeBufferPointer { table in
                    out.withUnsafeMutableBufferPointer { o in
                        // Before and after the table's range: few positions, norms summed here.
                        let head = min(kept, max(0, tableStart - half))
                        let tableLimit = max(head, min(kept, tableEnd - half))
                        for i in 0..<head { o[i] = normalised(sb[half + i], explicitNorm(half + i)) }
                        for i in tableLimit..<kept { o[i] = normalised(sb[half + i], explicitNorm(half + i)) }
                        // The table's range, one period at a time.
                        var i = head, phase = (half + head) % hop
                        while i < tableLimit {
                            let run = min(hop - phase, tableLimit - i)
                            let v = sb.baseAddress! + half + i, n = table.baseAddress! + phase, out = o.baseAddress! + i
                            dispatchedNormalisedByWindow(v, norm: n, count: run, into: out)
                            i += run
                            phase = 0
                        }
                    }
                }
            }
            return out
        }
    }
}
