import Foundation

/// The result of `genre evaluate` as the CLI prints it with `--format json`. Keys are snake_case
/// exactly as documented: `mean_accuracy`, `std_accuracy`, `fold_accuracies`,
/// `train_accuracy_mean`, `per_class {name: {precision, recall, f1, support}}`, `macro`,
/// `confusion {classes, matrix}`, `folds {filename: foldIndex}` (absent for repeated hold-out,
/// where a row may be tested several times or never, and for a fixed split), `predictions`
/// (every out-of-fold test prediction), `test_accuracy` (fixed splits only) and `calibration`.
public struct EvaluationReport: Sendable, Codable, Equatable {
    public struct Confusion: Sendable, Codable, Equatable {
        public var classes: [String]
        /// Rows true class, columns predicted class, in `classes` order.
        public var matrix: [[Int]]
    }

    /// Which test set a prediction came from: a fold index (k-fold, or the repeat of repeated
    /// hold-out), encoded as a JSON number, or a name (`"test"` for a fixed split), a string.
    public enum Fold: Sendable, Codable, Equatable {
        case index(Int)
        case named(String)

        public init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let i = try? c.decode(Int.self) { self = .index(i) } else { self = .named(try c.decode(String.self)) }
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .index(let i): try c.encode(i)
            case .named(let s): try c.encode(s)
            }
        }
    }

    /// One out-of-fold test prediction: the row's name, its true genre, the predicted genre (the
    /// most probable), the class probabilities, and the test set it belonged to.
    public struct Prediction: Sendable, Codable, Equatable {
        public var file: String
        public var label: String
        public var genre: String
        public var probabilities: [String: Double]
        public var fold: Fold
    }

    /// How far the top probabilities are from the observed accuracy, over all predictions.
    public struct Calibration: Sendable, Codable, Equatable {
        /// Expected calibration error (`Metrics.expectedCalibrationError`).
        public var ece: Double
        /// Number of equal-width bins of the top probability (15).
        public var bins: Int
        /// Mean negative log-likelihood of the true labels (`Metrics.logLoss`).
        public var logLoss: Double
        /// The reliability diagram's bins.
        public var reliability: [ReliabilityBin]

        enum CodingKeys: String, CodingKey {
            case ece, bins, reliability
            case logLoss = "log_loss"
        }
    }

    /// Test accuracy over all predictions (see `CrossValidationResult.meanAccuracy`): exactly the
    /// accuracy of `predictions`.
    public var meanAccuracy: Double
    /// Population standard deviation (ddof = 0) of `foldAccuracies`.
    public var stdAccuracy: Double
    public var foldAccuracies: [Double]
    public var trainAccuracyMean: Double
    public var perClass: [String: ClassScores]
    public var macro: ClassScores
    public var confusion: Confusion
    public var folds: [String: Int]?
    public var predictions: [Prediction]
    /// Accuracy on a fixed split's test rows (nil for cross-validation).
    public var testAccuracy: Double?
    public var calibration: Calibration

    enum CodingKeys: String, CodingKey {
        case meanAccuracy = "mean_accuracy"
        case stdAccuracy = "std_accuracy"
        case foldAccuracies = "fold_accuracies"
        case trainAccuracyMean = "train_accuracy_mean"
        case perClass = "per_class"
        case macro
        case confusion
        case folds
        case predictions
        case testAccuracy = "test_accuracy"
        case calibration
    }

    /// The bins of the reported calibration error (Guo et al. 2017 use 15).
    public static let calibrationBins = 15

    /// Builds the report from a cross-validation; `names` are the rows' sample names. Precision,
    /// recall, F1, the confusion matrix and the calibration are computed over the pooled test
    /// predictions of all folds. With `testSetName` (a fixed split: one fold, tested once) every
    /// prediction's fold is that name, `test_accuracy` is set and `folds` is left out.
    public init(result: CrossValidationResult, classes: [String], names: [String], testSetName: String? = nil) {
        let truth = result.pooledTruth, predicted = result.pooledPredictions
        let m = Metrics.confusionMatrix(truth: truth, predicted: predicted, classCount: classes.count)
        let scores = Metrics.scores(confusion: m)
        perClass = [:]
        folds = nil
        predictions = []
        for (c, s) in zip(classes, scores) { perClass[c] = s }
        meanAccuracy = result.meanAccuracy
        stdAccuracy = result.stdAccuracy
        foldAccuracies = result.foldAccuracies
        trainAccuracyMean = result.meanTrainAccuracy
        macro = Metrics.macroAverage(scores)
        confusion = Confusion(classes: classes, matrix: m)
        if testSetName == nil, let fold = result.testFoldOfSample, names.count == fold.count {
            var map: [String: Int] = [:]
            for (name, f) in zip(names, fold) { map[name] = f }
            folds = map
        }
        for (f, fold) in result.folds.enumerated() {
            for (q, row) in fold.test.enumerated() {
                var probabilities: [String: Double] = [:]
                for (c, name) in classes.enumerated() { probabilities[name] = fold.testProbabilities[q, c] }
                predictions.append(Prediction(
                    file: row < names.count ? names[row] : "row \(row)", label: classes[result.labelOfRow[row]],
                    genre: classes[fold.testPredictions[q]], probabilities: probabilities,
                    fold: testSetName.map(Fold.named) ?? .index(f)))
            }
        }
        testAccuracy = testSetName == nil ? nil : result.meanAccuracy
        let pooled = result.pooledProbabilities
        calibration = Calibration(
            ece: Metrics.expectedCalibrationError(truth: truth, probabilities: pooled, bins: Self.calibrationBins),
            bins: Self.calibrationBins, logLoss: Metrics.logLoss(truth: truth, probabilities: pooled),
            reliability: Metrics.reliabilityBins(truth: truth, probabilities: pooled, bins: Self.calibrationBins))
    }
}
