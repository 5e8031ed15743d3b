import Testing
@testable import Features

/// The long-signal mean/variance (interleaved partial sums, implied trailing zeros) against the
/// textbook two-pass formula on the explicit sequence.
@Test func longSignalMeanAndVarianceMatchesTwoPassFormula() {
    var state: UInt64 = 7
    for (count, zeros) in [(0, 3), (1, 0), (3, 0), (4, 0), (5, 2), (17, 0), (1000, 311), (4099, 1)] {
        let values = (0..<count).map { _ -> Double in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return 0.3 + Double(state >> 11) / Double(1 << 53)   // a mean far from 0
        }
        let all = values + [Double](repeating: 0, count: zeros)
        let mean = all.reduce(0, +) / Double(all.count)
        let variance = all.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(all.count)
        let fast = meanAndVariance(count: count, zeros: zeros) { values[$0] }
        #expect(abs(fast.mean - mean) <= 1e-13 * abs(mean), "count \(count) zeros \(zeros)")
        #expect(abs(fast.variance - variance) <= 1e-12 * variance, "count \(count) zeros \(zeros)")
    }
    #expect(meanAndVariance(count: 0) { _ in 1 }.mean.isNaN)
}

/// The onset envelope's in-place median (zero shortcut, quickselect) against numpy's definition
/// on sorted copies: odd and even counts, mostly zeros, exactly half zeros, no zeros, negatives.
@Test func onsetMedianMatchesSortedMedian() {
    var state: UInt64 = 3
    func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    for n in [1, 2, 3, 4, 7, 8, 127, 128] {
        for zeroShare in [0.0, 0.3, 0.5, 0.51, 0.9, 1.0] {
            for negative in [false, true] {
                var values = (0..<n).map { _ in next() < zeroShare ? 0 : (negative && next() < 0.3 ? -next() : next()) }
                if zeroShare == 0.5 { for i in 0..<n { values[i] = i < n / 2 ? 0 : 1 + next() } }
                let sorted = values.sorted()
                let expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
                let got = values.withUnsafeMutableBufferPointer { OnsetStrength.median($0.baseAddress!, n) }
                #expect(got == expected, "n \(n) zeros \(zeroShare) negatives \(negative)")
            }
        }
    }
}
