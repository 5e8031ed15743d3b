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

    /// Number of frames a centred transform of `sampleCount` samples has: 1 + n / hop.
    public func centeredFrameCount(_ sampleCount: Int) -> Int {
        1 + sampleCount / hopLength
    }

    /// The centred STFT of `signal`, as `librosa.stft(y, n_fft, hop_length, window='hann',
    /// center=True, pad_mode=padMode)`: the signal is padded by n_fft/2 on each side, frame t
    /// covers padded samples [t·hop, t·hop + n_fft), is multiplied by the window and transformed.
    /// - Parameter padMode: `.constant` is librosa ≥ 0.9's default; the GTZAN features need `.reflect`.
    public func transform(_ signal: [Double], padMode: PadMode = .constant) -> ComplexSpectrogram {
        let padded = pad(signal, before: fftLength / 2, after: fftLength / 2, mode: padMode)
        let frames = max(0, 1 + (padded.count - fftLength) / hopLength)
        // Every value is written by the transforms below (frame by frame, straight into place).
        var out = ComplexSpectrogram(uninitializedBinCount: fftLength / 2 + 1, frameCount: frames)
        var windowed = [Double](repeating: 0, count: fftLength)
        let bins = out.binCount, fftLength = fftLength, hopLength = hopLength
        padded.withUnsafeBufferPointer { x in
            window.withUnsafeBufferPointer { w in
                windowed.withUnsafeMutableBufferPointer { f in
                    out.real.withUnsafeMutableBufferPointer { re in
                        out.imag.withUnsafeMutableBufferPointer { im in
                            for t in 0..<frames {
                                let start = t * hopLength
                                for i in 0..<fftLength { f[i] = x[start + i] * w[i] }
                                fft.forward(f.baseAddress!, real: re.baseAddress! + t * bins, imag: im.baseAddress! + t * bins)
                            }
                        }
                    }
                }
            }
        }
        return out
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
        let half = fftLength / 2
        let paddedLength = length + 2 * half
        // librosa only uses the frames that reach into the requested length.
        let frames = min(spectrogram.frameCount, (paddedLength + hopLength - 1) / hopLength)
        let total = fftLength + hopLength * max(frames - 1, 0)
        var sum = [Double](repeating: 0, count: max(total, paddedLength))
        var norm = sum
        let bins = spectrogram.binCount, fftLength = fftLength, hopLength = hopLength
        var scratch = [Double](repeating: 0, count: 2 * bins + fftLength)
        let squaredWindow = window.map { $0 * $0 }
        let useMask = mask.map { $0.count == spectrogram.real.count } ?? false
        let ones = useMask ? [] : [Double](repeating: 1, count: bins)
        (useMask ? mask! : ones).withUnsafeBufferPointer { maskBuffer in
            spectrogram.real.withUnsafeBufferPointer { sr in
                spectrogram.imag.withUnsafeBufferPointer { si in
                    window.withUnsafeBufferPointer { w in
                        squaredWindow.withUnsafeBufferPointer { w2 in
                            sum.withUnsafeMutableBufferPointer { sumBuffer in
                                norm.withUnsafeMutableBufferPointer { normBuffer in
                                    scratch.withUnsafeMutableBufferPointer { sc in
                                        let re = sc.baseAddress!, im = re + bins, frame = im + bins
                                        for t in 0..<frames {
                                            let base = t * bins
                                            let m = maskBuffer.baseAddress! + (useMask ? base : 0)
                                            let xr = sr.baseAddress! + base, xi = si.baseAddress! + base
                                            for b in 0..<bins {
                                                re[b] = xr[b] * m[b]
                                                im[b] = xi[b] * m[b]
                                            }
                                            fft.inverse(real: re, imag: im, output: frame)
                                            let out = sumBuffer.baseAddress! + t * hopLength
                                            let nrm = normBuffer.baseAddress! + t * hopLength
                                            for i in 0..<fftLength {
                                                out[i] += frame[i] * w[i]
                                                nrm[i] += w2[i]
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // util.tiny of float64: the smallest normal number.
        let kept = max(0, min(length, sum.count - half))
        var out = [Double](repeating: 0, count: length)
        sum.withUnsafeBufferPointer { sb in
            norm.withUnsafeBufferPointer { nb in
                out.withUnsafeMutableBufferPointer { o in
                    for i in 0..<kept {
                        let n = nb[half + i], v = sb[half + i]
                        o[i] = n > Double.leastNormalMagnitude ? v / n : v
                    }
                }
            }
        }
        return out
    }
}
