import Foundation
import Testing
@testable import Learning

/// An over-confident model's probabilities (12 rows x 3 classes, 7 of 12 right) and the values
/// scikit-learn 1.9.1 / numpy give for them: bench/reference/calibration_reference.py.
private enum Overconfident {
    static let p = Matrix([
        [0.90, 0.05, 0.05], [0.80, 0.15, 0.05], [0.10, 0.85, 0.05], [0.05, 0.05, 0.90],
        [0.70, 0.20, 0.10], [0.20, 0.70, 0.10], [0.34, 0.33, 0.33], [0.60, 0.30, 0.10],
        [0.02, 0.97, 0.01], [0.45, 0.45, 0.10], [0.10, 0.20, 0.70], [0.99, 0.005, 0.005],
    ])
    static let y = [0, 1, 1, 2, 1, 0, 2, 0, 1, 1, 0, 2]
}

@Test func expectedCalibrationErrorMatchesTheNumpyReference() {
    #expect(abs(Metrics.expectedCalibrationError(truth: Overconfident.y, probabilities: Overconfident.p) - 0.44999999999999996) < 1e-12)
    #expect(abs(Metrics.expectedCalibrationError(truth: Overconfident.y, probabilities: Overconfident.p, bins: 4) - 0.32500000000000007) < 1e-12)
    // Bin edges belong to the bin below, compared with m / bins as numpy does: 0.7 * 10 is
    // 7.000000000000001 in floating point, yet 0.7 falls in (0.6, 0.7]; 0.5 in (0.4, 0.5].
    let bins = Metrics.reliabilityBins(truth: [0, 1, 0], probabilities: Matrix([[0.7, 0.3], [0.5, 0.5], [0.71, 0.29]]), bins: 10)
    #expect(bins.map(\.count) == [0, 0, 0, 0, 1, 0, 1, 1, 0, 0])
    #expect(bins[4].confidence == 0.5 && bins[4].accuracy == 0 && bins[6].accuracy == 1)
    #expect(bins[0].lower == 0 && bins[9].upper == 1)
    // Perfectly calibrated by construction: 4 rows at 0.75, 3 right.
    let p = Matrix([[0.75, 0.25], [0.75, 0.25], [0.75, 0.25], [0.75, 0.25]])
    #expect(Metrics.expectedCalibrationError(truth: [0, 0, 0, 1], probabilities: p) == 0)
    #expect(Metrics.expectedCalibrationError(truth: [], probabilities: Matrix(rows: 0, columns: 2)) == 0)
}

@Test func temperatureScalingMatchesScikitLearn() throws {
    var t = TemperatureScaling()
    try t.fit(probabilities: Overconfident.p, labels: Overconfident.y)
    // The exact optimum (scipy brentq on the loss's derivative), and scikit-learn's beta_, which
    // minimises the flat loss itself and is good to ~1e-8.
    #expect(abs(t.inverseTemperature - 0.3094580053390805) < 1e-12, "β = \(t.inverseTemperature)")
    #expect(abs(t.inverseTemperature - 0.30945800011382063) < 1e-7)
    let q = t.calibrate(Overconfident.p)
    #expect(Fixture.maxDifference(Matrix(rows: 2, columns: 3, values: Array(q.row(0)) + Array(q.row(9))),
                                  [[0.5501561150406791, 0.22492194247966055, 0.22492194247966055],
                                   [0.38053875027114314, 0.38053875027114314, 0.23892249945771363]]) < 1e-7)
    #expect(abs(Metrics.expectedCalibrationError(truth: Overconfident.y, probabilities: q) - 0.28898489278509487) < 1e-8)
    #expect(abs(Metrics.logLoss(truth: Overconfident.y, probabilities: q) - 1.0156650810409407) < 1e-9)
    // Calibration keeps every row's ranking, so predictions (and accuracy) are unchanged.
    #expect(argmaxRows(q) == argmaxRows(Overconfident.p))
}

@Test func temperatureScalingSharpensUnderConfidentProbabilitiesAndStopsAtTheBounds() throws {
    // Always right with top probability 0.5: the loss keeps falling as β grows, up to exp(10).
    let p = Matrix([[0.5, 0.25, 0.25], [0.25, 0.5, 0.25], [0.25, 0.25, 0.5]])
    var t = TemperatureScaling()
    try t.fit(probabilities: p, labels: [0, 1, 2])
    #expect(abs(t.inverseTemperature - exp(10)) < 1e-6)
    // Always wrong: β falls to the lower bound and the output is nearly uniform.
    try t.fit(probabilities: p, labels: [1, 2, 0])
    #expect(abs(t.inverseTemperature - exp(-10)) < 1e-12)
    #expect(abs(t.calibrate(p)[0, 0] - 1.0 / 3) < 1e-4)
    #expect(throws: LearningError.self) { try t.fit(probabilities: p, labels: [0, 1]) }
    #expect(throws: LearningError.self) { try t.fit(probabilities: p, labels: [0, 1, 3]) }
}

@Test func calibratedClassifierFitsTheCalibratorOnOutOfFoldProbabilities() throws {
    // k-NN with k = 1 is maximally over-confident (probability 1 for every prediction) yet far from always right.
    let (x, y) = Fixture.blobs(rows: 300, features: 4, classes: 3, spread: 1.0, seed: 5)
    var raw = AnyClassifier.knn(KNearestNeighbors(k: 1))
    try raw.fit(x, labels: y, classCount: 3)
    var calibrated = CalibratedClassifier(base: .knn(KNearestNeighbors(k: 1)), folds: 5, seed: 2)
    try calibrated.fit(x, labels: y, classCount: 3)
    // The calibrator saw exactly the out-of-fold probabilities of the same folds.
    let oof = try CalibratedClassifier.crossValidatedProbabilities(.knn(KNearestNeighbors(k: 1)), x, labels: y, classCount: 3,
                                                                   folds: 5, seed: 2)
    var reference = TemperatureScaling()
    try reference.fit(probabilities: oof, labels: y)
    guard case .temperature(let fitted) = calibrated.calibrator else { Issue.record("not temperature scaling"); return }
    #expect(fitted == reference)
    #expect(fitted.inverseTemperature < 0.2)
    // Same predictions as the base refitted on all rows; softer probabilities.
    let p = calibrated.predictProbabilities(x), q = raw.predictProbabilities(x)
    #expect(argmaxRows(p) == argmaxRows(q))
    #expect((0..<p.rows).allSatisfy { p.row($0).max()! < 0.999 })
    let restored = try JSONDecoder().decode(AnyClassifier.self, from: JSONEncoder().encode(AnyClassifier.calibrated(calibrated)))
    #expect(restored.predictProbabilities(x) == p && restored.featureCount == 4)
}

@Test func stackingOutOfFoldProbabilitiesComeFromCrossFittedMetaModels() throws {
    let (x, y) = Fixture.blobs(rows: 240, features: 5, classes: 3, spread: 1.1, seed: 9)
    let bases: [AnyClassifier] = [.logistic(LogisticRegression()), .knn(KNearestNeighbors(k: 5))]
    var stack = Stacking(bases: bases, folds: 4, seed: 3)
    let oof = try stack.fitReturningOutOfFoldProbabilities(x, labels: y, classCount: 3)
    // Recompute by hand: base out-of-fold probabilities, then a meta-model per fold.
    let fold = Stacking.stratifiedFolds(labels: y, classCount: 3, folds: 4, seed: 3)
    var metaX = Matrix(rows: x.rows, columns: 6)
    for f in 0..<4 {
        let train = fold.indices.filter { fold[$0] != f }, test = fold.indices.filter { fold[$0] == f }
        for (b, base) in bases.enumerated() {
            var m = base
            try m.fit(x.selectingRows(train), labels: train.map { y[$0] }, classCount: 3)
            let p = m.predictProbabilities(x.selectingRows(test))
            for (q, r) in test.enumerated() { for c in 0..<3 { metaX[r, 3 * b + c] = p[q, c] } }
        }
    }
    var worst = 0.0
    for f in 0..<4 {
        let train = fold.indices.filter { fold[$0] != f }, test = fold.indices.filter { fold[$0] == f }
        var meta = LogisticRegression()
        try meta.fit(metaX.selectingRows(train), labels: train.map { y[$0] }, classCount: 3)
        let p = meta.predictProbabilities(metaX.selectingRows(test))
        for (q, r) in test.enumerated() { for c in 0..<3 { worst = max(worst, abs(p[q, c] - oof[r, c])) } }
    }
    #expect(worst < 1e-12)
    // And the fitted stack is the one `fit` gives.
    var plain = Stacking(bases: bases, folds: 4, seed: 3)
    try plain.fit(x, labels: y, classCount: 3)
    #expect(plain.predictProbabilities(x) == stack.predictProbabilities(x))
}

/// Rows whose labels carry no signal, each present twice (a row and its augmented copy): a
/// 1-nearest-neighbour base is right on every out-of-fold row when a copy can sit in the other
/// folds, and right by chance only when each pair stays on one side. So the temperature a
/// calibrator learns shows whether `groups` reached its folds through `AnyClassifier`.
@Test func calibrationFoldsKeepAugmentedCopiesWithTheirSource() throws {
    var rng = SeededGenerator(seed: 7)
    let n = 120, classCount = 4
    let rows = (0..<n).map { _ in (0..<3).map { _ in Double.random(in: -1...1, using: &rng) } }
    let labels = (0..<n).map { _ in Int.random(in: 0..<classCount, using: &rng) }
    let x = Matrix(rows + rows)
    let y = labels + labels
    let groups = Array(0..<n) + Array(0..<n)
    func calibratedTopProbability(groups: [Int]?) throws -> Double {
        var model = AnyClassifier.calibrated(CalibratedClassifier(base: .knn(KNearestNeighbors(k: 1)), folds: 5, seed: 1))
        try model.fit(x, labels: y, classCount: classCount, groups: groups)
        let p = model.predictProbabilities(x)
        return (0..<p.rows).map { r in (0..<classCount).map { p[r, $0] }.max()! }.reduce(0, +) / Double(p.rows)
    }
    // Leaky folds: a pair split across folds (4 times in 5) is right out of fold, so the calibrator
    // keeps most of 1-NN's certainty (about 0.8 of rows right).
    let leaky = try calibratedTopProbability(groups: nil), grouped = try calibratedTopProbability(groups: groups)
    print("calibrated top probability: leaky folds \(leaky), grouped folds \(grouped)")
    #expect(leaky > 0.7)
    // Grouped folds: right about a quarter of the time, so the calibrated probabilities flatten.
    #expect(grouped < 0.45)
}
