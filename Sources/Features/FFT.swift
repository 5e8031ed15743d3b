import Foundation
import Kernels
import KernelsHaswell

/// A precomputed plan for the discrete Fourier transform of real signals of one power-of-two
/// length `n` (librosa's n_fft = 2048 by default).
///
/// The forward transform matches `numpy.fft.rfft` (no scaling, bins 0...n/2); the inverse matches
/// `numpy.fft.irfft` (scaled by 1/n, imaginary parts of the DC and Nyquist bins ignored).
///
/// Method: the real length-n signal is read as a complex length-n/2 signal
/// z[k] = x[2k] + i·x[2k+1], transformed by a self-sorting (Stockham) decimation-in-time FFT, and
/// split into the spectrum of x with the standard even/odd recombination
/// X[k] = E[k] + e^{-2πik/n}·O[k]. The inverse undoes the recombination (with the 1/n folded in)
/// and runs the same passes with conjugated twiddles and outputs k and −k of each butterfly
/// exchanged.
///
/// The passes use explicit W-wide vectors (`SIMD2<Double>`, one SSE2 register, in the baseline
/// build; `SIMD4<Double>`, one AVX register, in the AVX2 build) on separate re/im parts, so a
/// complex product is four multiplies and two adds with no shuffles. Stockham passes read and
/// write contiguous runs, so there is no bit-reversal permutation. The first pass (radix 4, or
/// radix 8 when log2(n/2) is odd) has no twiddles and reads the packed samples straight from the
/// input; the middle passes (radix 4) vectorise over the contiguous inner index with the twiddles
/// of the outer index broadcast; the last pass (radix 4, stride 1) vectorises over the twiddle
/// index with a W×W transpose on load and writes the output arrays (or, for the inverse, the
/// interleaved samples). Between passes values are stored "blocked" (re_j ... re_j+W−1, im_j ...
/// im_j+W−1) in per-call scratch. The recombination loops handle the bin pairs (k, n/2−k) W at a
/// time, the mirrored bins as one reversed vector. Sizes n <= 16 use a scalar DFT.
/// The passes and recombinations live in `Kernels.RealFFTPasses` (generic over the width), so
/// that the AVX2 build (`KernelsHaswell`) runs them when the processor has it; every lane does
/// the same operations on the same values at either width, so both give the same bits.
/// `inverse(real:imag:output:)` on Float buffers runs the same passes in single precision, eight
/// Floats per vector (HPSS's resynthesis: librosa's istft of a complex64 spectrogram is a float32
/// irfft under NumPy 2, while its stft is computed in double and rounded, as `forward` does).
/// A plan is immutable and safe to share between threads; scratch space is per call.
public final class RealFFT: Sendable {
    /// Transform length (a power of two, at least 4).
    public let size: Int
    /// Number of output bins, n/2 + 1.
    public var binCount: Int { size / 2 + 1 }

    /// Length of the complex transform, n/2.
    private let half: Int
    /// Radices of the Stockham passes, in execution order (empty: scalar DFT for half <= 8).
    private let radices: [Int]
    /// The vector passes and recombinations (`Kernels.RealFFTPasses`, compiled for baseline
    /// x86-64 and for AVX2; `KernelDispatch.wide` chooses).
    private let kernel: RealFFTPasses
    /// Twiddles of the forward passes after the first, pass by pass (layout in `init`), then the
    /// same block conjugated for the inverse at offset `inverseTwiddles`.
    /// `narrow` holds 2-lane vectors (the baseline SSE2 passes), `wide` 4-lane ones (the AVX2
    /// passes); the same values, grouped by the vector width.
    private let narrow: TwiddleTable<Double>, wide: TwiddleTable<Double>
    /// 8-lane Float vectors for the single-precision inverse (n/2 >= 64 only), and its factors.
    private let single: TwiddleTable<Float>?
    private let singleUnsplitRe: [Float], singleUnsplitIm: [Float]
    /// Forward recombination factors −i·e^{-2πik/n}/2 (k < n/4 + 1), re and im.
    private let splitRe: [Double], splitIm: [Double]
    /// Inverse recombination factors i·e^{+2πik/n}/n.
    private let unsplitRe: [Double], unsplitIm: [Double]
    /// e^{-2πit/half}, t < half, for the scalar DFT of small sizes.
    private let smallRe: [Double], smallIm: [Double]

    public init(size: Int) {
        precondition(size >= 4 && size & (size - 1) == 0, "RealFFT size must be a power of two >= 4")
        self.size = size
        let half = size / 2
        self.half = half
        let bits = half.trailingZeroBitCount
        var radices: [Int] = []
        if half >= 16 {
            if bits % 2 == 1 { radices.append(8) }
            while radices.reduce(1, *) < half { radices.append(4) }
        }
        self.radices = radices
        kernel = RealFFTPasses(half: half)

        /// e^{-2πi·t/n} as (re, im), from the angle reduced to the first octant so that the
        /// symmetric values come out exactly symmetric.
        func unitRoot(_ t: Int, _ n: Int) -> (Double, Double) {
            let t = ((t % n) + n) % n
            // Reduce to [0, n/8] with the symmetries of cos/sin: work in units of n/8.
            let eighth = Double(t) * 8 / Double(n)        // exact for powers of two
            let octant = Int(eighth.rounded(.down))
            let angle = { (u: Double) in u * Double.pi / 4 }
            let c: Double, s: Double                       // cos, sin of 2πt/n
            let r = eighth - Double(octant)                // in [0, 1)
            switch octant {
            case 0: c = cos(angle(r)); s = sin(angle(r))
            case 1: c = sin(angle(1 - r)); s = cos(angle(1 - r))
            case 2: c = -sin(angle(r)); s = cos(angle(r))
            case 3: c = -cos(angle(1 - r)); s = sin(angle(1 - r))
            case 4: c = -cos(angle(r)); s = -sin(angle(r))
            case 5: c = -sin(angle(1 - r)); s = -cos(angle(1 - r))
            case 6: c = sin(angle(r)); s = -cos(angle(r))
            default: c = cos(angle(1 - r)); s = -sin(angle(1 - r))
            }
            return (c, -s)
        }

        // Twiddle tables of the passes after the first, pass by pass: for k = 1, 2, 3 the vectors
        // (re, im, re, im) of wk = e^{-2πi·kp/n} (n the pass length; each stored twice, see
        // `fftMultiply2`). Lane l of a pass with inner length s serves p + l / s when s < W (the
        // last pass, s = 1: one p per lane; with 8 lanes also the pass before, s = 4: two p per
        // vector), else p (a middle pass: all lanes equal, serving W values of q at once); one
        // group of 12 vectors per W / s values of p, or per p.
        func table(lanes: Int) -> [Double] {
            var table: [Double] = []
            guard !radices.isEmpty else { return table }
            var span = radices[0]
            for _ in 1..<radices.count {
                span *= 4
                let m = span / 4, s = half / span
                var p = 0
                while p < m {
                    for k in 1...3 {
                        let roots = (0..<lanes).map { unitRoot(k * (p + (s < lanes ? $0 / s : 0)), span) }
                        let wr = roots.map(\.0), wi = roots.map(\.1)
                        table += wr + wi + wr + wi
                    }
                    p += s < lanes ? lanes / s : 1
                }
            }
            return table
        }
        narrow = TwiddleTable(table(lanes: 2), lanes: 2)
        wide = TwiddleTable(table(lanes: 4), lanes: 4)
        // The 8-lane single-precision passes need s >= 8 in the first pass: n/2 >= 64.
        single = half >= 64 ? TwiddleTable(table(lanes: 8).map { Float($0) }, lanes: 8) : nil

        let split = (0...half / 2 + 1).map { unitRoot($0, size) }
        // −i·W/2 = (W.im, −W.re)/2;  i·conj(W)/n = (W.im, W.re)/n  (W = e^{-2πik/n}).
        splitRe = split.map { $0.1 / 2 }
        splitIm = split.map { -$0.0 / 2 }
        unsplitRe = split.map { $0.1 / Double(size) }
        unsplitIm = split.map { $0.0 / Double(size) }
        singleUnsplitRe = unsplitRe.map { Float($0) }
        singleUnsplitIm = unsplitIm.map { Float($0) }
        let small = half <= 8 ? (0..<half).map { unitRoot($0, half) } : []
        smallRe = small.map(\.0)
        smallIm = small.map(\.1)
    }

    /// Forward transform of `input[0..<size]` into `real[0...size/2]` and `imag[0...size/2]`.
    /// - Parameter window: when given (`size` values), the transform of `input[i]·window[i]`,
    ///   the product formed as the first pass reads the input (as if windowed beforehand: the
    ///   same products, so the same result), saving the STFT a pass over each frame.
    public func forward(
        _ input: UnsafePointer<Double>, window: UnsafePointer<Double>? = nil,
        real: UnsafeMutablePointer<Double>, imag: UnsafeMutablePointer<Double>
    ) {
        if radices.isEmpty {
            for k in 0..<half {
                real[k] = window.map { input[2 * k] * $0[2 * k] } ?? input[2 * k]
                imag[k] = window.map { input[2 * k + 1] * $0[2 * k + 1] } ?? input[2 * k + 1]
            }
            smallDFT(real, imag, inverse: false)
            splitRe.withUnsafeBufferPointer { vr in
                splitIm.withUnsafeBufferPointer { vi in
                    self.kernel.recombine(real, imag, splitRe: vr.baseAddress!, splitIm: vi.baseAddress!, SIMD2<Double>.self)
                }
            }
            return
        }
        let kernel = self.kernel
        splitRe.withUnsafeBufferPointer { vr in
            splitIm.withUnsafeBufferPointer { vi in
                if KernelDispatch.wide {
                    Haswell.realFFTForward(kernel, input, window: window, real: real, imag: imag,
                                           twiddles: wide.forward(SIMD4<Double>.self), splitRe: vr.baseAddress!, splitIm: vi.baseAddress!)
                } else {
                    kernel.forward(input, window: window, real: real, imag: imag,
                                   twiddles: narrow.forward(SIMD2<Double>.self), splitRe: vr.baseAddress!, splitIm: vi.baseAddress!)
                }
            }
        }
    }

    /// Inverse transform of bins `real/imag[0...size/2]` into `output[0..<size]`, scaled so that
    /// `inverse(forward(x)) == x` (numpy.fft.irfft). The input buffers are used as scratch and are overwritten.
    public func inverse(
        real: UnsafeMutablePointer<Double>, imag: UnsafeMutablePointer<Double>,
        output: UnsafeMutablePointer<Double>
    ) {
        if radices.isEmpty {
            // Z/half in place of X.
            unsplitRe.withUnsafeBufferPointer { vr in
                unsplitIm.withUnsafeBufferPointer { vi in
                    self.kernel.unrecombine(real, imag, unsplitRe: vr.baseAddress!, unsplitIm: vi.baseAddress!, SIMD2<Double>.self)
                }
            }
            smallDFT(real, imag, inverse: true)
            for k in 0..<half { output[2 * k] = real[k]; output[2 * k + 1] = imag[k] }
            return
        }
        let kernel = self.kernel
        unsplitRe.withUnsafeBufferPointer { vr in
            unsplitIm.withUnsafeBufferPointer { vi in
                if KernelDispatch.wide {
                    Haswell.realFFTInverse(kernel, real: real, imag: imag, output: output,
                                           twiddles: wide.inverse(SIMD4<Double>.self), unsplitRe: vr.baseAddress!, unsplitIm: vi.baseAddress!)
                } else {
                    kernel.inverse(real: real, imag: imag, output: output,
                                   twiddles: narrow.inverse(SIMD2<Double>.self), unsplitRe: vr.baseAddress!, unsplitIm: vi.baseAddress!)
                }
            }
        }
    }

    /// The inverse transform in single precision (numpy.fft.irfft of complex64 bins, as NumPy 2
    /// computes it for librosa's istft): the same passes on 8-lane Float vectors (one AVX register),
    /// twice the values per instruction of the Double passes. Within a few Float ulps of the Double
    /// inverse rounded to Float (`FFTTests`). Sizes below 128 run the Double inverse.
    /// The input buffers are used as scratch and are overwritten.
    public func inverse(
        real: UnsafeMutablePointer<Float>, imag: UnsafeMutablePointer<Float>,
        output: UnsafeMutablePointer<Float>
    ) {
        guard let single else {
            var re = (0...half).map { Double(real[$0]) }, im = (0...half).map { Double(imag[$0]) }
            var y = [Double](repeating: 0, count: size)
            inverse(real: &re, imag: &im, output: &y)
            for i in 0..<size { output[i] = Float(y[i]) }
            return
        }
        let kernel = self.kernel
        singleUnsplitRe.withUnsafeBufferPointer { vr in
            singleUnsplitIm.withUnsafeBufferPointer { vi in
                if KernelDispatch.wide {
                    Haswell.realFFTInverse(kernel, real: real, imag: imag, output: output,
                                           twiddles: single.inverse(SIMD8<Float>.self), unsplitRe: vr.baseAddress!, unsplitIm: vi.baseAddress!)
                } else {
                    kernel.inverse(real: real, imag: imag, output: output,
                                   twiddles: single.inverse(SIMD8<Float>.self), unsplitRe: vr.baseAddress!, unsplitIm: vi.baseAddress!)
                }
            }
        }
    }

    // MARK: - Small sizes

    /// In place, the complex DFT of `re/im[0..<half]` by definition (half <= 8); the inverse is
    /// unscaled (the 1/half is applied by `unrecombine`).
    private func smallDFT(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, inverse: Bool) {
        let n = half
        var xr = [Double](repeating: 0, count: n), xi = xr
        for t in 0..<n { xr[t] = re[t]; xi[t] = im[t] }
        let sign: Double = inverse ? -1 : 1
        for k in 0..<n {
            var sr = 0.0, si = 0.0
            for t in 0..<n {
                let wr = smallRe[k * t % n], wi = sign * smallIm[k * t % n]
                sr += xr[t] * wr - xi[t] * wi
                si += xr[t] * wi + xi[t] * wr
            }
            re[k] = sr; im[k] = si
        }
    }
}

/// A twiddle table of `RealFFT` in memory aligned to 32 bytes (so the 2- and 4-lane vectors can be
/// read by aligned loads, which SSE2 arithmetic folds into its operands), followed by the same
/// table conjugated (every second vector, the imaginary parts, negated) for the inverse passes.
/// Immutable after `init`, so safe to share between threads.
private final class TwiddleTable<Scalar: BinaryFloatingPoint>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Scalar>
    private let count: Int

    init(_ table: [Scalar], lanes: Int) {
        count = table.count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, 2 * count) * MemoryLayout<Scalar>.stride, alignment: 32)
        storage = raw.bindMemory(to: Scalar.self, capacity: max(1, 2 * count))
        for i in 0..<count {
            storage[i] = table[i]
            storage[count + i] = (i / lanes) % 2 == 1 ? -table[i] : table[i]
        }
    }

    deinit { storage.deallocate() }

    func forward<V: FFTVector>(_: V.Type) -> UnsafePointer<V> where V.Scalar == Scalar {
        UnsafeRawPointer(storage).assumingMemoryBound(to: V.self)
    }

    func inverse<V: FFTVector>(_: V.Type) -> UnsafePointer<V> where V.Scalar == Scalar {
        UnsafeRawPointer(storage + count).assumingMemoryBound(to: V.self)
    }
}
