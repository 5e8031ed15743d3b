import Foundation

/// One of the library's feature transforms, as a concrete Codable value so a pipeline's list of
/// steps can be stored in a model file.
public enum AnyTransform: FeatureTransform, Equatable {
    case standardScaler(StandardScaler)
    case logVariance(LogVarianceTransform)
    case levelNormalization(LevelNormalization)
    case nuisanceProjection(NuisanceProjection)

    public mutating func fit(_ x: Matrix) throws {
        switch self {
        case .standardScaler(var t): try t.fit(x); self = .standardScaler(t)
        case .logVariance(var t): try t.fit(x); self = .logVariance(t)
        case .levelNormalization(var t): try t.fit(x); self = .levelNormalization(t)
        case .nuisanceProjection(var t): try t.fit(x); self = .nuisanceProjection(t)
        }
    }

    public func transform(_ x: Matrix) -> Matrix {
        switch self {
        case .standardScaler(let t): return t.transform(x)
        case .logVariance(let t): return t.transform(x)
        case .levelNormalization(let t): return t.transform(x)
        case .nuisanceProjection(let t): return t.transform(x)
        }
    }

    public func inverseTransform(_ x: Matrix) -> Matrix {
        switch self {
        case .standardScaler(let t): return t.inverseTransform(x)
        case .logVariance(let t): return t.inverseTransform(x)
        case .levelNormalization(let t): return t.inverseTransform(x)
        case .nuisanceProjection(let t): return t.inverseTransform(x)
        }
    }
}

/// Transforms followed by a classifier, fitted and applied as one model, like scikit-learn's
/// `Pipeline([...transforms, classifier])`: `fit` fits each transform on the output of the
/// previous ones (training rows only, so cross-validation never leaks test statistics), then the
/// classifier; `predictProbabilities` applies the fitted transforms in order first.
public struct Pipeline<C: Classifier>: Classifier {
    public var transforms: [AnyTransform]
    public var classifier: C

    public init(transforms: [AnyTransform], classifier: C) {
        self.transforms = transforms
        self.classifier = classifier
    }

    public mutating func fit(_ x: Matrix, labels: [Int], classCount: Int) throws {
        try fit(x, labels: labels, classCount: classCount, groups: nil)
    }

    public mutating func fit(_ x: Matrix, labels: [Int], classCount: Int, groups: [Int]?) throws {
        guard x.rows == labels.count else {
            throw LearningError.sizeMismatch("\(x.rows) rows and \(labels.count) labels")
        }
        var current = x
        for i in transforms.indices {
            try transforms[i].fit(current)
            current = transforms[i].transform(current)
        }
        try classifier.fit(current, labels: labels, classCount: classCount, groups: groups)
    }

    public func predictProbabilities(_ x: Matrix) -> Matrix {
        classifier.predictProbabilities(transformed(x))
    }

    /// `x` after every fitted transform (what the classifier sees).
    public func transformed(_ x: Matrix) -> Matrix {
        transforms.reduce(x) { $1.transform($0) }
    }

    /// The raw rows whose `transformed` value is `z` (each transform inverted, last first).
    public func inverseTransformed(_ z: Matrix) -> Matrix {
        transforms.reversed().reduce(z) { $1.inverseTransform($0) }
    }
}
