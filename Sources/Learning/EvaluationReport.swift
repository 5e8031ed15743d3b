import Foundation

/// The result of `genre evaluate` as the CLI prints it with `--format json`. Keys are snake_case
/// exactly as documented: `mean_accuracy`, `std_accuracy`, `fold_accuracies`,
/// `train_accuracy_mean`, `per_class {name: {precision, recall, f1, support}}`, `macro`,
/// `confusion {classes, matrix}`, `folds {filename: foldIndex}` (absent for repeated hold-out,
/// where a row may be tested several times or never).
public struct EvaluationReport: Sendable, Codable, Equatable {
    public struct Confusion: Sendable, Codable, Equatable {
        public var classes: [String]
        /// Rows true class, columns predicted class, in `classes` order.
        public var matrix: [[Int]]
    }

    public var meanAccuracy: Double
    /// Population standard deviation (ddof = 0) of `foldAccuracies`.
    public var stdAccuracy: Double
    public var foldAccuracies: [Double]
    public var trainAccuracyMean: Double
    public var perClass: [String: ClassScores]
    public var macro: ClassScores
    public var confusion: Confusion
    public var folds: [String: Int]?

    enum CodingKeys: String, CodingKey {
        case meanAccuracy = "mean_accuracy"
        case stdAccuracy = "std_accuracy"
        case foldAccuracies = "fold_accuracies"
        case trainAccuracyMean = "train_accuracy_mean"
        case perClass = "per_class"
        case macro
        case confusion
        case folds
    }

    public init(meanAccuracy: Double, stdAccuracy: Double, foldAccuracies: [Double], trainAccuracyMean: Double,
                perClass: [String: ClassScores], macro: ClassScores, confusion: Confusion, folds: [String: Int]?) {
        self.meanAccuracy = meanAccuracy; self.stdAccuracy = stdAccuracy; self.foldAccuracies = foldAccuracies
        self.trainAccuracyMean = trainAccuracyMean; self.perClass = perClass; self.macro = macro
        self.confusion = confusion; self.folds = folds
    }

    /// Builds the report from a cross-validation; `names` are the rows' sample names (for `folds`). Precision, recall, F1 and
    /// the confusion matrix are computed over the pooled test predictions of all folds.
    public init(result: CrossValidationResult, classes: [String], names: [String]) {
        let m = Metrics.confusionMatrix(truth: result.pooledTruth, predicted: result.pooledPredictions,
                                        classCount: classes.count)
        let scores = Metrics.scores(confusion: m)
        var perClass: [String: ClassScores] = [:]
        for (c, s) in zip(classes, scores) { perClass[c] = s }
        var folds: [String: Int]? = nil
        if let fold = result.testFoldOfSample, names.count == fold.count {
            var map: [String: Int] = [:]
            for (name, f) in zip(names, fold) { map[name] = f }
            folds = map
        }
        self.init(meanAccuracy: result.meanAccuracy, stdAccuracy: result.stdAccuracy,
                  foldAccuracies: result.foldAccuracies, trainAccuracyMean: result.meanTrainAccuracy,
                  perClass: perClass, macro: Metrics.macroAverage(scores),
                  confusion: Confusion(classes: classes, matrix: m), folds: folds)
    }
}
