/// Any classifier of the library as one Codable value, so heterogeneous model lists (a stack's
/// bases, a model file) serialise with the synthesised enum coding: `{"forest": {"_0": {...}}}`.
/// `fit` and `predictProbabilities` forward to the wrapped model (`fit` stores the fitted copy).
public indirect enum AnyClassifier: Classifier {
    case logistic(LogisticRegression)
    case qda(QDA)
    case lda(LinearDiscriminantAnalysis)
    case knn(KNearestNeighbors)
    case tree(DecisionTree)
    case forest(RandomForest)
    case boosting(GradientBoosting)
    case svm(SVM)
    case stacking(Stacking)
    case calibrated(CalibratedClassifier)

    public mutating func fit(_ x: Matrix, labels: [Int], classCount: Int) throws {
        switch self {
        case .logistic(var m): try m.fit(x, labels: labels, classCount: classCount); self = .logistic(m)
        case .qda(var m): try m.fit(x, labels: labels, classCount: classCount); self = .qda(m)
        case .lda(var m): try m.fit(x, labels: labels, classCount: classCount); self = .lda(m)
        case .knn(var m): try m.fit(x, labels: labels, classCount: classCount); self = .knn(m)
        case .tree(var m): try m.fit(x, labels: labels, classCount: classCount); self = .tree(m)
        case .forest(var m): try m.fit(x, labels: labels, classCount: classCount); self = .forest(m)
        case .boosting(var m): try m.fit(x, labels: labels, classCount: classCount); self = .boosting(m)
        case .svm(var m): try m.fit(x, labels: labels, classCount: classCount); self = .svm(m)
        case .stacking(var m): try m.fit(x, labels: labels, classCount: classCount); self = .stacking(m)
        case .calibrated(var m): try m.fit(x, labels: labels, classCount: classCount); self = .calibrated(m)
        }
    }

    /// The models whose own internal folds must keep a group together (a stack's out-of-fold
    /// predictions, a calibrator's) get `groups`; the others ignore them.
    public mutating func fit(_ x: Matrix, labels: [Int], classCount: Int, groups: [Int]?) throws {
        switch self {
        case .stacking(var m): try m.fit(x, labels: labels, classCount: classCount, groups: groups); self = .stacking(m)
        case .svm(var m): try m.fit(x, labels: labels, classCount: classCount, groups: groups); self = .svm(m)
        case .calibrated(var m): try m.fit(x, labels: labels, classCount: classCount, groups: groups); self = .calibrated(m)
        default: try fit(x, labels: labels, classCount: classCount)
        }
    }

    public func predictProbabilities(_ x: Matrix) -> Matrix {
        switch self {
        case .logistic(let m): return m.predictProbabilities(x)
        case .qda(let m): return m.predictProbabilities(x)
        case .lda(let m): return m.predictProbabilities(x)
        case .knn(let m): return m.predictProbabilities(x)
        case .tree(let m): return m.predictProbabilities(x)
        case .forest(let m): return m.predictProbabilities(x)
        case .boosting(let m): return m.predictProbabilities(x)
        case .svm(let m): return m.predictProbabilities(x)
        case .stacking(let m): return m.predictProbabilities(x)
        case .calibrated(let m): return m.predictProbabilities(x)
        }
    }

    /// Number of feature columns the fitted model expects (0 before `fit`). Check it before
    /// `predictProbabilities`, which treats a mismatch as a programming error.
    public var featureCount: Int {
        switch self {
        case .logistic(let m): return m.coefficients.columns
        case .qda(let m): return m.means.columns
        case .lda(let m): return m.coefficients.columns
        case .knn(let m): return m.trainingRows.columns
        case .tree(let m): return m.featureCount
        case .forest(let m): return m.featureCount
        case .boosting(let m): return m.featureCount
        case .svm(let m): return m.supportVectors.columns
        case .stacking(let m): return m.bases.first?.featureCount ?? 0
        case .calibrated(let m): return m.base.featureCount
        }
    }
}
