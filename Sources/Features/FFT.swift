import Foundation

/// A precomputed plan for the discrete Fourier transform of real signals of one power-of-two
/// length `n` (librosa's n_fft = 2048 by default).
///
/// The forward transform matches `numpy.fft.rfft` (no scaling, bins 0...n/2); the inverse matches
/// `numpy.fft.irfft` (scaled by 1/n, imaginary parts of the DC and Nyquist bins ignored).
///
/// Method: the real length-n signal is packed into a complex length-n/2 signal
/// z[k] = x[2k] + i·x[2k+1], transformed by an iterative radix-2 decimation-in-time FFT with
/// precomputed twiddles and bit-reversal table, and split into the spectrum of x with the
/// standard even/odd recombination X[k] = E[k] + e^{-2πik/n}·O[k].
/// A plan is immutable and safe to share between threads; scratch space is per call.
public final class RealFFT: Sendable {
    /// Transform length (a power of two, at least 4).
    public let size: Int
    /// Number of output bins, n/2 + 1.
    public var binCount: Int { size / 2 + 1 }

    private let half: Int
    private let bitReversed: [Int32]
    /// Twiddles of the half-size complex FFT, stage by stage and contiguous so the butterfly loops
    /// vectorise: the stage combining blocks of h values uses [h + j] = e^{-πij/h}, j < h.
    private let twiddleRe: [Double], twiddleIm: [Double]
    /// Recombination twiddles e^{-2πik/n}, k <= half.
    private let splitRe: [Double], splitIm: [Double]

    public init(size: Int) {
        precondition(size >= 4 && size & (size - 1) == 0, "RealFFT size must be a power of two >= 4")
        self.size = size
        half = size / 2
        let bits = half.trailingZeroBitCount
        bitReversed = (0..<half).map { i in
            var r = 0
            for b in 0..<bits where i & (1 << b) != 0 { r |= 1 << (bits - 1 - b) }
            return Int32(r)
        }
        var tr = [Double](repeating: 0, count: max(half, 2)), ti = tr
        var h = 1
        while h < half {
            // The same values (cos/sin of -2π·j·step/half) the single-table version used.
            let step = half / (2 * h)
            for j in 0..<h {
                let angle = -2 * Double.pi * Double(j * step) / Double(half)
                tr[h + j] = cos(angle); ti[h + j] = sin(angle)
            }
            h *= 2
        }
        twiddleRe = tr
        twiddleIm = ti
        splitRe = (0...half).map { cos(-2 * Double.pi * Double($0) / Double(size)) }
        splitIm = (0...half).map { sin(-2 * Double.pi * Double($0) / Double(size)) }
    }

    /// Forward transform of `input[0..<size]` into `real[0...size/2]` and `imag[0...size/2]`.
    public func forward(
        _ input: UnsafePointer<Double>,
        real: UnsafeMutablePointer<Double>, imag: UnsafeMutablePointer<Double>
    ) {
        // Pack even/odd samples as one complex signal, in bit-reversed order, into the output
        // buffers (they hold at least `half` values each).
        bitReversed.withUnsafeBufferPointer { rev in
            for k in 0..<half {
                let j = Int(rev[k])
                real[j] = input[2 * k]
                imag[j] = input[2 * k + 1]
            }
        }
        complexTransform(real, imag)
        // Recombine: X[k] = E[k] + W^k O[k], E = (Z[k] + conj Z[half-k]) / 2,
        // O = (Z[k] - conj Z[half-k]) / (2i). Pairs (k, half-k) are updated together in place.
        let z0r = real[0], z0i = imag[0]
        real[0] = z0r + z0i; imag[0] = 0
        real[half] = z0r - z0i; imag[half] = 0
        splitRe.withUnsafeBufferPointer { wr in
            splitIm.withUnsafeBufferPointer { wi in
                var k = 1
                while k <= half - k {
                    let m = half - k
                    let ar = real[k], ai = imag[k], br = real[m], bi = imag[m]
                    let er = 0.5 * (ar + br), ei = 0.5 * (ai - bi)
                    let or = 0.5 * (ai + bi), oi = -0.5 * (ar - br)
                    // X[k] = E + W^k O
                    let tr = wr[k] * or - wi[k] * oi, ti = wr[k] * oi + wi[k] * or
                    real[k] = er + tr; imag[k] = ei + ti
                    if m != k {
                        // X[m] = conj(E) + W^m conj(O)... derived from the pair (m, k).
                        let er2 = er, ei2 = -ei, or2 = or, oi2 = -oi
                        let tr2 = wr[m] * or2 - wi[m] * oi2, ti2 = wr[m] * oi2 + wi[m] * or2
                        real[m] = er2 + tr2; imag[m] = ei2 + ti2
                    }
                    k += 1
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
        // Undo the recombination: Z[k] = E[k] + i·O[k], E = (X[k] + conj X[half-k]) / 2,
        // O = (X[k] - conj X[half-k]) · conj(W^k) / 2. DC/Nyquist imaginary parts are ignored.
        imag[0] = 0; imag[half] = 0
        splitRe.withUnsafeBufferPointer { wr in
            splitIm.withUnsafeBufferPointer { wi in
                let x0 = real[0], xh = real[half]
                real[0] = 0.5 * (x0 + xh); imag[0] = 0.5 * (x0 - xh)
                var k = 1
                while k <= half - k {
                    let m = half - k
                    let ar = real[k], ai = imag[k], br = real[m], bi = imag[m]
                    func z(_ ar: Double, _ ai: Double, _ br: Double, _ bi: Double, _ w: Int) -> (Double, Double) {
                        let er = 0.5 * (ar + br), ei = 0.5 * (ai - bi)
                        let dr = 0.5 * (ar - br), di = 0.5 * (ai + bi)
                        // O = d · conj(W^w)
                        let or = dr * wr[w] + di * wi[w], oi = di * wr[w] - dr * wi[w]
                        return (er - oi, ei + or)   // E + i·O
                    }
                    let (zkr, zki) = z(ar, ai, br, bi, k)
                    let (zmr, zmi) = z(br, bi, ar, ai, m)
                    // Conjugated (ifft by conjugation, below) and parked in `output`, whose first
                    // half takes the real parts and second half the imaginary ones.
                    output[k] = zkr; output[half + k] = -zki
                    output[m] = zmr; output[half + m] = -zmi
                    k += 1
                }
                output[0] = real[0]; output[half] = -imag[0]
            }
        }
        // Inverse complex FFT by conjugation: ifft(Z) = conj(fft(conj Z)) / half. The bit-reversal
        // permutation is a gather from the parked values (no data-dependent branches).
        bitReversed.withUnsafeBufferPointer { rev in
            for k in 0..<half {
                let j = Int(rev[k])
                real[k] = output[j]
                imag[k] = output[half + j]
            }
        }
        complexTransform(real, imag)
        let scale = 1 / Double(half)
        for k in 0..<half {
            output[2 * k] = real[k] * scale
            output[2 * k + 1] = -imag[k] * scale
        }
    }

    /// In-place radix-2 DIT butterflies over `half` complex values already in bit-reversed order.
    /// The first two stages (twiddles 1 and −i) are done together without multiplications; the
    /// later ones run over contiguous twiddles so the compiler vectorises them.
    private func complexTransform(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>) {
        var length = 2
        if half >= 4 {
            var s = 0
            while s < half {
                let a0r = re[s] + re[s + 1], a0i = im[s] + im[s + 1]
                let a1r = re[s] - re[s + 1], a1i = im[s] - im[s + 1]
                let a2r = re[s + 2] + re[s + 3], a2i = im[s + 2] + im[s + 3]
                let a3r = re[s + 2] - re[s + 3], a3i = im[s + 2] - im[s + 3]
                re[s] = a0r + a2r; im[s] = a0i + a2i
                re[s + 2] = a0r - a2r; im[s + 2] = a0i - a2i
                // (−i)·a3 = a3i − i·a3r
                re[s + 1] = a1r + a3i; im[s + 1] = a1i - a3r
                re[s + 3] = a1r - a3i; im[s + 3] = a1i + a3r
                s += 4
            }
            length = 8
        }
        twiddleRe.withUnsafeBufferPointer { twr in
            twiddleIm.withUnsafeBufferPointer { twi in
                let wr0 = twr.baseAddress!, wi0 = twi.baseAddress!
                // An odd number of remaining stages: one radix-2 stage first.
                if length <= half && (half / length).trailingZeroBitCount % 2 == 0 {
                    let h = length / 2
                    let wr = wr0 + h, wi = wi0 + h
                    var start = 0
                    while start < half {
                        let ar = re + start, ai = im + start, br = ar + h, bi = ai + h
                        for j in 0..<h {
                            let xr = br[j] * wr[j] - bi[j] * wi[j]
                            let xi = br[j] * wi[j] + bi[j] * wr[j]
                            br[j] = ar[j] - xr; bi[j] = ai[j] - xi
                            ar[j] += xr; ai[j] += xi
                        }
                        start += length
                    }
                    length *= 2
                }
                // Then the stages two at a time (radix 4): the stages with blocks of 2h and 4h
                // values fused, so each value is loaded and stored once per pair of stages. Every
                // product uses the same table twiddle as the separate radix-2 stages would, so
                // the result is bit-identical to them.
                while length <= half {
                    let h = length / 2
                    let w1r = wr0 + h, w1i = wi0 + h            // stage 1: e^{-πij/h}
                    let w2r = wr0 + 2 * h, w2i = wi0 + 2 * h    // stage 2: e^{-πim/(2h)}, m < 2h
                    let w3r = w2r + h, w3i = w2i + h
                    let block = 4 * h
                    var start = 0
                    while start < half {
                        let p0r = re + start, p0i = im + start
                        let p1r = p0r + h, p1i = p0i + h
                        let p2r = p1r + h, p2i = p1i + h
                        let p3r = p2r + h, p3i = p2i + h
                        for j in 0..<h {
                            // Stage 1 on (0, 1) and (2, 3).
                            let x1r = p1r[j] * w1r[j] - p1i[j] * w1i[j]
                            let x1i = p1r[j] * w1i[j] + p1i[j] * w1r[j]
                            let x3r = p3r[j] * w1r[j] - p3i[j] * w1i[j]
                            let x3i = p3r[j] * w1i[j] + p3i[j] * w1r[j]
                            let a0r = p0r[j], a0i = p0i[j], a2r = p2r[j], a2i = p2i[j]
                            let b0r = a0r + x1r, b0i = a0i + x1i
                            let b1r = a0r - x1r, b1i = a0i - x1i
                            let b2r = a2r + x3r, b2i = a2i + x3i
                            let b3r = a2r - x3r, b3i = a2i - x3i
                            // Stage 2 on (0, 2) and (1, 3).
                            let y2r = b2r * w2r[j] - b2i * w2i[j]
                            let y2i = b2r * w2i[j] + b2i * w2r[j]
                            let y3r = b3r * w3r[j] - b3i * w3i[j]
                            let y3i = b3r * w3i[j] + b3i * w3r[j]
                            p0r[j] = b0r + y2r; p0i[j] = b0i + y2i
                            p2r[j] = b0r - y2r; p2i[j] = b0i - y2i
                            p1r[j] = b1r + y3r; p1i[j] = b1i + y3i
                            p3r[j] = b1r - y3r; p3i[j] = b1i - y3i
                        }
                        start += block
                    }
                    length *= 4
                }
            }
        }
    }
}
