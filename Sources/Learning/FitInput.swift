/// Input checks shared by every classifier's `fit`, so all models reject bad data with the same
/// clear `LearningError`s instead of crashing or silently producing NaN models.
enum FitInput {
    /// Validates `x`, `labels` and `classCount` and returns the classes that occur in `labels`,
    /// ascending. Throws when there are no rows, sizes disagree, a label is outside
    /// `0..<classCount`, a feature is NaN or infinite, or fewer than `minimumClasses` classes occur.
    static func check(
        _ x: Matrix, labels: [Int], classCount: Int, minimumClasses: Int = 2
    ) throws -> [Int] {
        guard x.rows > 0 else { throw LearningError.emptyTrainingSet }
        guard x.columns > 0 else { throw LearningError.invalidValue("the feature matrix has no columns") }
        guard labels.count == x.rows else {
            throw LearningError.sizeMismatch("\(x.rows) feature rows but \(labels.count) labels")
        }
        guard classCount >= 1 else {
            throw LearningError.invalidHyperParameter("classCount must be at least 1, got \(classCount)")
        }
        var seen = [Bool](repeating: false, count: classCount)
        for (i, label) in labels.enumerated() {
            guard label >= 0 && label < classCount else {
                throw LearningError.invalidValue("label \(label) of row \(i) is outside 0..<\(classCount)")
            }
            seen[label] = true
        }
        if let bad = x.values.firstIndex(where: { !$0.isFinite }) {
            throw LearningError.invalidValue(
                "feature \(bad % x.columns) of row \(bad / x.columns) is \(x.values[bad])")
        }
        let present = seen.indices.filter { seen[$0] }
        guard present.count >= minimumClasses else { throw LearningError.notEnoughClasses(present.count) }
        return present
    }
}
