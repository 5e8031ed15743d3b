import Foundation
import Learning

/// Text renderings of an evaluation: the JSON document of `genre evaluate --format json` and the
/// terminal table.
public enum EvaluationText {
    /// The EvaluationReport fields (mean_accuracy, std_accuracy, fold_accuracies, per_class,
    /// macro, confusion, folds, predictions, test_accuracy, calibration) plus algorithm, seed,
    /// group_aware, train_accuracy_per_fold and, for a split or test set, test_set {source,
    /// train_rows, valid_rows_in_training, test_rows}.
    public static func json(_ evaluation: Evaluation, algorithm: Algorithm, seed: UInt64) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        // Encoded in one pass (no JSONSerialization round trip, which can change a Double's last
        // digit): "test_accuracy" must print exactly as the accuracy of "predictions" does.
        return String(decoding: try encoder.encode(Document(evaluation: evaluation, algorithm: algorithm, seed: seed)), as: UTF8.self)
    }

    /// The report's keys and the evaluation's extras in one JSON object.
    private struct Document: Encodable {
        var evaluation: Evaluation
        var algorithm: Algorithm
        var seed: UInt64

        struct TestSet: Encodable {
            var source: String
            var trainRows: Int, validRowsInTraining: Int, testRows: Int
            enum CodingKeys: String, CodingKey {
                case source, trainRows = "train_rows", validRowsInTraining = "valid_rows_in_training", testRows = "test_rows"
            }
        }

        enum CodingKeys: String, CodingKey {
            case algorithm, seed, groupAware = "group_aware", trainAccuracyPerFold = "train_accuracy_per_fold", testSet = "test_set"
        }

        func encode(to encoder: Encoder) throws {
            try evaluation.report.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(algorithm.rawValue, forKey: .algorithm)
            try c.encode(seed, forKey: .seed)
            try c.encode(evaluation.groupAware, forKey: .groupAware)
            try c.encode(evaluation.result.trainAccuracies, forKey: .trainAccuracyPerFold)
            if let t = evaluation.testSet {
                try c.encode(TestSet(source: t.source, trainRows: t.trainRows, validRowsInTraining: t.validRows, testRows: t.testRows),
                             forKey: .testSet)
            }
        }
    }

    public static func table(_ evaluation: Evaluation, algorithm: Algorithm) -> String {
        let r = evaluation.report
        var out: String
        if let t = evaluation.testSet, let accuracy = r.testAccuracy {
            out = String(format: "%@: test accuracy %.2f%% on %d rows (%@), fitted on %d rows%@; training accuracy %.2f%%\n",
                         algorithm.rawValue, 100 * accuracy, t.testRows, t.source, t.trainRows,
                         t.validRows > 0 ? " (train + \(t.validRows) valid)" : "", 100 * r.trainAccuracyMean)
        } else {
            out = String(format: "%@: accuracy %.2f%% ± %.2f (test, %d splits%@); training accuracy %.2f%%\n",
                         algorithm.rawValue, 100 * r.meanAccuracy, 100 * r.stdAccuracy, r.foldAccuracies.count,
                         evaluation.groupAware ? ", tracks kept whole" : "", 100 * r.trainAccuracyMean)
            out += "per split: " + r.foldAccuracies.map { String(format: "%.3f", $0) }.joined(separator: " ") + "\n"
        }
        out += String(format: "calibration: ECE %.4f (%d bins of the top probability), log loss %.4f\n\n",
                      r.calibration.ece, r.calibration.bins, r.calibration.logLoss)
        let classes = r.confusion.classes
        let width = max(9, (classes.map(\.count).max() ?? 0) + 1)
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        out += pad("genre", width) + lpad("precision", 10) + lpad("recall", 8) + lpad("f1", 8) + lpad("support", 9) + "\n"
        for c in classes {
            guard let s = r.perClass[c] else { continue }
            out += pad(c, width) + lpad(String(format: "%.3f", s.precision), 10) + lpad(String(format: "%.3f", s.recall), 8)
                + lpad(String(format: "%.3f", s.f1), 8) + lpad("\(s.support)", 9) + "\n"
        }
        out += pad("macro", width) + lpad(String(format: "%.3f", r.macro.precision), 10) + lpad(String(format: "%.3f", r.macro.recall), 8)
            + lpad(String(format: "%.3f", r.macro.f1), 8) + "\n\nconfusion (rows: true genre, columns: predicted)\n"
        let cell = 5
        out += pad("", width) + classes.map { lpad(String($0.prefix(cell - 1)), cell) }.joined() + "\n"
        for (i, c) in classes.enumerated() {
            out += pad(c, width) + r.confusion.matrix[i].map { lpad("\($0)", cell) }.joined() + "\n"
        }
        return out
    }
}
