import Foundation

/// A classifier whose probabilities are calibrated on its own out-of-fold predictions, like
/// scikit-learn's `CalibratedClassifierCV(estimator=base, method=..., cv=folds, ensemble=False)`:
/// `fit` (1) obtains out-of-fold class probabilities for every training row, (2) fits the
/// calibrator on them and the true labels, and (3) fits the base on all rows;
/// `predictProbabilities` calibrates the base's probabilities.
///
/// Step 1 uses the base's own by-product when it has one (a `Stacking` already computes its
/// bases' out-of-fold probabilities, and cross-fits its meta-model on them: see
/// `Stacking.fitReturningOutOfFoldProbabilities`), so steps 1 and 3 cost one fit of the base
/// instead of `folds + 1`. Any other base is cross-validated on `folds` stratified folds (seeded
/// with `seed`, as `Stacking.stratifiedFolds`), in parallel.
///
/// This is the pipeline stage that makes the probabilities `genre` shows honest: put training-set
/// augmentation, feature selection and the like *inside* `base`, so that the calibration folds
/// see each original training row exactly once.
public struct CalibratedClassifier: Classifier {
    /// The model being calibrated.
    public var base: AnyClassifier
    /// The calibrator; default temperature scaling.
    public var calibrator: AnyCalibrator
    /// Stratified folds for the out-of-fold probabilities of a base without its own; default 5.
    public var folds: Int
    /// Seed of those folds; default 0.
    public var seed: UInt64

    public init(base: AnyClassifier, calibrator: AnyCalibrator = .temperature(TemperatureScaling()), folds: Int = 5,
                seed: UInt64 = 0) {
        self.base = base
        self.calibrator = calibrator
        self.folds = folds
        self.seed = seed
    }

    public mutating func fit(_ x: Matrix, labels: [Int], classCount: Int) throws {
        try fit(x, labels: labels, classCount: classCount, groups: nil)
    }

    /// With `groups` (rows of one group, e.g. a training row and its augmented copies, on one
    /// side of every fold), the out-of-fold probabilities never come from a model that saw the
    /// row's own group. The calibrator is fitted on all rows' out-of-fold probabilities, copies
    /// included, so it is calibrated for the mixture of recording conditions the recipe trains on.
    public mutating func fit(_ x: Matrix, labels: [Int], classCount: Int, groups: [Int]?) throws {
        _ = try FitInput.check(x, labels: labels, classCount: classCount)
        var fitted = base
        let outOfFold: Matrix
        if case .stacking(var stack) = fitted {
            outOfFold = try stack.fitReturningOutOfFoldProbabilities(x, labels: labels, classCount: classCount, groups: groups)
            fitted = .stacking(stack)
        } else {
            outOfFold = try Self.crossValidatedProbabilities(fitted, x, labels: labels, classCount: classCount,
                                                             folds: folds, seed: seed, groups: groups)
            try fitted.fit(x, labels: labels, classCount: classCount, groups: groups)
        }
        var fittedCalibrator = calibrator
        try fittedCalibrator.fit(probabilities: outOfFold, labels: labels)
        base = fitted
        calibrator = fittedCalibrator
    }

    public func predictProbabilities(_ x: Matrix) -> Matrix {
        calibrator.calibrate(base.predictProbabilities(x))
    }

    /// Out-of-fold probabilities of `model` for every row (scikit-learn's `cross_val_predict(...,
    /// method="predict_proba")`) on stratified folds.
    static func crossValidatedProbabilities(_ model: AnyClassifier, _ x: Matrix, labels: [Int], classCount: Int,
                                            folds: Int, seed: UInt64, groups: [Int]? = nil) throws -> Matrix {
        guard folds >= 2 else { throw LearningError.invalidHyperParameter("CalibratedClassifier folds must be >= 2, got \(folds)") }
        guard x.rows >= folds else { throw LearningError.invalidValue("CalibratedClassifier: \(x.rows) rows cannot make \(folds) folds") }
        let fold = try Stacking.foldIndex(labels: labels, classCount: classCount, folds: folds, seed: seed, groups: groups)
        return try outOfFoldProbabilities(model, x, labels: labels, classCount: classCount, fold: fold, folds: folds)
    }
}

/// Each row's class probabilities from a copy of `model` fitted on the rows of the other folds
/// (`fold[i]` is row i's fold, in `0..<folds`); the folds are fitted in parallel.
func outOfFoldProbabilities(_ model: AnyClassifier, _ x: Matrix, labels: [Int], classCount: Int,
                            fold: [Int], folds: Int) throws -> Matrix {
    let parts: [Matrix] = try parallelMap(folds) { f in
        let train = fold.indices.filter { fold[$0] != f }, test = fold.indices.filter { fold[$0] == f }
        var m = model
        try m.fit(x.selectingRows(train), labels: train.map { labels[$0] }, classCount: classCount)
        return m.predictProbabilities(x.selectingRows(test))
    }
    var pooled = Matrix(rows: x.rows, columns: classCount)
    for f in 0..<folds {
        for (q, r) in fold.indices.filter({ fold[$0] == f }).enumerated() {
            for c in 0..<classCount { pooled[r, c] = parts[f][q, c] }
        }
    }
    return pooled
}
