import Foundation
import Testing
@testable import Features

// The references below are the O(n²) definitions of the DFT, summed with error-free
// transformations (TwoProduct by fma, TwoSum) over a quarter-wave cosine table, so they are exact
// to about one rounding of each twiddle: well below the ~1e-16·log n rounding of a double FFT.
// Errors are measured against the RMS of the reference output (for the forward transform that
// is the norm of the input, by Parseval).

/// cos(2πj/n), sin(2πj/n) for j < n from cos on [0, π/2] and the quadrant symmetries.
private func unitCircle(_ n: Int) -> (cos: [Double], sin: [Double]) {
    var quarter = (0...n / 4).map { cos(2 * Double.pi * Double($0) / Double(n)) }
    quarter[n / 4] = 0                     // cos(π/2), which the formula gives as 6e-17
    func c(_ j: Int) -> Double {           // cos(2πj/n), 0 <= j < n, n a multiple of 4
        switch j {
        case 0...(n / 4): return quarter[j]
        case ...(n / 2): return -quarter[n / 2 - j]
        case ...(3 * n / 4): return -quarter[j - n / 2]
        default: return quarter[n - j]
        }
    }
    let cosines = (0..<n).map(c)
    let sines = (0..<n).map { c(($0 + 3 * n / 4) % n) }   // sin θ = cos(θ − π/2)
    return (cosines, sines)
}

/// A double-double accumulator: hi + lo carries the sum of products without rounding loss.
private struct Accumulator {
    var hi = 0.0, lo = 0.0
    mutating func add(_ a: Double, times b: Double) {
        let p = a * b
        let pe = (-p).addingProduct(a, b)          // a·b − p exactly
        let s = hi + p
        let v = s - hi
        let se = (hi - (s - v)) + (p - v)           // TwoSum error
        hi = s
        lo += se + pe
    }
    var value: Double { hi + lo }
}

/// rfft by definition: X[k] = Σ x[t]·e^{-2πikt/n}, k = 0...n/2.
private func referenceRFFT(_ x: [Double]) -> (re: [Double], im: [Double]) {
    let n = x.count
    let (cosines, sines) = unitCircle(n)
    var re = [Double](), im = [Double]()
    x.withUnsafeBufferPointer { x in
        cosines.withUnsafeBufferPointer { c in
            sines.withUnsafeBufferPointer { s in
                for k in 0...n / 2 {
                    var r = Accumulator(), i = Accumulator()
                    var j = 0                        // k·t mod n
                    for t in 0..<n {
                        r.add(x[t], times: c[j])
                        i.add(-x[t], times: s[j])
                        j += k
                        if j >= n { j -= n }
                    }
                    re.append(r.value)
                    im.append(i.value)
                }
            }
        }
    }
    return (re, im)
}

/// irfft by definition: x[t] = (1/n)·(X[0] + (−1)^t·X[n/2] + 2·Σ_{0<k<n/2} Re(X[k]·e^{2πikt/n})),
/// the imaginary parts of X[0] and X[n/2] ignored.
private func referenceIRFFT(re: [Double], im: [Double], n: Int) -> [Double] {
    let (cosines, sines) = unitCircle(n)
    var x = [Double]()
    re.withUnsafeBufferPointer { re in
        im.withUnsafeBufferPointer { im in
            cosines.withUnsafeBufferPointer { c in
                sines.withUnsafeBufferPointer { s in
                    for t in 0..<n {
                        var sum = Accumulator()
                        sum.add(re[0], times: 1)
                        sum.add(re[n / 2], times: t % 2 == 0 ? 1 : -1)
                        var j = t                    // k·t mod n
                        for k in 1..<n / 2 {
                            sum.add(2 * re[k], times: c[j])
                            sum.add(-2 * im[k], times: s[j])
                            j += t
                            if j >= n { j -= n }
                        }
                        x.append(sum.value / Double(n))
                    }
                }
            }
        }
    }
    return x
}

private func randomSignal(_ n: Int, seed: UInt64) -> [Double] {
    var state = seed
    return (0..<n).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(Int64(bitPattern: state >> 11) % 2_000_000) / 1_000_000 - 1
    }
}

private func rms(_ values: [Double]) -> Double {
    (values.reduce(0) { $0 + $1 * $1 } / Double(values.count)).squareRoot()
}

/// Every size the plan distinguishes: the scalar DFT (n <= 16), first passes of radix 4 and 8,
/// none to several middle passes.
private let sizes = [4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096]

/// Double-FFT rounding: measured ≈ 1e-15 of the RMS at n = 4096; a wrong twiddle or index is ~1.
private let tolerance = 3e-15

@Test(arguments: sizes)
func forwardMatchesDefinition(size: Int) {
    let fft = RealFFT(size: size)
    let x = randomSignal(size, seed: UInt64(size))
    var re = [Double](repeating: .nan, count: fft.binCount), im = re
    x.withUnsafeBufferPointer { fft.forward($0.baseAddress!, real: &re, imag: &im) }
    let reference = referenceRFFT(x)
    // RMS over the full spectrum (bins k and n − k mirrored) = ‖x‖ by Parseval.
    let scale = (x.reduce(0) { $0 + $1 * $1 }).squareRoot()
    var worst = 0.0
    for k in 0..<fft.binCount {
        worst = max(worst, abs(re[k] - reference.re[k]), abs(im[k] - reference.im[k]))
    }
    #expect(worst <= tolerance * scale, "size \(size): max error \(worst / scale) of the RMS")
    #expect(im[0] == 0 && im[size / 2] == 0)
}

@Test(arguments: sizes)
func inverseMatchesDefinition(size: Int) {
    let fft = RealFFT(size: size)
    let bins = fft.binCount
    let re = randomSignal(bins, seed: UInt64(size) + 1), im = randomSignal(bins, seed: UInt64(size) + 2)
    var scratchRe = re, scratchIm = im
    var y = [Double](repeating: .nan, count: size)
    fft.inverse(real: &scratchRe, imag: &scratchIm, output: &y)
    let reference = referenceIRFFT(re: re, im: im, n: size)
    let scale = rms(reference)
    let worst = zip(y, reference).map { abs($0 - $1) }.max()!
    #expect(worst <= tolerance * scale, "size \(size): max error \(worst / scale) of the RMS")
}

@Test(arguments: [4, 32, 64, 2048])
func inverseRecoversSignal(size: Int) {
    let fft = RealFFT(size: size)
    let x = randomSignal(size, seed: 99)
    var re = [Double](repeating: 0, count: fft.binCount), im = re
    var y = [Double](repeating: 0, count: size)
    x.withUnsafeBufferPointer { fft.forward($0.baseAddress!, real: &re, imag: &im) }
    fft.inverse(real: &re, imag: &im, output: &y)
    let scale = rms(x)
    for t in 0..<size { #expect(abs(y[t] - x[t]) <= tolerance * scale) }
}

@Test func inverseIgnoresImaginaryDCAndNyquistLikeNumpy() {
    // numpy.fft.irfft([1+5j, 2-1j, 3+7j], n=4) == [2., 0., 0., -1.] (the 5j and 7j are dropped).
    let fft = RealFFT(size: 4)
    var re: [Double] = [1, 2, 3], im: [Double] = [5, -1, 7]
    var y = [Double](repeating: 0, count: 4)
    fft.inverse(real: &re, imag: &im, output: &y)
    let expected: [Double] = [2, 0, 0, -1]
    for t in 0..<4 { #expect(abs(y[t] - expected[t]) < 1e-12) }
}

@Test(arguments: [16, 64, 2048])
func inverseIgnoresImaginaryDCAndNyquist(size: Int) {
    let fft = RealFFT(size: size)
    let re = randomSignal(fft.binCount, seed: 5), im = randomSignal(fft.binCount, seed: 6)
    var withImaginary = im, without = im
    withImaginary[0] = 3; withImaginary[size / 2] = -4
    without[0] = 0; without[size / 2] = 0
    var re1 = re, re2 = re
    var y1 = [Double](repeating: 0, count: size), y2 = y1
    fft.inverse(real: &re1, imag: &withImaginary, output: &y1)
    fft.inverse(real: &re2, imag: &without, output: &y2)
    #expect(y1 == y2)
}

/// The STFT writes frame t at offset t·(n/2 + 1): the output arrays need not be 16-byte aligned.
@Test(arguments: [64, 2048])
func unalignedBuffersGiveTheSameResults(size: Int) {
    let fft = RealFFT(size: size)
    let bins = fft.binCount
    let x = randomSignal(size, seed: 7)
    var re = [Double](repeating: 0, count: bins), im = re
    x.withUnsafeBufferPointer { fft.forward($0.baseAddress!, real: &re, imag: &im) }
    var shiftedX = [0] + x
    var shiftedRe = [Double](repeating: 0, count: bins + 1), shiftedIm = shiftedRe
    shiftedX.withUnsafeMutableBufferPointer { sx in
        shiftedRe.withUnsafeMutableBufferPointer { sr in
            shiftedIm.withUnsafeMutableBufferPointer { si in
                fft.forward(sx.baseAddress! + 1, real: sr.baseAddress! + 1, imag: si.baseAddress! + 1)
            }
        }
    }
    #expect(Array(shiftedRe[1...]) == re && Array(shiftedIm[1...]) == im)
    var y = [Double](repeating: 0, count: size), shiftedY = [Double](repeating: 0, count: size + 1)
    fft.inverse(real: &re, imag: &im, output: &y)
    shiftedRe.withUnsafeMutableBufferPointer { sr in
        shiftedIm.withUnsafeMutableBufferPointer { si in
            shiftedY.withUnsafeMutableBufferPointer { sy in
                fft.inverse(real: sr.baseAddress! + 1, imag: si.baseAddress! + 1, output: sy.baseAddress! + 1)
            }
        }
    }
    #expect(Array(shiftedY[1...]) == y)
}

/// Windowing inside the first pass gives exactly the transform of the pre-multiplied input.
@Test(arguments: [4, 8, 16, 32, 64, 1024, 2048])
func forwardWithWindowEqualsForwardOfWindowedInput(size: Int) {
    let fft = RealFFT(size: size)
    let x = randomSignal(size, seed: 7 &+ UInt64(size)), w = randomSignal(size, seed: 11 &+ UInt64(size))
    let product = zip(x, w).map { $0 * $1 }
    var re1 = [Double](repeating: 0, count: size / 2 + 1), im1 = re1, re2 = re1, im2 = re1
    fft.forward(product, real: &re1, imag: &im1)
    x.withUnsafeBufferPointer { xb in
        w.withUnsafeBufferPointer { wb in
            fft.forward(xb.baseAddress!, window: wb.baseAddress!, real: &re2, imag: &im2)
        }
    }
    #expect(re1 == re2)
    #expect(im1 == im2)
}

/// The AVX2 passes (4-lane vectors, their own twiddle layout and transposes) and the baseline
/// ones (2-lane) give the same bits, forward and inverse, at every size (the tests above check
/// whichever build this processor runs against the definition; this one ties the other to it).
@Test(arguments: sizes)
func wideAndBaselinePassesGiveIdenticalTransforms(size: Int) throws {
    try #require(KernelDispatch.wideSupported, "this processor has no AVX2: only the baseline passes run")
    let fft = RealFFT(size: size)
    let x = randomSignal(size, seed: 31 &+ UInt64(size)), w = randomSignal(size, seed: 37 &+ UInt64(size))
    func transforms() -> (re: [Double], im: [Double], y: [Double]) {
        var re = [Double](repeating: .nan, count: fft.binCount), im = re
        x.withUnsafeBufferPointer { xb in
            w.withUnsafeBufferPointer { wb in
                fft.forward(xb.baseAddress!, window: wb.baseAddress!, real: &re, imag: &im)
            }
        }
        var scratchRe = re, scratchIm = im
        var y = [Double](repeating: .nan, count: size)
        fft.inverse(real: &scratchRe, imag: &scratchIm, output: &y)
        return (re, im, y)
    }
    let wide = KernelDispatch.$baselineOnly.withValue(false) { transforms() }
    let baseline = KernelDispatch.$baselineOnly.withValue(true) { transforms() }
    #expect(wide.re == baseline.re && wide.im == baseline.im, "size \(size): forward differs")
    #expect(wide.y == baseline.y, "size \(size): inverse differs")
}

/// The single-precision inverse (8-lane Float passes; the Double inverse below 128) against the
/// definition, on Float bins: within Float rounding of the RMS. Measured: the largest error is
/// 2.5–5.4e-7 of the RMS at n = 128...4096 (a few Float ulps, like NumPy 2's float32 irfft), 3–7e-8
/// below (the Double inverse, rounded); a wrong twiddle or index is ~1.
@Test(arguments: sizes)
func singlePrecisionInverseMatchesDefinition(size: Int) {
    let fft = RealFFT(size: size)
    let bins = fft.binCount
    let re = randomSignal(bins, seed: UInt64(size) + 5).map { Float($0) }
    let im = randomSignal(bins, seed: UInt64(size) + 6).map { Float($0) }
    var scratchRe = re, scratchIm = im
    var y = [Float](repeating: .nan, count: size)
    fft.inverse(real: &scratchRe, imag: &scratchIm, output: &y)
    let reference = referenceIRFFT(re: re.map(Double.init), im: im.map(Double.init), n: size)
    let scale = rms(reference)
    let worst = zip(y, reference).map { abs(Double($0) - $1) }.max()!
    #expect(worst <= 1.5e-6 * scale, "size \(size): max error \(worst / scale) of the RMS")
}

/// The AVX2 and baseline builds of the single-precision passes (8 Floats: one AVX register, or
/// two SSE ones) give the same bits at every size.
@Test(arguments: sizes)
func wideAndBaselineSinglePrecisionInversesAreIdentical(size: Int) throws {
    try #require(KernelDispatch.wideSupported, "this processor has no AVX2: only the baseline passes run")
    let fft = RealFFT(size: size)
    let re = randomSignal(fft.binCount, seed: 41 &+ UInt64(size)).map { Float($0) }
    let im = randomSignal(fft.binCount, seed: 43 &+ UInt64(size)).map { Float($0) }
    func transform() -> [Float] {
        var scratchRe = re, scratchIm = im
        var y = [Float](repeating: .nan, count: size)
        fft.inverse(real: &scratchRe, imag: &scratchIm, output: &y)
        return y
    }
    let wide = KernelDispatch.$baselineOnly.withValue(false) { transform() }
    let baseline = KernelDispatch.$baselineOnly.withValue(true) { transform() }
    #expect(wide == baseline, "size \(size): the single-precision inverse differs between builds")
}
