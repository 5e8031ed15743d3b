import Foundation
import Learning

/// How `genre evaluate` splits the data.
public enum EvaluationScheme: Sendable {
    /// Stratified k-fold; group-aware (a track's segments stay together) when groups repeat.
    case kFold(folds: Int)
    /// Stratified random train/test splits, the seed notebook's protocol.
    case holdout(testFraction: Double, repeats: Int)
}

/// Cross-validated evaluation of an algorithm on a labelled dataset.
public struct Evaluation: Sendable {
    public var report: EvaluationReport
    public var result: CrossValidationResult
    public var groupAware: Bool

    /// - Parameter groups: one group per row (default: from `NAME.K.wav` names, see `Dataset.groups`).
    /// - Parameter augmentation: the training recipe's augmentation, applied to each fold's
    ///   training rows only (test rows are never augmented); default the bundled chain transfer.
    public static func run(_ data: Dataset, algorithm: Algorithm, scheme: EvaluationScheme, seed: UInt64,
                           groups: [String]? = nil, augmentation: TrainingAugmentation = .bundled) throws -> Evaluation {
        let (splits, groupAware) = try Self.splits(data, scheme: scheme, seed: seed, groups: groups)
        let featureNames = data.featureNames
        let augment = augmentation.augmentation(for: featureNames, seed: seed)
        let result = try crossValidate({ Augmented(augmentation.robust(algorithm.pipeline(featureNames: featureNames, seed: seed), featureNames: featureNames), augmentation: augment) },
                                       x: data.x, labels: data.labels, classCount: data.classes.count, splits: splits)
        let report = EvaluationReport(result: result, classes: data.classes, names: data.names)
        return Evaluation(report: report, result: result, groupAware: groupAware)
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
        }
    }
}
