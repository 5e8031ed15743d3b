import Learning

/// The classifiers `genre train` / `genre evaluate` offer. Every one runs behind the same
/// transforms: log of the `*_var` columns (their distributions are heavy-tailed over orders of
/// magnitude), then standardisation, and (unless `--calibration none`) temperature scaling fitted
/// on its out-of-fold probabilities. The single models' hyper-parameters were found best by 10-fold
/// cross-validation on features_30_sec.csv; the stacks' bases were compared on artist-grouped folds
/// of the fault-filtered split's train + valid rows only (bench/README.md, `genre tune --algorithm stack`).
public enum Algorithm: String, Sendable, CaseIterable, Codable {
    /// The default: a stack of SVM, logistic regression, k-NN and gradient boosting whose
    /// out-of-fold probabilities feed a logistic-regression meta-model. Best in 10-fold CV; k-NN and
    /// boosting profit from GTZAN's artist repeats, which random folds reward.
    case stack
    /// SVM, logistic regression and shrunk LDA stacked: the best base set on artist-grouped folds
    /// of the fault-filtered train + valid rows (recordings by new artists), about 1% lower in 10-fold CV.
    case robustStack = "robust-stack"
    case svm, logistic, lda, qda, knn, forest, boosting

    /// An unfitted classifier with this algorithm's tuned hyper-parameters. The SVM's support
    /// vectors and the k-NN's rows are kept at single precision (`StoredPrecision`): they are most
    /// of a model file, and the default model then fits under 8 MB (bench/README.md, "Model size").
    public func classifier(seed: UInt64) -> AnyClassifier {
        switch self {
        case .svm: return .svm(SVM(c: 10, gamma: .scale, probability: true, seed: seed, storedPrecision: .single))
        case .logistic: return .logistic(LogisticRegression(c: 1))
        case .lda: return .lda(LinearDiscriminantAnalysis(shrinkage: 0.1))
        case .qda: return .qda(QDA(regParam: 0.5))
        case .knn: return .knn(KNearestNeighbors(k: 7, weights: .distance, distanceFloor: Self.knnDistanceFloor,
                                                  storedPrecision: .single))
        case .forest: return .forest(RandomForest(nEstimators: 500, seed: seed))
        case .boosting:
            return .boosting(GradientBoosting(nRounds: 300, learningRate: 0.1, maxDepth: 4, subsample: 0.8,
                                              colsampleByTree: 0.8, seed: seed))
        case .stack:
            let bases: [Algorithm] = [.svm, .logistic, .knn, .boosting]
            return .stacking(Stacking(bases: bases.map { $0.classifier(seed: seed) }, meta: LogisticRegression(c: 1),
                                      folds: 5, seed: seed))
        case .robustStack:
            let bases: [Algorithm] = [.svm, .logistic, .lda]
            return .stacking(Stacking(bases: bases.map { $0.classifier(seed: seed) }, meta: LogisticRegression(c: 1),
                                      folds: 5, seed: seed))
        }
    }

    /// The k-NN's distance floor, in standardised units (`KNearestNeighbors.distanceFloor`). A
    /// GTZAN clip is a training row; with scikit-learn's 1/d weights its own row (at 1e-6 from
    /// its clean extraction) takes all the vote, and a resampled copy 0.01–1.7 units away
    /// (sox, soxr, ffmpeg copies of the 41 clips with audio) lets the other neighbours back in:
    /// the k-NN's answer jumped by up to 0.43, the stack's by 0.16 (bench/chains/trained.py).
    /// 2 lies above those copy distances and below the 1% quantile (3.8) of the distance to a
    /// row's 7th neighbour, so for recordings the model never saw the k-NN is unchanged: the
    /// stack's 10-fold CV stays 79.0% (seed 1).
    public static let knnDistanceFloor = 2.0

    /// The full pipeline for data with these feature names: log-variance, standardise, classify,
    /// then (unless `calibration` is `.none`) calibrate the classifier's probabilities on its
    /// out-of-fold predictions (`CalibratedClassifier`).
    public func pipeline(featureNames: [String], seed: UInt64, calibration: Calibration = .temperature) -> Pipeline<AnyClassifier> {
        Self.pipeline(featureNames: featureNames, classifier: calibration.wrap(classifier(seed: seed), seed: seed))
    }

    /// Any classifier behind the transforms every algorithm shares.
    public static func pipeline(featureNames: [String], classifier: AnyClassifier) -> Pipeline<AnyClassifier> {
        Pipeline(transforms: [.logVariance(LogVarianceTransform(featureNames: featureNames)),
                              .standardScaler(StandardScaler())],
                 classifier: classifier)
    }

    /// Hyper-parameters as text, for the model file's self-description.
    public var hyperParameterSummary: [String: String] {
        switch self {
        case .svm: return ["C": "10", "gamma": "scale", "kernel": "rbf", "probability": "platt+pairwise coupling"]
        case .logistic: return ["C": "1", "penalty": "l2"]
        case .lda: return ["solver": "lsqr", "shrinkage": "0.1"]
        case .qda: return ["reg_param": "0.5"]
        case .knn: return ["k": "7", "weights": "distance", "distance_floor": "2"]
        case .forest: return ["trees": "500", "max_features": "sqrt"]
        case .boosting: return ["rounds": "300", "eta": "0.1", "max_depth": "4", "subsample": "0.8", "colsample_bytree": "0.8"]
        case .stack: return ["bases": "svm,logistic,knn,boosting", "meta": "logistic C=1", "folds": "5"]
        case .robustStack: return ["bases": "svm,logistic,lda", "meta": "logistic C=1", "folds": "5"]
        }
    }
}

/// How the probabilities of `genre train` / `genre evaluate` models are calibrated (`--calibration`).
public enum Calibration: String, Sendable, CaseIterable, Codable {
    /// Temperature scaling fitted on the classifier's out-of-fold probabilities (the default).
    case temperature
    /// The classifier's own probabilities, uncalibrated (for comparison).
    case none

    /// `classifier` behind this calibration: itself, or a `CalibratedClassifier` (5 folds when the
    /// classifier has no out-of-fold probabilities of its own).
    public func wrap(_ classifier: AnyClassifier, seed: UInt64) -> AnyClassifier {
        switch self {
        case .none: return classifier
        case .temperature:
            return .calibrated(CalibratedClassifier(base: classifier, calibrator: .temperature(TemperatureScaling()), folds: 5, seed: seed))
        }
    }
}

