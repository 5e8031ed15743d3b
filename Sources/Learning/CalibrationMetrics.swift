import Foundation

/// One bin of a reliability diagram: the rows whose top probability (confidence) falls in
/// `lower < confidence <= upper`, their mean confidence and their accuracy.
public struct ReliabilityBin: Sendable, Codable, Equatable {
    public var lower: Double
    public var upper: Double
    /// Rows in the bin.
    public var count: Int
    /// Mean top probability of the bin's rows (0 for an empty bin).
    public var confidence: Double
    /// Fraction of the bin's rows whose top class is the true one (0 for an empty bin).
    public var accuracy: Double

    public init(lower: Double, upper: Double, count: Int, confidence: Double, accuracy: Double) {
        self.lower = lower; self.upper = upper; self.count = count; self.confidence = confidence; self.accuracy = accuracy
    }
}

extension Metrics {
    /// The reliability diagram of class probabilities (Guo et al. 2017, "On calibration of modern
    /// neural networks", section 2): each row's confidence is its largest probability and its
    /// prediction the class holding it (ties: the lower class index, as `predict`); rows are put
    /// into `bins` equal-width bins of (0, 1], bin m holding `m/bins < confidence <= (m+1)/bins`
    /// (a confidence of exactly 0 goes to the first bin). Default 15 bins.
    public static func reliabilityBins(truth: [Int], probabilities p: Matrix, bins: Int = 15) -> [ReliabilityBin] {
        precondition(bins >= 1, "reliabilityBins: bins must be >= 1")
        var count = [Int](repeating: 0, count: bins), hits = [Int](repeating: 0, count: bins)
        var confidence = [Double](repeating: 0, count: bins)
        for i in 0..<min(truth.count, p.rows) {
            var best = 0
            for c in 1..<max(p.columns, 1) where p[i, c] > p[i, best] { best = c }
            let top = p[i, best]
            // Bin m holds (m/bins, (m+1)/bins]. ceil(top * bins) - 1 is a first guess; the edges are then
            // compared as m / bins, as the reference implementations do (0.7 * 10 rounds above 7).
            var m = min(max(Int((top * Double(bins)).rounded(.up)) - 1, 0), bins - 1)
            while m > 0 && top <= Double(m) / Double(bins) { m -= 1 }
            while m < bins - 1 && top > Double(m + 1) / Double(bins) { m += 1 }
            count[m] += 1
            confidence[m] += top
            if best == truth[i] { hits[m] += 1 }
        }
        return (0..<bins).map { m in
            ReliabilityBin(lower: Double(m) / Double(bins), upper: Double(m + 1) / Double(bins), count: count[m],
                           confidence: count[m] == 0 ? 0 : confidence[m] / Double(count[m]),
                           accuracy: count[m] == 0 ? 0 : Double(hits[m]) / Double(count[m]))
        }
    }

    /// Expected calibration error over the top probability (Naeini et al. 2015; Guo et al. 2017,
    /// eq. 3): `Σ_m (n_m / n) |accuracy_m − confidence_m|` over `reliabilityBins` (default 15
    /// equal-width bins). 0 for no rows.
    public static func expectedCalibrationError(truth: [Int], probabilities p: Matrix, bins: Int = 15) -> Double {
        let table = reliabilityBins(truth: truth, probabilities: p, bins: bins)
        let n = table.reduce(0) { $0 + $1.count }
        guard n > 0 else { return 0 }
        return table.reduce(0) { $0 + Double($1.count) / Double(n) * abs($1.accuracy - $1.confidence) }
    }
}
