import Foundation

/// One candidate's cross-validated score in a grid search.
public struct GridSearchRow: Sendable, Equatable {
    public var label: String
    public var meanAccuracy: Double
    /// Population standard deviation (ddof = 0) of the fold accuracies.
    public var stdAccuracy: Double
    public var foldAccuracies: [Double]
}

/// Exhaustive search over hyper-parameter candidates, like scikit-learn's `GridSearchCV` without
/// the refit: every candidate is cross-validated on the same splits (so scores are comparable),
/// and rows come back best first (by mean test accuracy; ties keep the candidates' order).
///
/// - Parameters:
///   - candidates: a readable label (e.g. `"C=10 gamma=0.01"`) and a factory of unfitted models
///     per hyper-parameter combination; the caller builds the grid, which keeps this generic.
///   - x, labels, classCount, splits: as for `crossValidate`.
/// - Throws: the first error of any candidate's cross-validation.
public func gridSearch<C: Classifier>(
    _ candidates: [(label: String, make: @Sendable () -> C)],
    x: Matrix, labels: [Int], classCount: Int, splits: [Split]
) throws -> [GridSearchRow] {
    var rows: [GridSearchRow] = []
    for candidate in candidates {
        // Folds run in parallel inside crossValidate; candidates run one after another.
        let result = try crossValidate(candidate.make, x: x, labels: labels, classCount: classCount, splits: splits)
        rows.append(GridSearchRow(label: candidate.label, meanAccuracy: result.meanAccuracy,
                                  stdAccuracy: result.stdAccuracy, foldAccuracies: result.foldAccuracies))
    }
    return rows.enumerated()
        .sorted { ($0.element.meanAccuracy, -$0.offset) > ($1.element.meanAccuracy, -$1.offset) }
        .map(\.element)
}
