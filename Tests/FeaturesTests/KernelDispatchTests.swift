import Foundation
import Testing
import Kernels
import KernelsHaswell
@testable import Features

// The AVX2 build of the kernels (medians, filter-bank sums, masked spectra, spectrum products)
// must give the baseline build's bits: both run the same operations in the same order.
@Test func wideAndBaselineKernelsGiveIdenticalFeatures() {
    guard KernelDispatch.wideSupported else {
        print("skipped: this processor has no AVX2, so only the baseline kernels exist here")
        return
    }
    // Five seconds of tones, a pulse train and pseudo-random noise at 22050 Hz.
    var state: UInt64 = 12345
    let signal: [Double] = (0..<110_250).map { i in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        let noise = Double(state >> 11) / Double(1 << 53) - 0.5
        let t = Double(i) / 22050
        return 0.3 * sin(2 * .pi * 440 * t) + 0.2 * sin(2 * .pi * 97.3 * t) + (i % 11025 < 200 ? 0.5 : 0) + 0.05 * noise
    }
    let extractor = KaggleFeatureExtractor()
    let wide = extractor.features(signal)
    let baseline = KernelDispatch.$baselineOnly.withValue(true) { extractor.features(signal) }
    #expect(wide.count == KaggleSchema.featureCount)
    for (i, (a, b)) in zip(wide, baseline).enumerated() {
        #expect(a.bitPattern == b.bitPattern, "\(KaggleSchema.featureNames[i]): \(a) (AVX2) vs \(b) (baseline)")
    }
}

// The resampler's inner product: the AVX2 build against the baseline, bit for bit, at the lengths
// the resampler uses (multiples of 8) and at others; and both against a Double sum.
@Test func wideAndBaselineDotProductsAgree() {
    guard KernelDispatch.wideSupported else {
        print("skipped: this processor has no AVX2, so only the baseline kernels exist here")
        return
    }
    var state: UInt64 = 99
    func next() -> Float {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Float(Double(state >> 11) / Double(1 << 53) - 0.5)
    }
    let a = (0..<2000).map { _ in next() }, b = (0..<2000).map { _ in next() }
    for n in [0, 3, 8, 16, 24, 31, 32, 40, 1864, 1999] {
        let wide = Haswell.floatDot(a, b, n), baseline = Kernels.floatDot(a, b, n)
        #expect(wide.bitPattern == baseline.bitPattern, "n \(n): \(wide) vs \(baseline)")
        let exact = (0..<n).reduce(0.0) { $0 + Double(a[$1]) * Double(b[$1]) }
        #expect(abs(Double(baseline) - exact) <= 1e-5, "n \(n): \(baseline) vs \(exact)")
    }
}
