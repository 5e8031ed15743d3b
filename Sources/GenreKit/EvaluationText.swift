import Foundation
import Learning

/// Text renderings of an evaluation: the JSON document of `genre evaluate --format json` and the
/// terminal table.
public enum EvaluationText {
    /// The EvaluationReport fields (mean_accuracy, std_accuracy, fold_accuracies, per_class,
    /// macro, confusion, folds, ...) plus algorithm, seed, scheme and train_accuracy_per_fold.
    public static func json(_ evaluation: Evaluation, algorithm: Algorithm, seed: UInt64) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let base = try encoder.encode(evaluation.report)
        guard var object = try JSONSerialization.jsonObject(with: base) as? [String: Any] else { return String(decoding: base, as: UTF8.self) }
        object["algorithm"] = algorithm.rawValue
        object["seed"] = seed
        object["group_aware"] = evaluation.groupAware
        object["train_accuracy_per_fold"] = evaluation.result.trainAccuracies
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    public static func table(_ evaluation: Evaluation, algorithm: Algorithm) -> String {
        let r = evaluation.report
        var out = String(format: "%@: accuracy %.2f%% ± %.2f (test, %d splits%@); training accuracy %.2f%%\n",
                         algorithm.rawValue, 100 * r.meanAccuracy, 100 * r.stdAccuracy, r.foldAccuracies.count,
                         evaluation.groupAware ? ", tracks kept whole" : "", 100 * r.trainAccuracyMean)
        out += "per split: " + r.foldAccuracies.map { String(format: "%.3f", $0) }.joined(separator: " ") + "\n\n"
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
