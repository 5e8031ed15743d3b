import Foundation

/// Precision, recall, F1 and support of one class (or their macro average).
public struct ClassScores: Sendable, Codable, Equatable {
    public var precision: Double
    public var recall: Double
    public var f1: Double
    /// Number of true rows of the class (for a macro average: all rows).
    public var support: Int

    public init(precision: Double, recall: Double, f1: Double, support: Int) {
        self.precision = precision; self.recall = recall; self.f1 = f1; self.support = support
    }
}

/// Classification metrics with scikit-learn's definitions (`sklearn.metrics`).
public enum Metrics {
    /// Fraction of rows predicted correctly (`accuracy_score`); 0 for no rows.
    public static func accuracy(truth: [Int], predicted: [Int]) -> Double {
        let n = min(truth.count, predicted.count)
        guard n > 0 else { return 0 }
        var hits = 0
        for i in 0..<n where truth[i] == predicted[i] { hits += 1 }
        return Double(hits) / Double(n)
    }

    /// `confusion_matrix(truth, predicted, labels=range(classCount))`: entry [t][p] counts rows of
    /// true class t predicted as p (rows true, columns predicted). Out-of-range labels are ignored.
    public static func confusionMatrix(truth: [Int], predicted: [Int], classCount: Int) -> [[Int]] {
        var m = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
        for (t, p) in zip(truth, predicted) where t >= 0 && t < classCount && p >= 0 && p < classCount {
            m[t][p] += 1
        }
        return m
    }

    /// Per-class scores as `precision_recall_fscore_support(truth, predicted,
    /// labels=range(classCount), average=None, zero_division=0)`: precision = TP / (TP + FP),
    /// recall = TP / (TP + FN), F1 = 2 TP / (2 TP + FP + FN); a 0/0 ratio is 0.
    public static func perClassScores(truth: [Int], predicted: [Int], classCount: Int) -> [ClassScores] {
        scores(confusion: confusionMatrix(truth: truth, predicted: predicted, classCount: classCount))
    }

    /// Per-class scores from a confusion matrix (rows true, columns predicted).
    public static func scores(confusion m: [[Int]]) -> [ClassScores] {
        let k = m.count
        return (0..<k).map { c in
            let tp = m[c][c]
            let support = m[c].reduce(0, +)
            let predictedCount = (0..<k).reduce(0) { $0 + m[$1][c] }
            let fp = predictedCount - tp, fn = support - tp
            return ClassScores(precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn),
                               f1: ratio(2 * tp, 2 * tp + fp + fn), support: support)
        }
    }

    /// Unweighted mean of per-class precision, recall and F1 over all classes (scikit-learn's
    /// `average='macro'`; F1 is the mean of the per-class F1s, not the F1 of the means);
    /// `support` is the total row count, as in `classification_report`'s "macro avg" line.
    public static func macroAverage(_ perClass: [ClassScores]) -> ClassScores {
        ClassScores(precision: mean(perClass.map(\.precision)), recall: mean(perClass.map(\.recall)),
                    f1: mean(perClass.map(\.f1)), support: perClass.reduce(0) { $0 + $1.support })
    }

    /// Mean cross-entropy `-1/n * sum log p[i, truth[i]]` (`log_loss` with scikit-learn >= 1.5
    /// clipping): probabilities are clipped to [eps, 1 - eps] with eps = 2.22e-16
    /// (`np.finfo(float64).eps`) so a confident mistake costs about 36 instead of infinity.
    /// Rows are used as given (not renormalised). 0 for no rows.
    public static func logLoss(truth: [Int], probabilities p: Matrix) -> Double {
        let n = min(truth.count, p.rows)
        guard n > 0 else { return 0 }
        let eps = Double.ulpOfOne
        var total = 0.0
        for i in 0..<n {
            let t = truth[i]
            let q = t >= 0 && t < p.columns ? p[i, t] : 0
            total -= Foundation.log(min(max(q, eps), 1 - eps))
        }
        return total / Double(n)
    }

    public static func mean(_ v: [Double]) -> Double { v.isEmpty ? 0 : v.reduce(0, +) / Double(v.count) }

    /// Standard deviation with ddof = 0 (`np.std`).
    public static func populationStandardDeviation(_ v: [Double]) -> Double {
        guard !v.isEmpty else { return 0 }
        let m = mean(v)
        return (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count)).squareRoot()
    }

    static func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
}
