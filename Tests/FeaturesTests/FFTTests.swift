import Foundation
import Testing
@testable import Features

/// The O(n²) definition of the DFT, X[k] = Σ x[t]·e^{-2πikt/n}, as the independent reference.
private func naiveDFT(_ x: [Double]) -> (re: [Double], im: [Double]) {
    let n = x.count
    var re = [Double](repeating: 0, count: n / 2 + 1), im = re
    for k in 0...n / 2 {
        for t in 0..<n {
            let angle = -2 * Double.pi * Double(k * t % n) / Double(n)
            re[k] += x[t] * cos(angle)
            im[k] += x[t] * sin(angle)
        }
    }
    return (re, im)
}

private func randomSignal(_ n: Int, seed: UInt64) -> [Double] {
    var state = seed
    return (0..<n).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(Int64(bitPattern: state >> 11) % 2_000_000) / 1_000_000 - 1
    }
}

@Test(arguments: [4, 8, 16, 64, 512, 2048])
func forwardMatchesNaiveDFT(size: Int) {
    let fft = RealFFT(size: size)
    let x = randomSignal(size, seed: UInt64(size))
    var re = [Double](repeating: 0, count: fft.binCount), im = re
    x.withUnsafeBufferPointer { fft.forward($0.baseAddress!, real: &re, imag: &im) }
    let reference = naiveDFT(x)
    for k in 0..<fft.binCount {
        #expect(abs(re[k] - reference.re[k]) < 1e-9 * Double(size), "bin \(k) real")
        #expect(abs(im[k] - reference.im[k]) < 1e-9 * Double(size), "bin \(k) imag")
    }
}

@Test(arguments: [4, 32, 2048])
func inverseRecoversSignal(size: Int) {
    let fft = RealFFT(size: size)
    let x = randomSignal(size, seed: 99)
    var re = [Double](repeating: 0, count: fft.binCount), im = re
    var y = [Double](repeating: 0, count: size)
    x.withUnsafeBufferPointer { fft.forward($0.baseAddress!, real: &re, imag: &im) }
    fft.inverse(real: &re, imag: &im, output: &y)
    for t in 0..<size { #expect(abs(y[t] - x[t]) < 1e-12) }
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
