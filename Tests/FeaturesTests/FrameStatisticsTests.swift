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
