import Foundation

/// A random forest of CART trees (Breiman 2001), as scikit-learn's
/// `RandomForestClassifier(n_estimators, max_features="sqrt", bootstrap=True)`: each tree grows
/// on a bootstrap sample (n draws with replacement, used as row weights like scikit-learn) with
/// `maxFeatures` features tried per split, and the forest's probabilities are the mean of the
/// trees' leaf probabilities (scikit-learn's soft voting). Trees grow in parallel on all cores;
/// tree t draws from `SeededGenerator(seed).derived(t)`, so the forest is the same for a seed
/// whatever the scheduling.
public struct RandomForest: Classifier {
    /// Number of trees; default 500 (scikit-learn's default is 100; more trees only reduce variance).
    public var nEstimators: Int
    /// Features tried per split; default `.sqrt`.
    public var maxFeatures: MaxFeatures
    /// Depth limit; default nil (fully grown trees).
    public var maxDepth: Int?
    /// Default 2, as scikit-learn.
    public var minSamplesSplit: Int
    /// Default 1, as scikit-learn.
    public var minSamplesLeaf: Int
    /// Bootstrap the rows of each tree; default true.
    public var bootstrap: Bool
    /// Default 0.
    public var seed: UInt64

    public private(set) var trees: [TreeNodes] = []
    public private(set) var classCount = 0
    /// Columns of the training matrix (0 before `fit`).
    public private(set) var featureCount = 0

    public init(nEstimators: Int = 500, maxFeatures: MaxFeatures = .sqrt, maxDepth: Int? = nil,
                minSamplesSplit: Int = 2, minSamplesLeaf: Int = 1, bootstrap: Bool = true, seed: UInt64 = 0) {
        self.nEstimators = nEstimators
        self.maxFeatures = maxFeatures
        self.maxDepth = maxDepth
        self.minSamplesSplit = minSamplesSplit
        self.minSamplesLeaf = minSamplesLeaf
        self.bootstrap = bootstrap
        self.seed = seed
    }

    public mutating func fit(_ x: Matrix, labels: [Int], classCount: Int) throws {
        guard nEstimators >= 1 else { throw LearningError.invalidHyperParameter("nEstimators must be >= 1, got \(nEstimators)") }
        let template = DecisionTree(maxDepth: maxDepth, minSamplesSplit: minSamplesSplit,
                                    minSamplesLeaf: minSamplesLeaf, maxFeatures: maxFeatures, seed: seed)
        try template.checkHyperParameters()
        _ = try FitInput.check(x, labels: labels, classCount: classCount, minimumClasses: 1)
        let data = TreeTrainingData(x, labels: labels, classCount: classCount)
        let root = SeededGenerator(seed: seed)
        let n = x.rows, bootstrap = self.bootstrap
        trees = parallelMapPure(nEstimators) { t in
            var rng = root.derived(t)
            var weights = [Double](repeating: bootstrap ? 0 : 1, count: n)
            if bootstrap { for _ in 0..<n { weights[Int(rng.next() % UInt64(n))] += 1 } }
            return data.grow(weights: weights, tree: template, rng: &rng)
        }
        self.classCount = classCount
        featureCount = x.columns
    }

    public func predictProbabilities(_ x: Matrix) -> Matrix {
        precondition(x.columns == featureCount, "RandomForest: \(x.columns) features, fitted on \(featureCount)")
        let trees = self.trees, k = classCount
        let scale = 1 / Double(max(trees.count, 1))
        return parallelRows(x.rows, k, minimumChunk: 8) { range, out in
            for i in range {
                let row = x.row(i)
                for tree in trees {
                    let leaf = tree.leaf(for: row)
                    for c in 0..<k { out[i * k + c] += tree.leafValues[leaf * k + c] }
                }
                for c in 0..<k { out[i * k + c] *= scale }
            }
        }
    }
}
