import Foundation

/// Maps a classifier's class probabilities to calibrated ones, fitted on held-out (out-of-fold)
/// probabilities and true labels, like the calibrators inside scikit-learn's
/// `CalibratedClassifierCV`. Calibration must not change which class is most probable for the
/// calibrators used here, so accuracy is unchanged.
public protocol ProbabilityCalibrator: Sendable, Codable {
    /// Learns from `probabilities` (n x classes, rows summing to 1) and `labels` (n values).
    mutating func fit(probabilities: Matrix, labels: [Int]) throws
    /// The calibrated probabilities of each row (rows sum to 1).
    func calibrate(_ probabilities: Matrix) -> Matrix
}

/// Temperature scaling (Guo et al. 2017, "On calibration of modern neural networks"), as
/// scikit-learn's `CalibratedClassifierCV(method="temperature")` (1.8+) applies it to
/// `predict_proba` output: logits `z = log(p + 1e-12)`, calibrated `softmax(β z)` with one inverse
/// temperature β > 0 chosen to minimise the mean negative log-likelihood of the true labels,
/// searched in `exp(-10)...exp(10)` as scikit-learn does. β < 1 softens over-confident
/// probabilities, β > 1 sharpens under-confident ones; the order of the classes in each row, and
/// so every prediction, is unchanged.
///
/// The loss is convex in β (log-sum-exp of a linear function minus a linear function), so its
/// derivative `mean(E_softmax[z] − z_y)` is increasing and the minimum is found by Newton steps
/// on it, safeguarded by bisection of a bracket (exact to ~1e-12 in β).
public struct TemperatureScaling: ProbabilityCalibrator, Equatable {
    /// The fitted inverse temperature β (1: probabilities unchanged).
    public private(set) var inverseTemperature: Double

    /// The logit offset of scikit-learn's `_convert_to_logits`.
    public static let logEpsilon = 1e-12
    /// The search range of log β (scikit-learn: bounds=(-10, 10)).
    public static let logBetaBounds: ClosedRange<Double> = -10...10

    /// β = 1 until fitted.
    public init(inverseTemperature: Double = 1) { self.inverseTemperature = inverseTemperature }

    public mutating func fit(probabilities p: Matrix, labels: [Int]) throws {
        guard p.rows > 0 else { throw LearningError.emptyTrainingSet }
        guard labels.count == p.rows else { throw LearningError.sizeMismatch("\(p.rows) probability rows but \(labels.count) labels") }
        guard labels.allSatisfy({ $0 >= 0 && $0 < p.columns }) else {
            throw LearningError.invalidValue("labels must lie in 0..<\(p.columns)")
        }
        guard p.values.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw LearningError.invalidValue("probabilities must be finite and non-negative")
        }
        let z = Self.logits(p)
        // Derivative of the mean NLL with respect to β, and its second derivative.
        func slope(_ beta: Double) -> (first: Double, second: Double) {
            var first = 0.0, second = 0.0
            for i in 0..<z.rows {
                let row = z.row(i)
                let m = beta * (row.max() ?? 0)
                var sum = 0.0, mean = 0.0, square = 0.0
                for v in row { let e = exp(beta * v - m); sum += e; mean += e * v; square += e * v * v }
                mean /= sum; square /= sum
                first += mean - z[i, labels[i]]
                second += square - mean * mean
            }
            return (first / Double(z.rows), second / Double(z.rows))
        }
        var low = exp(Self.logBetaBounds.lowerBound), high = exp(Self.logBetaBounds.upperBound)
        if slope(high).first <= 0 { inverseTemperature = high; return }   // loss still falling at the bound
        if slope(low).first >= 0 { inverseTemperature = low; return }
        var beta = 1.0
        for _ in 0..<200 {
            let (g, h) = slope(beta)
            if g > 0 { high = beta } else { low = beta }
            var next = h > 0 ? beta - g / h : .nan
            if !(next > low && next < high) { next = 0.5 * (low + high) }
            if abs(next - beta) <= 1e-13 * max(1, beta) { beta = next; break }
            beta = next
        }
        inverseTemperature = beta
    }

    public func calibrate(_ p: Matrix) -> Matrix {
        let z = Self.logits(p)
        var out = Matrix(rows: p.rows, columns: p.columns)
        for i in 0..<p.rows {
            let row = z.row(i)
            let m = inverseTemperature * (row.max() ?? 0)
            var sum = 0.0
            for (c, v) in row.enumerated() { let e = exp(inverseTemperature * v - m); out[i, c] = e; sum += e }
            for c in 0..<p.columns { out[i, c] /= sum }
        }
        return out
    }

    /// `log(p + 1e-12)` element-wise (scikit-learn's conversion of probabilities to logits).
    static func logits(_ p: Matrix) -> Matrix {
        Matrix(rows: p.rows, columns: p.columns, values: p.values.map { log($0 + logEpsilon) })
    }
}

/// Any calibrator of the library as one Codable value (for model files).
public enum AnyCalibrator: ProbabilityCalibrator, Equatable {
    case temperature(TemperatureScaling)

    public mutating func fit(probabilities: Matrix, labels: [Int]) throws {
        switch self {
        case .temperature(var c): try c.fit(probabilities: probabilities, labels: labels); self = .temperature(c)
        }
    }

    public func calibrate(_ probabilities: Matrix) -> Matrix {
        switch self {
        case .temperature(let c): return c.calibrate(probabilities)
        }
    }
}
