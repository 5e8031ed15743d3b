/// The vector passes of `Features.RealFFT` (the self-sorting Stockham complex FFT of the packed
/// real signal and the even/odd recombination; the method is documented there), here so that
/// they are compiled twice like the other kernels: inlined into `Features` for baseline x86-64
/// and into `KernelsHaswell` for Haswell-class processors. The passes and recombinations are
/// generic over the vector (`FFTVector`): the baseline build runs them on `SIMD2<Double>`, the
/// AVX2 build on `SIMD4<Double>` (four values per register, and the VEX encoding's three-operand
/// arithmetic with unaligned loads folded in), each lane with the same operations in the same
/// order, so both give the same bits. Measured on blues.00000 (callgrind, whole process): the FFT
/// 181 M instructions in the baseline encoding, 150 M with the same 2-wide code VEX-encoded,
/// 108 M 4-wide. The same passes also run in single precision on `SIMD8<Float>` (the inverse of
/// HPSS's masked spectrum, as NumPy 2 computes librosa's istft of complex64): eight lanes need one
/// pass shape more, `pairedMiddlePass`, where the inner index (4 values) fills half a vector.
/// A value type over the plan's sizes; the tables are passed as pointers by `RealFFT`.
/// Always inlined into its callers (see `LaneMedian.medians`).
public struct RealFFTPasses: Sendable {
    /// Length of the complex transform, n/2.
    @usableFromInline let half: Int
    /// The radix of the first pass (8 when log2(half) is odd, else 4); every later pass is radix 4.
    @usableFromInline let firstRadix: Int
    /// Number of passes (0 when half < 16: only the recombinations may then be used, the plan
    /// transforms such sizes by a scalar DFT).
    @usableFromInline let passes: Int

    @inlinable
    public init(half: Int) {
        precondition(half >= 2 && half & (half - 1) == 0, "RealFFTPasses needs a power of two >= 2")
        self.half = half
        firstRadix = half.trailingZeroBitCount % 2 == 1 ? 8 : 4
        var count = 1, product = firstRadix
        while product < half { product *= 4; count += 1 }
        passes = half >= 16 ? count : 0
    }

    /// Forward transform of `input[0..<2·half]` (times `window` when given) into
    /// `real/imag[0...half]`: the passes, then `recombine` with the plan's `splitRe/splitIm`.
    /// `twiddles`: the forward block of the plan's twiddle table.
    @inlinable @inline(__always)
    public func forward<V: FFTVector>(
        _ input: UnsafePointer<V.Scalar>, window: UnsafePointer<V.Scalar>?,
        real: UnsafeMutablePointer<V.Scalar>, imag: UnsafeMutablePointer<V.Scalar>,
        twiddles: UnsafePointer<V>, splitRe: UnsafePointer<V.Scalar>, splitIm: UnsafePointer<V.Scalar>
    ) {
        // Passes 1 ..< P alternate between two blocked scratch buffers; the last writes
        // `real`/`imag`.
        let scratch = UnsafeMutablePointer<V.Scalar>.allocate(capacity: (passes > 2 ? 4 : 2) * half)
        defer { scratch.deallocate() }
        if firstRadix == 8 {
            firstPass8(V.self, interleaved: input, window: window, nil, scratch, inverse: false)
        } else {
            firstPass4(V.self, interleaved: input, window: window, nil, scratch, inverse: false)
        }
        laterPasses({ $0 % 2 == 1 ? scratch : scratch + 2 * half }, real, imag, twiddles, inverse: false)
        recombine(real, imag, splitRe: splitRe, splitIm: splitIm, V.self)
    }

    /// Inverse transform of `real/imag[0...half]` into `output[0..<2·half]` (numpy.fft.irfft
    /// scaling; the input buffers are overwritten). `twiddles`: the inverse (conjugated) block.
    @inlinable @inline(__always)
    public func inverse<V: FFTVector>(
        real: UnsafeMutablePointer<V.Scalar>, imag: UnsafeMutablePointer<V.Scalar>, output: UnsafeMutablePointer<V.Scalar>,
        twiddles: UnsafePointer<V>, unsplitRe: UnsafePointer<V.Scalar>, unsplitIm: UnsafePointer<V.Scalar>
    ) {
        unrecombine(real, imag, unsplitRe: unsplitRe, unsplitIm: unsplitIm, V.self)
        // Passes 1 ..< P alternate between a blocked scratch buffer and `output` (used as one
        // before the last pass writes it), ending with the scratch.
        let passes = self.passes
        let scratch = UnsafeMutablePointer<V.Scalar>.allocate(capacity: 2 * half)
        defer { scratch.deallocate() }
        let buffer = { (j: Int) in (passes - 1 - j) % 2 == 0 ? scratch : output }
        if firstRadix == 8 {
            firstPass8(V.self, interleaved: nil, window: nil, (real, imag), buffer(1), inverse: true)
        } else {
            firstPass4(V.self, interleaved: nil, window: nil, (real, imag), buffer(1), inverse: true)
        }
        laterPasses(buffer, output, nil, twiddles, inverse: true)
    }

    // MARK: - Recombination

    /// In place: Z (complex FFT of the packed signal, `re/im[0..<half]`) to X = rfft(x),
    /// `re/im[0...half]`. With A = Z[k], B = conj Z[half−k], E = (A + B)/2, V = −i·W^k/2:
    /// X[k] = E + V·(A − B) and X[half−k] = conj(E − V·(A − B)).
    @inlinable @inline(__always)
    public func recombine<V: FFTVector>(_ re: UnsafeMutablePointer<V.Scalar>, _ im: UnsafeMutablePointer<V.Scalar>,
                                        splitRe: UnsafePointer<V.Scalar>, splitIm: UnsafePointer<V.Scalar>, _ lanes: V.Type) {
        let n = half
        let z0r = re[0], z0i = im[0]
        re[0] = z0r + z0i; im[0] = 0
        re[n] = z0r - z0i; im[n] = 0
        mirroredPairs(re, im, splitRe, splitIm, scale: 0.5, V.self)
    }

    /// In place: X = `re/im[0...half]` (imaginary DC and Nyquist ignored) to Z/half in
    /// `re/im[0..<half]`. With A = X[k], B = conj X[half−k], E = (A + B)/2, U = i·conj(W^k)/2:
    /// Z[k] = E + U·(A − B), Z[half−k] = conj(E − U·(A − B)); everything scaled by 1/half.
    @inlinable @inline(__always)
    public func unrecombine<V: FFTVector>(_ re: UnsafeMutablePointer<V.Scalar>, _ im: UnsafeMutablePointer<V.Scalar>,
                                          unsplitRe: UnsafePointer<V.Scalar>, unsplitIm: UnsafePointer<V.Scalar>, _ lanes: V.Type) {
        let n = half
        let c = 0.5 / V.Scalar(n)
        let x0 = re[0], xn = re[n]
        mirroredPairs(re, im, unsplitRe, unsplitIm, scale: c, V.self)
        re[0] = c * (x0 + xn); im[0] = c * (x0 - xn)
    }

    /// The sweep both recombinations share, in place over the bin pairs (k, n − k), 0 < k ≤ n − k
    /// (n = half): with A = [k], B = conj [n − k], E = scale·(A + B) and T = v[k]·(A − B),
    /// [k] = E + T and [n − k] = conj(E − T). Two bins at a time: lanes (k, k + 1) and, reversed,
    /// (n − k, n − k − 1) (W bins at a time with W-lane vectors); the middle pairs one at a time.
    @inlinable @inline(__always)
    func mirroredPairs<V: FFTVector>(_ re: UnsafeMutablePointer<V.Scalar>, _ im: UnsafeMutablePointer<V.Scalar>,
                                     _ vr: UnsafePointer<V.Scalar>, _ vi: UnsafePointer<V.Scalar>, scale: V.Scalar, _: V.Type) {
        let n = half
        let w = V.scalarCount
        let scaleVector = V(repeating: scale)
        var k = 1
        while k &+ (w &- 1) < n &- k &- (w &- 1) {
            let m = n &- k &- (w &- 1)
            let ar: V = fftLoad(re + k), ai: V = fftLoad(im + k)
            let br = V.reversed(fftLoad(re + m)), bi = V.reversed(fftLoad(im + m))
            let sr = ar + br, si = ai - bi
            let dr = ar - br, di = ai + bi
            let wr: V = fftLoad(vr + k), wi: V = fftLoad(vi + k)
            let tr = wr * dr - wi * di, ti = wr * di + wi * dr
            let er = scaleVector * sr, ei = scaleVector * si
            fftStore(er + tr, re + k); fftStore(ei + ti, im + k)
            fftStore(V.reversed(er - tr), re + m); fftStore(V.reversed(ti - ei), im + m)
            k &+= w
        }
        while k <= n - k {
            let m = n - k
            let ar = re[k], ai = im[k], br = re[m], bi = -im[m]
            let sr = ar + br, si = ai + bi, dr = ar - br, di = ai - bi
            let tr = vr[k] * dr - vi[k] * di, ti = vr[k] * di + vi[k] * dr
            let er = scale * sr, ei = scale * si
            re[k] = er + tr; im[k] = ei + ti
            re[m] = er - tr; im[m] = ti - ei
            k += 1
        }
    }

    // MARK: - Complex FFT passes
    //
    // Between passes the complex values are kept "blocked": with W lanes per vector (2 for
    // SIMD2, 4 for SIMD4), values j ..< j + W (j a multiple of W) as 2W doubles re_j ... re_j+W−1,
    // im_j ... im_j+W−1, so a pair of vectors is one address (fewer pointers live in the loops)
    // and value j's block starts at double 2j whatever W. Index arithmetic wraps: the sizes are
    // bounded by the plan. Every lane runs the same operations on the same values for either W,
    // so both widths give the same bits.

    /// Passes 2...P. Pass j reads `buffer(j − 1)` and writes `buffer(j)` (blocked); the last one
    /// writes `lastRe/lastIm` (split), or `lastRe` interleaved (re, im, re, im, ...) when `lastIm` is nil.
    @inlinable @inline(__always)
    func laterPasses<V: FFTVector>(
        _ buffer: (Int) -> UnsafeMutablePointer<V.Scalar>,
        _ lastRe: UnsafeMutablePointer<V.Scalar>, _ lastIm: UnsafeMutablePointer<V.Scalar>?,
        _ twiddles: UnsafePointer<V>, inverse: Bool
    ) {
        let n = half
        var w = twiddles
        var span = firstRadix
        for j in 2..<passes {
            span &*= 4
            let s = n / span
            if s >= V.scalarCount {
                middlePass(buffer(j - 1), buffer(j), m: span >> 2, s: s, w, inverse: inverse)
                w += 12 &* (span >> 2)
            } else {
                // Only with 8 lanes, in the pass before the last (s = 4): two values of p per vector.
                pairedMiddlePass(buffer(j - 1), buffer(j), m: span >> 2, s: s, w, inverse: inverse)
                w += 6 &* (span >> 2)
            }
        }
        if let lastIm {
            lastPass(buffer(passes - 1), lastRe, lastIm, interleaved: false, m: n >> 2, w, inverse: inverse)
        } else {
            lastPass(buffer(passes - 1), lastRe, lastRe, interleaved: true, m: n >> 2, w, inverse: inverse)
        }
    }

    /// First pass, radix 4, no twiddles: y[q + s·k] = Σ_l x[q + s·l]·(∓i)^{kl}, s = half/4. The
    /// source is either `interleaved` (re, im pairs: the packed real input) or split arrays.
    @inlinable @inline(__always)
    func firstPass4<V: FFTVector>(
        _ lanes: V.Type, interleaved: UnsafePointer<V.Scalar>?, window: UnsafePointer<V.Scalar>?,
        _ split: (UnsafeMutablePointer<V.Scalar>, UnsafeMutablePointer<V.Scalar>)?,
        _ y: UnsafeMutablePointer<V.Scalar>, inverse: Bool
    ) {
        let s = half >> 2
        // The inverse DFT is the forward one with outputs k and −k exchanged.
        let y1 = y + 2 &* (inverse ? 3 &* s : s), y2 = y + 4 &* s, y3 = y + 2 &* (inverse ? s : 3 &* s)
        var q = 0
        while q < s {
            let (ar, ai): (V, V) = fftSource(interleaved, window, split, q)
            let (br, bi): (V, V) = fftSource(interleaved, window, split, q &+ s)
            let (cr, ci): (V, V) = fftSource(interleaved, window, split, q &+ 2 &* s)
            let (dr, di): (V, V) = fftSource(interleaved, window, split, q &+ 3 &* s)
            let (y0r, y0i, y1r, y1i, y2r, y2i, y3r, y3i) = fftButterfly4(ar, ai, br, bi, cr, ci, dr, di)
            let i = 2 &* q
            fftStoreBlock(y0r, y0i, y + i)
            fftStoreBlock(y1r, y1i, y1 + i)
            fftStoreBlock(y2r, y2i, y2 + i)
            fftStoreBlock(y3r, y3i, y3 + i)
            q &+= V.scalarCount
        }
    }

    /// First pass, radix 8, no twiddles: y[q + s·k] = Σ_l x[q + s·l]·e^{∓2πikl/8}, s = half/8.
    @inlinable @inline(__always)
    func firstPass8<V: FFTVector>(
        _ lanes: V.Type, interleaved: UnsafePointer<V.Scalar>?, window: UnsafePointer<V.Scalar>?,
        _ split: (UnsafeMutablePointer<V.Scalar>, UnsafeMutablePointer<V.Scalar>)?,
        _ y: UnsafeMutablePointer<V.Scalar>, inverse: Bool
    ) {
        let s = half >> 3
        // Output slot of value k (k ↔ 8 − k for the inverse), as blocked offsets.
        let y1 = y + 2 &* (inverse ? 7 : 1) &* s, y2 = y + 2 &* (inverse ? 6 : 2) &* s
        let y3 = y + 2 &* (inverse ? 5 : 3) &* s, y4 = y + 8 &* s
        let y5 = y + 2 &* (inverse ? 3 : 5) &* s, y6 = y + 2 &* (inverse ? 2 : 6) &* s
        let y7 = y + 2 &* (inverse ? 1 : 7) &* s
        let h = V(repeating: 0.70710678118654752440)   // √½
        var q = 0
        while q < s {
            // Even inputs: a DFT of length 4.
            let (a0r, a0i): (V, V) = fftSource(interleaved, window, split, q)
            let (a2r, a2i): (V, V) = fftSource(interleaved, window, split, q &+ 2 &* s)
            let (a4r, a4i): (V, V) = fftSource(interleaved, window, split, q &+ 4 &* s)
            let (a6r, a6i): (V, V) = fftSource(interleaved, window, split, q &+ 6 &* s)
            let (e0r, e0i, e1r, e1i, e2r, e2i, e3r, e3i) = fftButterfly4(a0r, a0i, a2r, a2i, a4r, a4i, a6r, a6i)
            // Odd inputs.
            let (a1r, a1i): (V, V) = fftSource(interleaved, window, split, q &+ s)
            let (a3r, a3i): (V, V) = fftSource(interleaved, window, split, q &+ 3 &* s)
            let (a5r, a5i): (V, V) = fftSource(interleaved, window, split, q &+ 5 &* s)
            let (a7r, a7i): (V, V) = fftSource(interleaved, window, split, q &+ 7 &* s)
            let (f0r, f0i, f1r, f1i, f2r, f2i, f3r, f3i) = fftButterfly4(a1r, a1i, a3r, a3i, a5r, a5i, a7r, a7i)
            // W8^1·f1 = √½·((f1r + f1i) + i(f1i − f1r)); W8^2·f2 = −i·f2;
            // W8^3·f3 = √½·((f3i − f3r) − i(f3r + f3i)) = g3r − i·g3n.
            let g1r = h * (f1r + f1i), g1i = h * (f1i - f1r)
            let g3r = h * (f3i - f3r), g3n = h * (f3r + f3i)
            let i = 2 &* q
            fftStoreBlock(e0r + f0r, e0i + f0i, y + i)
            fftStoreBlock(e0r - f0r, e0i - f0i, y4 + i)
            fftStoreBlock(e1r + g1r, e1i + g1i, y1 + i)
            fftStoreBlock(e1r - g1r, e1i - g1i, y5 + i)
            fftStoreBlock(e2r + f2i, e2i - f2r, y2 + i)
            fftStoreBlock(e2r - f2i, e2i + f2r, y6 + i)
            fftStoreBlock(e3r + g3r, e3i - g3n, y3 + i)
            fftStoreBlock(e3r - g3r, e3i + g3n, y7 + i)
            q &+= V.scalarCount
        }
    }

    /// A middle pass, radix 4, blocked to blocked: for p < m, q < s,
    /// y[q + s(p + km)] = Σ_l w_l·x[q + s(4p + l)]·(∓i)^{kl}, w_l = e^{∓2πi·lp/(4m)} from `w`.
    @inlinable @inline(__always)
    func middlePass<V: FFTVector>(
        _ x: UnsafeMutablePointer<V.Scalar>, _ y: UnsafeMutablePointer<V.Scalar>,
        m: Int, s: Int, _ w: UnsafePointer<V>, inverse: Bool
    ) {
        let sm = 2 &* s &* m
        let o1 = inverse ? 3 &* sm : sm, o2 = 2 &* sm, o3 = inverse ? sm : 3 &* sm
        let s1 = 2 &* s, s2 = 4 &* s, s3 = 6 &* s
        var x = x, y = y, t = w
        let end = w + 12 &* m
        while t < end {
            var i = 0
            while i < s1 {
                let (ar, ai): (V, V) = fftLoadBlock(x + i)
                let (br, bi) = fftMultiply2(fftLoadBlock(x + (i &+ s1)), t)
                let (cr, ci) = fftMultiply2(fftLoadBlock(x + (i &+ s2)), t + 4)
                let (dr, di) = fftMultiply2(fftLoadBlock(x + (i &+ s3)), t + 8)
                let (y0r, y0i, y1r, y1i, y2r, y2i, y3r, y3i) = fftButterfly4(ar, ai, br, bi, cr, ci, dr, di)
                fftStoreBlock(y0r, y0i, y + i)
                fftStoreBlock(y1r, y1i, y + (i &+ o1))
                fftStoreBlock(y2r, y2i, y + (i &+ o2))
                fftStoreBlock(y3r, y3i, y + (i &+ o3))
                i &+= 2 &* V.scalarCount
            }
            x += 4 &* s1; y += s1; t += 12
        }
    }

    /// The middle pass when the inner index has fewer values than a vector has lanes (s = W/2: the
    /// pass before the last with 8 lanes): lanes 0 ..< s serve q < s of p, lanes s ..< W the same q
    /// of p + 1, with the twiddles of each half from its own p (the table's layout for this pass).
    /// The inputs of p and p + 1 are half blocks 4s values apart, loaded into one vector
    /// (`FFTVector.halves`); the outputs of p and p + 1 are contiguous, so whole blocks are stored.
    /// Each lane does what `middlePass` does to it.
    @inlinable @inline(__always)
    func pairedMiddlePass<V: FFTVector>(
        _ x: UnsafeMutablePointer<V.Scalar>, _ y: UnsafeMutablePointer<V.Scalar>,
        m: Int, s: Int, _ w: UnsafePointer<V>, inverse: Bool
    ) {
        let lanes = V.scalarCount
        precondition(2 &* s == lanes && m % 2 == 0, "pairedMiddlePass needs s = W/2 and an even m")
        let sm = 2 &* s &* m
        let o1 = inverse ? 3 &* sm : sm, o2 = 2 &* sm, o3 = inverse ? sm : 3 &* sm
        // Offset of value v in the blocked layout (W values per block: W re, then W im).
        @inline(__always) func at(_ v: Int) -> Int { 2 &* (v & ~(lanes &- 1)) &+ (v & (lanes &- 1)) }
        @inline(__always) func input(_ v: Int) -> (V, V) {
            let lo = at(v), hi = at(v &+ 4 &* s)
            return (V.halves(x + lo, x + hi), V.halves(x + (lo &+ lanes), x + (hi &+ lanes)))
        }
        var p = 0, t = w
        while p < m {
            let v = 4 &* s &* p
            let (ar, ai) = input(v)
            let (br, bi) = fftMultiply2(input(v &+ s), t)
            let (cr, ci) = fftMultiply2(input(v &+ 2 &* s), t + 4)
            let (dr, di) = fftMultiply2(input(v &+ 3 &* s), t + 8)
            let (y0r, y0i, y1r, y1i, y2r, y2i, y3r, y3i) = fftButterfly4(ar, ai, br, bi, cr, ci, dr, di)
            let i = 2 &* s &* p
            fftStoreBlock(y0r, y0i, y + i)
            fftStoreBlock(y1r, y1i, y + (i &+ o1))
            fftStoreBlock(y2r, y2i, y + (i &+ o2))
            fftStoreBlock(y3r, y3i, y + (i &+ o3))
            p &+= 2; t += 12
        }
    }

    /// The last pass, radix 4, stride 1, from blocked values: y[p + km] = Σ_l w_l(p)·x[4p + l]·(∓i)^{kl}
    /// for p < m, two p at a time (the four inputs of p and p + 1 are transposed on load). Writes
    /// split `yr/yi`, or `yr` interleaved when `interleaved`.
    @inlinable @inline(__always)
    func lastPass<V: FFTVector>(
        _ x: UnsafeMutablePointer<V.Scalar>,
        _ yr: UnsafeMutablePointer<V.Scalar>, _ yi: UnsafeMutablePointer<V.Scalar>,
        interleaved: Bool, m: Int, _ w: UnsafePointer<V>, inverse: Bool
    ) {
        let o1 = inverse ? 3 &* m : m, o2 = 2 &* m, o3 = inverse ? m : 3 &* m
        var p = 0
        while p < m {
            // Lane l holds p + l: its inputs 4(p + l) ... 4(p + l) + 3, transposed out of the blocks.
            let x = x + 8 &* p, t = w + 12 &* p / V.scalarCount
            let (ar, ai, ur, ui, vr, vi, zr, zi) = V.lastPassInputs(x)
            let (br, bi) = fftMultiply2((ur, ui), t)
            let (cr, ci) = fftMultiply2((vr, vi), t + 4)
            let (dr, di) = fftMultiply2((zr, zi), t + 8)
            let (y0r, y0i, y1r, y1i, y2r, y2i, y3r, y3i) = fftButterfly4(ar, ai, br, bi, cr, ci, dr, di)
            if interleaved {
                V.storeInterleaved4(y0r, y0i, y1r, y1i, y2r, y2i, y3r, y3i, yr + 2 &* p, 2 &* o1, 2 &* o2, 2 &* o3)
            } else {
                fftStore(y0r, yr + p); fftStore(y0i, yi + p)
                fftStore(y1r, yr + (p &+ o1)); fftStore(y1i, yi + (p &+ o1))
                fftStore(y2r, yr + (p &+ o2)); fftStore(y2i, yi + (p &+ o2))
                fftStore(y3r, yr + (p &+ o3)); fftStore(y3i, yi + (p &+ o3))
            }
            p &+= V.scalarCount
        }
    }

}

// MARK: - Vectors of the passes

/// The vector type of the FFT passes: `SIMD2<Double>` (one SSE2 register, the baseline build) or
/// `SIMD4<Double>` (one AVX register, the Haswell build), and `SIMD8<Float>` for single precision
/// (one AVX register, or two SSE ones). The layout-specific steps are here; the arithmetic is generic.
public protocol FFTVector: SIMD where Scalar: BinaryFloatingPoint {
    /// (re, im) of the `scalarCount` complex values interleaved at `p` (re, im, re, im, ...).
    static func deinterleaved(_ p: UnsafePointer<Scalar>) -> (Self, Self)
    /// The last pass's four inputs per lane out of `scalarCount` blocks at `x`: lane l of the
    /// k-th pair (re, im) is value 4l + k of the blocked values starting at `x`.
    static func lastPassInputs(_ x: UnsafeMutablePointer<Scalar>) -> (Self, Self, Self, Self, Self, Self, Self, Self)
    /// The lanes in reverse order.
    static func reversed(_ v: Self) -> Self
    /// The low half of the lanes from `lo`, the high half from `hi` (`scalarCount / 2` values each).
    static func halves(_ lo: UnsafePointer<Scalar>, _ hi: UnsafePointer<Scalar>) -> Self
    /// Stores four (re, im) vector pairs interleaved at `p`, `p + o1`, `p + o2`, `p + o3`.
    static func storeInterleaved4(_ y0r: Self, _ y0i: Self, _ y1r: Self, _ y1i: Self,
                                  _ y2r: Self, _ y2i: Self, _ y3r: Self, _ y3i: Self,
                                  _ p: UnsafeMutablePointer<Scalar>, _ o1: Int, _ o2: Int, _ o3: Int)
}

extension SIMD2: FFTVector where Scalar == Double {
    @inlinable @inline(__always)
    public static func reversed(_ v: Self) -> Self { SIMD2(v.y, v.x) }

    @inlinable @inline(__always)
    public static func halves(_ lo: UnsafePointer<Double>, _ hi: UnsafePointer<Double>) -> Self { SIMD2(lo[0], hi[0]) }

    @inlinable @inline(__always)
    public static func deinterleaved(_ p: UnsafePointer<Double>) -> (Self, Self) {
        let u = pairLoad(p), v = pairLoad(p + 2)
        return (SIMD2(u.x, v.x), SIMD2(u.y, v.y))
    }

    @inlinable @inline(__always)
    public static func lastPassInputs(_ x: UnsafeMutablePointer<Double>) -> (Self, Self, Self, Self, Self, Self, Self, Self) {
        // Blocks (x0, x1) and (x2, x3) of lane 0, then of lane 1.
        let (u0r, u0i) = (pairLoad(x), pairLoad(x + 2)), (u1r, u1i) = (pairLoad(x + 4), pairLoad(x + 6))
        let (v0r, v0i) = (pairLoad(x + 8), pairLoad(x + 10)), (v1r, v1i) = (pairLoad(x + 12), pairLoad(x + 14))
        return (SIMD2(u0r.x, v0r.x), SIMD2(u0i.x, v0i.x), SIMD2(u0r.y, v0r.y), SIMD2(u0i.y, v0i.y),
                SIMD2(u1r.x, v1r.x), SIMD2(u1i.x, v1i.x), SIMD2(u1r.y, v1r.y), SIMD2(u1i.y, v1i.y))
    }

    @inlinable @inline(__always)
    public static func storeInterleaved4(_ y0r: Self, _ y0i: Self, _ y1r: Self, _ y1i: Self,
                                         _ y2r: Self, _ y2i: Self, _ y3r: Self, _ y3i: Self,
                                         _ p: UnsafeMutablePointer<Double>, _ o1: Int, _ o2: Int, _ o3: Int) {
        pairStoreInterleaved4(y0r, y0i, y1r, y1i, y2r, y2i, y3r, y3i, p, o1, o2, o3)
    }
}

extension SIMD4: FFTVector where Scalar == Double {
    @inlinable @inline(__always)
    public static func reversed(_ v: Self) -> Self { SIMD4(v.w, v.z, v.y, v.x) }

    @inlinable @inline(__always)
    public static func halves(_ lo: UnsafePointer<Double>, _ hi: UnsafePointer<Double>) -> Self {
        SIMD4(lowHalf: pairLoad(lo), highHalf: pairLoad(hi))
    }

    @inlinable @inline(__always)
    public static func deinterleaved(_ p: UnsafePointer<Double>) -> (Self, Self) {
        let u = fftLoad(p) as Self, v = fftLoad(p + 4) as Self
        return (SIMD4(u.x, u.z, v.x, v.z), SIMD4(u.y, u.w, v.y, v.w))
    }

    @inlinable @inline(__always)
    public static func lastPassInputs(_ x: UnsafeMutablePointer<Double>) -> (Self, Self, Self, Self, Self, Self, Self, Self) {
        // Block l (values 4l ... 4l + 3 of lane l) is (re ×4, im ×4) at x + 8l: a 4×4 transpose each.
        @inline(__always) func transpose(_ a: Self, _ b: Self, _ c: Self, _ d: Self) -> (Self, Self, Self, Self) {
            let ab0 = SIMD4(a.x, b.x, a.z, b.z), ab1 = SIMD4(a.y, b.y, a.w, b.w)
            let cd0 = SIMD4(c.x, d.x, c.z, d.z), cd1 = SIMD4(c.y, d.y, c.w, d.w)
            return (SIMD4(ab0.x, ab0.y, cd0.x, cd0.y), SIMD4(ab1.x, ab1.y, cd1.x, cd1.y),
                    SIMD4(ab0.z, ab0.w, cd0.z, cd0.w), SIMD4(ab1.z, ab1.w, cd1.z, cd1.w))
        }
        let (ar, br, cr, dr) = transpose(fftLoad(x), fftLoad(x + 8), fftLoad(x + 16), fftLoad(x + 24))
        let (ai, bi, ci, di) = transpose(fftLoad(x + 4), fftLoad(x + 12), fftLoad(x + 20), fftLoad(x + 28))
        return (ar, ai, br, bi, cr, ci, dr, di)
    }

    @inlinable @inline(__always)
    public static func storeInterleaved4(_ y0r: Self, _ y0i: Self, _ y1r: Self, _ y1i: Self,
                                         _ y2r: Self, _ y2i: Self, _ y3r: Self, _ y3i: Self,
                                         _ p: UnsafeMutablePointer<Double>, _ o1: Int, _ o2: Int, _ o3: Int) {
        @inline(__always) func put(_ re: Self, _ im: Self, _ q: UnsafeMutablePointer<Double>) {
            fftStore(SIMD4(re.x, im.x, re.y, im.y), q)
            fftStore(SIMD4(re.z, im.z, re.w, im.w), q + 4)
        }
        put(y0r, y0i, p); put(y1r, y1i, p + o1); put(y2r, y2i, p + o2); put(y3r, y3i, p + o3)
    }
}

/// Eight Floats: one AVX register in the Haswell build, two SSE registers in the baseline one
/// (every operation is elementwise, so the bits are the same). The single-precision passes.
extension SIMD8: FFTVector where Scalar == Float {
    @inlinable @inline(__always)
    public static func reversed(_ v: Self) -> Self { SIMD8(v[7], v[6], v[5], v[4], v[3], v[2], v[1], v[0]) }

    @inlinable @inline(__always)
    public static func halves(_ lo: UnsafePointer<Float>, _ hi: UnsafePointer<Float>) -> Self {
        SIMD8(lowHalf: UnsafeRawPointer(lo).loadUnaligned(as: SIMD4<Float>.self),
              highHalf: UnsafeRawPointer(hi).loadUnaligned(as: SIMD4<Float>.self))
    }

    @inlinable @inline(__always)
    public static func deinterleaved(_ p: UnsafePointer<Float>) -> (Self, Self) {
        let u = fftLoad(p) as Self, v = fftLoad(p + 8) as Self
        return (SIMD8(u[0], u[2], u[4], u[6], v[0], v[2], v[4], v[6]),
                SIMD8(u[1], u[3], u[5], u[7], v[1], v[3], v[5], v[7]))
    }

    @inlinable @inline(__always)
    public static func lastPassInputs(_ x: UnsafeMutablePointer<Float>) -> (Self, Self, Self, Self, Self, Self, Self, Self) {
        // Four blocks of 8 values (re ×8, im ×8) at x + 16b; lane l's inputs are values 4l ... 4l + 3:
        // the low (l even) or high half of block l / 2.
        @inline(__always) func gather(_ offset: Int) -> (Self, Self, Self, Self) {
            let b0 = fftLoad(x + offset) as Self, b1 = fftLoad(x + (16 &+ offset)) as Self
            let b2 = fftLoad(x + (32 &+ offset)) as Self, b3 = fftLoad(x + (48 &+ offset)) as Self
            @inline(__always) func lane(_ k: Int) -> Self {
                SIMD8(b0[k], b0[k &+ 4], b1[k], b1[k &+ 4], b2[k], b2[k &+ 4], b3[k], b3[k &+ 4])
            }
            return (lane(0), lane(1), lane(2), lane(3))
        }
        let (ar, br, cr, dr) = gather(0)
        let (ai, bi, ci, di) = gather(8)
        return (ar, ai, br, bi, cr, ci, dr, di)
    }

    @inlinable @inline(__always)
    public static func storeInterleaved4(_ y0r: Self, _ y0i: Self, _ y1r: Self, _ y1i: Self,
                                         _ y2r: Self, _ y2i: Self, _ y3r: Self, _ y3i: Self,
                                         _ p: UnsafeMutablePointer<Float>, _ o1: Int, _ o2: Int, _ o3: Int) {
        @inline(__always) func put(_ re: Self, _ im: Self, _ q: UnsafeMutablePointer<Float>) {
            fftStore(SIMD8(re[0], im[0], re[1], im[1], re[2], im[2], re[3], im[3]), q)
            fftStore(SIMD8(re[4], im[4], re[5], im[5], re[6], im[6], re[7], im[7]), q + 8)
        }
        put(y0r, y0i, p); put(y1r, y1i, p + o1); put(y2r, y2i, p + o2); put(y3r, y3i, p + o3)
    }
}

@inlinable @inline(__always)
func fftLoad<V: FFTVector>(_ p: UnsafePointer<V.Scalar>) -> V {
    UnsafeRawPointer(p).loadUnaligned(as: V.self)
}

@inlinable @inline(__always)
func fftLoad<V: FFTVector>(_ p: UnsafeMutablePointer<V.Scalar>) -> V {
    UnsafeRawPointer(p).loadUnaligned(as: V.self)
}

@inlinable @inline(__always)
func fftStore<V: FFTVector>(_ v: V, _ p: UnsafeMutablePointer<V.Scalar>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
}

@inlinable @inline(__always)
func pairLoad(_ p: UnsafePointer<Double>) -> SIMD2<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD2<Double>.self)
}

@inlinable @inline(__always)
func pairLoad(_ p: UnsafeMutablePointer<Double>) -> SIMD2<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD2<Double>.self)
}

@inlinable @inline(__always)
func pairStore(_ v: SIMD2<Double>, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD2<Double>.self)
}

/// Stores four complex vector pairs interleaved (re, im, re', im') at `p`, `p + o1`, `p + o2`,
/// `p + o3`. Not inlined on purpose: inlined, the shuffles are pushed up into the arithmetic by
/// the SLP vectoriser, which then mixes re and im lanes everywhere (twice the instructions).
@usableFromInline @inline(never)
func pairStoreInterleaved4(
    _ y0r: SIMD2<Double>, _ y0i: SIMD2<Double>, _ y1r: SIMD2<Double>, _ y1i: SIMD2<Double>,
    _ y2r: SIMD2<Double>, _ y2i: SIMD2<Double>, _ y3r: SIMD2<Double>, _ y3i: SIMD2<Double>,
    _ p: UnsafeMutablePointer<Double>, _ o1: Int, _ o2: Int, _ o3: Int
) {
    @inline(__always) func low(_ a: SIMD2<Double>, _ b: SIMD2<Double>) -> SIMD2<Double> { SIMD2(a.x, b.x) }
    @inline(__always) func high(_ a: SIMD2<Double>, _ b: SIMD2<Double>) -> SIMD2<Double> { SIMD2(a.y, b.y) }
    pairStore(low(y0r, y0i), p); pairStore(high(y0r, y0i), p + 2)
    pairStore(low(y1r, y1i), p + o1); pairStore(high(y1r, y1i), p + (o1 &+ 2))
    pairStore(low(y2r, y2i), p + o2); pairStore(high(y2r, y2i), p + (o2 &+ 2))
    pairStore(low(y3r, y3i), p + o3); pairStore(high(y3r, y3i), p + (o3 &+ 2))
}

/// x·w with w read from `t` as (wr, wi, wr, wi). The table is aligned to 32 bytes (SSE2
/// arithmetic only takes aligned memory operands) and each factor is stored twice so that every
/// load has one use: the compiler then folds the loads into the multiplies instead of keeping six
/// twiddle registers (and spilling them) in loops that already need all sixteen (measured: 8%
/// fewer instructions per transform than one copy).
@inlinable @inline(__always)
func fftMultiply2<V: FFTVector>(_ x: (V, V), _ t: UnsafePointer<V>) -> (V, V) {
    (x.0 * t[0] - x.1 * t[1], x.0 * t[3] + x.1 * t[2])
}

/// Blocked vector pair of complex values at `p`: (re ×W, im ×W).
@inlinable @inline(__always)
func fftLoadBlock<V: FFTVector>(_ p: UnsafeMutablePointer<V.Scalar>) -> (V, V) {
    (fftLoad(p), fftLoad(p + V.scalarCount))
}

@inlinable @inline(__always)
func fftStoreBlock<V: FFTVector>(_ re: V, _ im: V, _ p: UnsafeMutablePointer<V.Scalar>) {
    fftStore(re, p)
    fftStore(im, p + V.scalarCount)
}

/// Values j ..< j + W (j a multiple of W) of a first-pass source: interleaved (re, im, re, im)
/// or split arrays.
@inlinable @inline(__always)
func fftSource<V: FFTVector>(
    _ interleaved: UnsafePointer<V.Scalar>?, _ window: UnsafePointer<V.Scalar>?,
    _ split: (UnsafeMutablePointer<V.Scalar>, UnsafeMutablePointer<V.Scalar>)?, _ j: Int
) -> (V, V) {
    if let x = interleaved {
        let (re, im) = V.deinterleaved(x + 2 &* j)
        guard let w = window else { return (re, im) }
        let (wr, wi) = V.deinterleaved(w + 2 &* j)
        return (re * wr, im * wi)
    }
    let (xr, xi) = split!
    return (fftLoad(xr + j), fftLoad(xi + j))
}

/// The length-4 DFT (forward orientation) of a, b, c, d:
/// y0 = a + b + c + d, y1 = a − ib − c + id, y2 = a − b + c − d, y3 = a + ib − c − id.
@inlinable @inline(__always)
func fftButterfly4<V: FFTVector>(
    _ ar: V, _ ai: V, _ br: V, _ bi: V, _ cr: V, _ ci: V, _ dr: V, _ di: V
) -> (V, V, V, V, V, V, V, V) {
    let pr = ar + cr, pi = ai + ci, mr = ar - cr, mi = ai - ci
    let sr = br + dr, si = bi + di, tr = br - dr, ti = bi - di
    // −i·t = (ti, −tr)
    return (pr + sr, pi + si, mr + ti, mi - tr, pr - sr, pi - si, mr - ti, mi + tr)
}
