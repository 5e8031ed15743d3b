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

    /// |X|, as `np.abs(stft)`.
    public func magnitude() -> Spectrogram {
        var s = Spectrogram(binCount: binCount, frameCount: frameCount)
        for i in 0..<real.count { s.values[i] = (real[i] * real[i] + imag[i] * imag[i]).squareRoot() }
        return s
    }

    /// |X|², as `np.abs(stft) ** 2`.
    public func power() -> Spectrogram {
        var s = Spectrogram(binCount: binCount, frameCount: frameCount)
        for i in 0..<real.count { s.values[i] = real[i] * real[i] + imag[i] * imag[i] }
        return s
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
