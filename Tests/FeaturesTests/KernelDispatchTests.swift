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

// The single-precision inverse STFT's overlap-add and window division against a naive loop with
// librosa's float32 semantics (istft's `y[sample:sample + n] += ytmp`: a float64 windowed frame
// value added to the float32 signal in float64 and stored as float32; `y /= window_sum` in float32
// where the sum exceeds float32's tiny), bit for bit, in the baseline and the AVX2 builds.
@Test func singlePrecisionOverlapAddAndDivisionMatchNaiveFloat32() {
    var state: UInt64 = 99
    func random() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) - 0.5
    }
    let n = 2048, hop = 512, frames = 7
    let window = (0..<n).map { 0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(n)) }
    let frameValues = (0..<frames).map { _ in (0..<n).map { _ in Float(random()) } }
    let total = n + hop * (frames - 1)
    var naive = [Float](repeating: 0, count: total)
    for t in 0..<frames { for i in 0..<n { naive[t * hop + i] = Float(Double(naive[t * hop + i]) + Double(frameValues[t][i]) * window[i]) } }
    // Window sums with some positions below tiny (zeroed), where values are left as they are.
    var norm = (0..<total).map { _ in Float(0.25 + abs(random())) }
    for i in stride(from: 3, to: total, by: 97) { norm[i] = Float.leastNormalMagnitude / 2 }
    let expected = (0..<total).map { norm[$0] > Float.leastNormalMagnitude ? naive[$0] / norm[$0] : naive[$0] }
    for wide in KernelDispatch.wideSupported ? [false, true] : [false] {
        var sum = [Float](repeating: .nan, count: total), out = [Float](repeating: .nan, count: total)
        sum.withUnsafeMutableBufferPointer { s in
            window.withUnsafeBufferPointer { w in
                for t in 0..<frames {
                    frameValues[t].withUnsafeBufferPointer { f in
                        // Positions from (t − 1)·hop + n on are reached for the first time.
                        let overlap = t == 0 ? 0 : n - hop
                        if wide {
                            Haswell.overlapAdd(f.baseAddress!, window: w.baseAddress!, count: n, overlap: overlap,
                                               into: s.baseAddress! + t * hop)
                        } else {
                            Kernels.overlapAdd(f.baseAddress!, window: w.baseAddress!, count: n, overlap: overlap,
                                               into: s.baseAddress! + t * hop)
                        }
                    }
                }
            }
        }
        #expect(zip(sum, naive).allSatisfy { $0.bitPattern == $1.bitPattern }, "overlap-add, wide \(wide)")
        sum.withUnsafeBufferPointer { s in
            norm.withUnsafeBufferPointer { q in
                out.withUnsafeMutableBufferPointer { o in
                    // An odd count, so the scalar tail runs too.
                    if wide {
                        Haswell.normalisedByWindow(s.baseAddress!, norm: q.baseAddress!, count: total - 1, into: o.baseAddress!)
                    } else {
                        Kernels.normalisedByWindow(s.baseAddress!, norm: q.baseAddress!, count: total - 1, into: o.baseAddress!)
                    }
                }
            }
        }
        #expect(zip(out.dropLast(), expected.dropLast()).allSatisfy { $0.bitPattern == $1.bitPattern }, "division, wide \(wide)")
    }
}
