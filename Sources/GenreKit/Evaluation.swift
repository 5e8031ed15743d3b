import Foundation
import Learning

/// How `genre evaluate` splits the data.
public enum EvaluationScheme: Sendable {
    /// Stratified k-fold; group-aware (a track's segments stay together) when groups repeat.
    case kFold(folds: Int)
    /// Stratified random train/test splits, the seed notebook's protocol.
    case holdout(testFraction: Double, repeats: Int)
    /// A published split, tested once: the model is fitted on the `train` and `valid` rows
    /// together and scored on the `test` rows. `valid` is merged into training because the
    /// algorithms' hyper-parameters are fixed (chosen beforehand, see bench/README.md) and each
    /// model tunes what it learns (stacking weights, calibration) on its own inner folds.
    /// `source` (the split file) names the split in error messages.
    case fixedSplit(FixedSplit, source: String)
}

/// Cross-validated evaluation of an algorithm on a labelled dataset.
public struct Evaluation: Sendable {
    public var report: EvaluationReport
    public var result: CrossValidationResult
    public var groupAware: Bool
    /// For a fixed split or a separate test set: how many rows trained and tested (nil for cross-validation).
    public var testSet: TestSetSummary?

    /// The rows of a single train/test evaluation.
    public struct TestSetSummary: Sendable, Equatable {
        /// What the test rows are, e.g. "the split's test list" or a CSV path.
        public var source: String
        public var trainRows: Int
        /// Of `trainRows`, how many came from the split's `valid` list.
        public var validRows: Int
        public var testRows: Int
    }

    /// - Parameter groups: one group per row (default: from `NAME.K.wav` names, see `Dataset.groups`).
    /// - Parameter augmentation: the training recipe's augmentation, applied to each fold's
    ///   training rows only (test rows are never augmented); default the bundled chain transfer.
    public static func run(_ data: Dataset, algorithm: Algorithm, calibration: Calibration = .temperature,
                           scheme: EvaluationScheme, seed: UInt64, groups: [String]? = nil,
                           augmentation: TrainingAugmentation = .bundled) throws -> Evaluation {
        let recipe = Recipe(algorithm: algorithm, calibration: calibration, augmentation: augmentation,
                            featureNames: data.featureNames, seed: seed)
        if case .fixedSplit(let split, let source) = scheme {
            let rows: (train: [Int], valid: [Int], test: [Int])
            do { rows = try split.rows(names: data.names) } catch { throw FileProblem(file: source, message: "\(error)") }
            let summary = TestSetSummary(source: "the split's test list", trainRows: rows.train.count + rows.valid.count,
                                         validRows: rows.valid.count, testRows: rows.test.count)
            return try single(data, train: (rows.train + rows.valid).sorted(), test: rows.test, summary: summary,
                              recipe: recipe)
        }
        let (splits, groupAware) = try Self.splits(data, scheme: scheme, seed: seed, groups: groups)
        let result = try crossValidate(recipe.make, x: data.x, labels: data.labels, classCount: data.classes.count,
                                       splits: splits)
        let report = EvaluationReport(result: result, classes: data.classes, names: data.names)
        return Evaluation(report: report, result: result, groupAware: groupAware, testSet: nil)
    }

    /// Fits on every row of `training` and scores the rows of `test` (`genre evaluate --test-features`).
    /// Classes are the union of both; `test` must have the same feature columns.
    public static func run(training: Dataset, test: Dataset, testSource: String, algorithm: Algorithm,
                           calibration: Calibration = .temperature, seed: UInt64,
                           augmentation: TrainingAugmentation = .bundled) throws -> Evaluation {
        let merged: Dataset
        do { merged = try training.merging(test) } catch { throw FileProblem(file: testSource, message: "\(error)") }
        let summary = TestSetSummary(source: testSource, trainRows: training.count, validRows: 0, testRows: test.count)
        let recipe = Recipe(algorithm: algorithm, calibration: calibration, augmentation: augmentation,
                            featureNames: merged.featureNames, seed: seed)
        return try single(merged, train: Array(0..<training.count), test: Array(training.count..<merged.count),
                          summary: summary, recipe: recipe)
    }

    private static func single(_ data: Dataset, train: [Int], test: [Int], summary: TestSetSummary,
                               recipe: Recipe) throws -> Evaluation {
        let result = try crossValidate(recipe.make, x: data.x, labels: data.labels, classCount: data.classes.count,
                                       splits: [(train: train, test: test)])
        let report = EvaluationReport(result: result, classes: data.classes, names: data.names, testSetName: "test")
        return Evaluation(report: report, result: result, groupAware: false, testSet: summary)
    }

    /// The train/test splits of `scheme`, group-aware (a track's rows stay on one side) when
    /// some group holds more than one row.
    /// - Parameter groups: one group per row (default: from `NAME.K.wav` names, see `Dataset.groups`).
    public static func splits(_ data: Dataset, scheme: EvaluationScheme, seed: UInt64,
                              groups: [String]? = nil) throws -> (splits: [Split], groupAware: Bool) {
        let groups = groups ?? data.groups
        let groupAware = Set(groups).count < groups.count
        switch scheme {
        case .kFold(let k):
            return (groupAware ? try StratifiedGroupKFold(folds: k, seed: seed).splits(labels: data.labels, groups: groups)
                               : try StratifiedKFold(folds: k, seed: seed).splits(labels: data.labels), groupAware)
        case .holdout(let fraction, let repeats):
            return (try RepeatedHoldout(testFraction: fraction, repeats: repeats, seed: seed, groupAware: groupAware)
                .splits(labels: data.labels, groups: groups), groupAware)
        case .fixedSplit(let split, _):
            let rows = try split.rows(names: data.names)
            return ([(train: (rows.train + rows.valid).sorted(), test: rows.test)], false)
        }
    }
}

/// The training recipe `genre train` applies (`GenreModel.train`), as evaluation refits it in
/// every fold: the chain augmentation of the fold's training rows (each copy in its source row's
/// group), then the algorithm's calibrated pipeline behind the recipe's level step.
struct Recipe: Sendable {
    var algorithm: Algorithm
    var calibration: Calibration
    var augmentation: TrainingAugmentation
    var featureNames: [String]
    var seed: UInt64

    @Sendable func make() -> Augmented<Pipeline<AnyClassifier>> {
        Augmented(augmentation.robust(algorithm.pipeline(featureNames: featureNames, seed: seed, calibration: calibration),
                                      featureNames: featureNames),
                  augmentation: augmentation.augmentation(for: featureNames, seed: seed))
    }
}
