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
    public func magnitude() -> Spectrogram {
        powerAndMagnitude(power: false).magnitude
    }

    /// |X|², as `np.abs(stft) ** 2`.
    public func power() -> Spectrogram {
        powerAndMagnitude(power: true, magnitude: false).power
    }

    /// |X|² and |X| in one pass over the spectrum (each one empty when not asked for), and
    /// optionally |X| rounded to Float (frame-major; empty unless `singleMagnitude`).
    func powerAndMagnitude(power wantPower: Bool = true, magnitude wantMagnitude: Bool = true,
                           singleMagnitude wantSingle: Bool = false)
        -> (power: Spectrogram, magnitude: Spectrogram, singleMagnitude: [Float])
    {
        let count = real.count
        var p = wantPower ? [Double].uninitialized(count) : []
        var m = wantMagnitude ? [Double].uninitialized(count) : []
        var f = wantSingle ? [Float](unsafeUninitializedCapacity: count) { _, n in n = count } : []
        real.withUnsafeBufferPointer { re in
            imag.withUnsafeBufferPointer { im in
                p.withUnsafeMutableBufferPointer { pb in
                    m.withUnsafeMutableBufferPointer { mb in
                        f.withUnsafeMutableBufferPointer { fb in
                            // One loop per combination, so each vectorises without branches.
                            switch (wantPower, wantMagnitude, wantSingle) {
                            case (true, true, true):
                                for i in 0..<count {
                                    let q = re[i] * re[i] + im[i] * im[i], r = q.squareRoot()
                                    pb[i] = q; mb[i] = r; fb[i] = Float(r)
                                }
                            case (true, true, false):
                                for i in 0..<count {
                                    let q = re[i] * re[i] + im[i] * im[i]
                                    pb[i] = q; mb[i] = q.squareRoot()
                                }
                            case (true, false, true):
                                for i in 0..<count {
                                    let q = re[i] * re[i] + im[i] * im[i]
                                    pb[i] = q; fb[i] = Float(q.squareRoot())
                                }
                            default:
                                for i in 0..<count {
                                    let q = re[i] * re[i] + im[i] * im[i], r = q.squareRoot()
                                    if wantPower { pb[i] = q }
                                    if wantMagnitude { mb[i] = r }
                                    if wantSingle { fb[i] = Float(r) }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (Spectrogram(binCount: binCount, frameCount: wantPower ? frameCount : 0, values: p),
                Spectrogram(binCount: binCount, frameCount: wantMagnitude ? frameCount : 0, values: m), f)
    }
}

/// A complex STFT rounded to Float (librosa's complex64), frame-major like `ComplexSpectrogram`.
struct SingleComplexSpectrogram: Sendable {
    let binCount: Int
    let frameCount: Int
    var real: [Float]
    var imag: [Float]
}

extension Array where Element == Double {
    /// `count` values left uninitialised, for arrays every element of which is written next.
    static func uninitialized(_ count: Int) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { _, n in n = count }
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
