import Learning

/// The hyper-parameter grids `genre tune` searches, per algorithm: each candidate is a readable
/// label and a factory of the full pipeline (log-variance, standardise, classifier).
public enum TuningGrid {
    public typealias Candidate = (label: String, make: @Sendable () -> Pipeline<AnyClassifier>)

    public static func candidates(_ algorithm: Algorithm, featureNames: [String], seed: UInt64) -> [Candidate] {
        func candidate(_ label: String, _ c: @escaping @Sendable () -> AnyClassifier) -> Candidate {
            (label, { Algorithm.pipeline(featureNames: featureNames, classifier: c()) })
        }
        switch algorithm {
        case .svm:
            return [1.0, 3, 10, 30].flatMap { c in
                [SVM.Gamma.scale, .value(0.01), .value(0.03)].map { g in
                    candidate("C=\(c) gamma=\(g)") { .svm(SVM(c: c, gamma: g, seed: seed)) }
                }
            }
        case .logistic:
            return [0.01, 0.1, 0.3, 1, 3, 10].map { c in candidate("C=\(c)") { .logistic(LogisticRegression(c: c)) } }
        case .qda:
            return [0.1, 0.3, 0.5, 0.7, 0.9].map { r in candidate("reg_param=\(r)") { .qda(QDA(regParam: r)) } }
        case .knn:
            return [1, 3, 5, 7, 11, 15].flatMap { k in
                [KNearestNeighbors.Weights.uniform, .distance].map { w in candidate("k=\(k) weights=\(w)") { .knn(KNearestNeighbors(k: k, weights: w)) } }
            }
        case .forest:
            return [MaxFeatures.sqrt, .log2, .fraction(0.3)].map { m in
                candidate("trees=500 max_features=\(m)") { .forest(RandomForest(nEstimators: 500, maxFeatures: m, seed: seed)) }
            }
        case .boosting:
            return [(0.05, 4), (0.1, 4), (0.1, 6), (0.3, 3)].map { eta, depth in
                candidate("rounds=300 eta=\(eta) depth=\(depth)") {
                    .boosting(GradientBoosting(nRounds: 300, learningRate: eta, maxDepth: depth, subsample: 0.8, colsampleByTree: 0.8, seed: seed))
                }
            }
        case .lda:
            return [0.0, 0.05, 0.1, 0.2, 0.3, 0.5].map { r in candidate("shrinkage=\(r)") { .lda(LinearDiscriminantAnalysis(shrinkage: r)) } }
        case .stack, .robustStack:
            // The base sets compared for the default (see bench/README.md), with shuffled and
            // contiguous inner folds (`Stacking.FoldAssignment`).
            let sets: [[Algorithm]] = [[.svm, .logistic, .knn, .boosting], [.svm, .logistic, .lda], [.svm, .lda],
                                       [.svm, .logistic, .lda, .knn], [.svm, .logistic, .lda, .boosting],
                                       [.svm, .logistic, .knn, .boosting, .lda], [.svm, .logistic, .knn]]
            return sets.flatMap { bases in
                [Stacking.FoldAssignment.shuffled, .contiguous].map { order in
                    candidate("bases=" + bases.map(\.rawValue).joined(separator: "+") + " folds=\(order.rawValue)") {
                        .stacking(Stacking(bases: bases.map { $0.classifier(seed: seed) }, meta: LogisticRegression(c: 1), folds: 5,
                                           seed: seed, foldAssignment: order))
                    }
                }
            }
        }
    }

    /// Scores every candidate of `algorithm`'s grid on the same k folds (group-aware when groups
    /// repeat), best first.
    public static func search(_ training: TrainingData, algorithm: Algorithm, folds: Int, seed: UInt64) throws -> [GridSearchRow] {
        let data = training.dataset
        let (splits, _) = try Evaluation.splits(data, scheme: .kFold(folds: folds), seed: seed, groups: training.groups)
        return try gridSearch(candidates(algorithm, featureNames: data.featureNames, seed: seed),
                              x: data.x, labels: data.labels, classCount: data.classes.count, splits: splits)
    }
}
