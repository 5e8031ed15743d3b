/// The estimator contract every model of the library follows (scikit-learn's, in Swift):
/// hyper-parameters are plain stored properties with documented defaults, `fit` learns from a
/// feature matrix and integer labels, and `predictProbabilities` returns one row of class
/// probabilities (summing to 1) per sample. Fitting is deterministic for a given `seed`.
public protocol Classifier: Sendable, Codable {
    /// Learns from `x` (n samples x d features) and `labels` (n values in `0..<classCount`).
    /// Throws `LearningError` for unusable input (no rows, mismatched sizes, a single class
    /// where the model needs two, non-finite values).
    mutating func fit(_ x: Matrix, labels: [Int], classCount: Int) throws

    /// `fit`, told which rows come from one source (e.g. a recording and its augmented copies,
    /// group ids per row): models that cross-validate internally (stacking) keep a group on one
    /// side. The default ignores `groups`.
    mutating func fit(_ x: Matrix, labels: [Int], classCount: Int, groups: [Int]?) throws

    /// Class probabilities for each row of `x`: an n x classCount matrix whose rows sum to 1.
    /// Calling it before `fit` is a programming error.
    func predictProbabilities(_ x: Matrix) -> Matrix
}

extension Classifier {
    public mutating func fit(_ x: Matrix, labels: [Int], classCount: Int, groups: [Int]?) throws {
        try fit(x, labels: labels, classCount: classCount)
    }

    /// The most probable class of each row (ties go to the lower class index).
    public func predict(_ x: Matrix) -> [Int] {
        let p = predictProbabilities(x)
        return (0..<p.rows).map { r in
            var best = 0
            for c in 1..<max(p.columns, 1) where p[r, c] > p[r, best] { best = c }
            return best
        }
    }
}

/// A learned, feature-wise transformation (standardisation, log of variance columns, ...).
/// Like scikit-learn's transformers: `fit` learns its parameters from training rows only, and
/// `transform` applies them to any rows.
public protocol FeatureTransform: Sendable, Codable {
    mutating func fit(_ x: Matrix) throws
    func transform(_ x: Matrix) -> Matrix
    /// The rows `transform` maps to `x` (scikit-learn's `inverse_transform`).
    func inverseTransform(_ x: Matrix) -> Matrix
}

/// Problems with training or prediction input, phrased for the person who supplied it.
public enum LearningError: Error, Equatable, CustomStringConvertible {
    case emptyTrainingSet
    case sizeMismatch(String)
    case invalidValue(String)
    case invalidHyperParameter(String)
    case notEnoughClasses(Int)

    public var description: String {
        switch self {
        case .emptyTrainingSet: return "the training set has no rows"
        case .sizeMismatch(let what): return "size mismatch: \(what)"
        case .invalidValue(let what): return "invalid value: \(what)"
        case .invalidHyperParameter(let what): return "invalid hyper-parameter: \(what)"
        case .notEnoughClasses(let n): return "training needs at least two classes, found \(n)"
        }
    }
}
