/// A complex short-time Fourier transform, stored frame-major: bin `b` of frame `t` is at
/// `t * binCount + b` in `real` and `imag`. (librosa stores the transpose, (bins, frames).)
public struct ComplexSpectrogram: Sendable {
    public let binCount: Int
    public let frameCount: Int
    public var real: [Double]
    public var imag: [Double]

    public init(binCount: Int, frameCount: Int) {
        self.binCount = binCount
        self.frameCount = frameCount
        real = [Double](repeating: 0, count: binCount * frameCount)
        imag = real
    }

    /// A spectrogram whose values are left uninitialised: for code that writes every value next
    /// (saves zeroing 2 × 8 bytes per value, ~20 MB for a 30-s clip).
    init(uninitializedBinCount binCount: Int, frameCount: Int) {
        self.binCount = binCount
        self.frameCount = frameCount
        real = .uninitialized(binCount * frameCount)
        imag = .uninitialized(binCount * frameCount)
    }

    /// |X|, as `np.abs(stft)`.
    public func magnitude() -> Spectrogram { binwise { $0.squareRoot() } }

    /// |X|², as `np.abs(stft) ** 2`.
    public func power() -> Spectrogram { binwise { $0 } }

    /// `f(re² + im²)` of every bin, in one pass.
    private func binwise(_ f: (Double) -> Double) -> Spectrogram {
        let count = real.count
        let values = real.withUnsafeBufferPointer { re in
            imag.withUnsafeBufferPointer { im in
                [Double](unsafeUninitializedCapacity: count) { out, n in
                    for i in 0..<count { out[i] = f(re[i] * re[i] + im[i] * im[i]) }
                    n = count
                }
            }
        }
        return Spectrogram(binCount: binCount, frameCount: frameCount, values: values)
    }
}

/// A complex STFT rounded to Float (librosa's complex64), frame-major like `ComplexSpectrogram`.
struct SingleComplexSpectrogram: Sendable {
    let binCount: Int
    let frameCount: Int
    var real: [Float]
    var imag: [Float]
}

extension Array where Element: BinaryFloatingPoint {
    /// `count` values left uninitialised, for arrays every element of which is written next.
    static func uninitialized(_ count: Int) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { _, n in n = count }
    }
}

/// A real-valued time-frequency representation (magnitude, power, mel or chroma energies),
/// frame-major: row `b` of frame `t` is at `t * binCount + b`.
public struct Spectrogram: Sendable, Equatable {
    public let binCount: Int
    public let frameCount: Int
    public var values: [Double]

    public init(binCount: Int, frameCount: Int, values: [Double]? = nil) {
        self.binCount = binCount
        self.frameCount = frameCount
        self.values = values ?? [Double](repeating: 0, count: binCount * frameCount)
        precondition(self.values.count == binCount * frameCount)
    }

    @inlinable public subscript(bin: Int, frame: Int) -> Double {
        get { values[frame * binCount + bin] }
        set { values[frame * binCount + bin] = newValue }
    }

    /// The values of frame `t` (all bins), without copying.
    @inlinable public func frame(_ t: Int) -> ArraySlice<Double> {
        values[(t * binCount)..<((t + 1) * binCount)]
    }
}
