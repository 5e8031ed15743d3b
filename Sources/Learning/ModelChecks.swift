/// Checks of a fitted model read from a file, before anything is predicted with it.
///
/// Prediction code indexes its fitted arrays without bounds checks of its own (they hold by
/// construction after `fit`). A model file is checksummed, so damage is caught before decoding,
/// but a file edited and re-hashed, or written by a faulty program, can decode into parts that
/// do not fit together: a matrix whose values do not fill it (caught when decoding `Matrix`), a
/// class or support-vector index out of range, a tree whose nodes lead nowhere. Each model type
/// says here, in plain words, what is wrong for input rows of `inputColumns` features and
/// `classCount` output classes, or nil when it can be used. The fuzz target `model`
/// (scripts/fuzz.sh) checks that a model that passes can predict without crashing.

extension LogisticRegression {
    public func problem(inputColumns: Int, classCount: Int) -> String? {
        let outputs = coefficients.rows
        guard self.classCount == classCount else { return "logistic regression has \(self.classCount) classes, the model \(classCount)" }
        guard coefficients.columns == inputColumns, intercepts.count == outputs, outputs >= 1 else {
            return "logistic regression's coefficients (\(outputs)x\(coefficients.columns)) and \(intercepts.count) intercepts do not fit \(inputColumns) features"
        }
        guard classes.count == (outputs == 1 ? 2 : outputs) else {
            return "logistic regression has \(outputs) outputs for \(classes.count) classes"
        }
        return classIndexProblem(classes, classCount, "logistic regression")
    }
}

extension QDA {
    public func problem(inputColumns: Int, classCount: Int) -> String? {
        let k = classes.count, d = means.columns
        guard self.classCount == classCount else { return "QDA has \(self.classCount) classes, the model \(classCount)" }
        guard d == inputColumns, means.rows == k, whitening.count == k, offsets.count == k,
              whitening.allSatisfy({ $0.count == d * d }) else {
            return "QDA's means, whitening and offsets do not fit \(k) classes of \(inputColumns) features"
        }
        return classIndexProblem(classes, classCount, "QDA")
    }
}

extension LinearDiscriminantAnalysis {
    public func problem(inputColumns: Int, classCount: Int) -> String? {
        guard self.classCount == classCount else { return "LDA has \(self.classCount) classes, the model \(classCount)" }
        guard coefficients.columns == inputColumns, coefficients.rows == classes.count, intercepts.count == classes.count else {
            return "LDA's coefficients (\(coefficients.rows)x\(coefficients.columns)) and \(intercepts.count) intercepts do not fit \(classes.count) classes of \(inputColumns) features"
        }
        return classIndexProblem(classes, classCount, "LDA")
    }
}

extension KNearestNeighbors {
    public func problem(inputColumns: Int, classCount: Int) -> String? {
        guard self.classCount == classCount else { return "k-NN has \(self.classCount) classes, the model \(classCount)" }
        guard trainingRows.columns == inputColumns, trainingLabels.count == trainingRows.rows else {
            return "k-NN's \(trainingRows.rows) training rows of \(trainingRows.columns) features and \(trainingLabels.count) labels do not fit \(inputColumns) features"
        }
        return classIndexProblem(trainingLabels, classCount, "k-NN")
    }
}

extension SVM {
    public func problem(inputColumns: Int, classCount: Int) -> String? {
        let k = classes.count, vectors = supportVectors.rows
        guard self.classCount == classCount else { return "SVM has \(self.classCount) classes, the model \(classCount)" }
        guard supportVectors.columns == inputColumns else {
            return "SVM's support vectors have \(supportVectors.columns) features, the model \(inputColumns)"
        }
        guard k >= 2 else { return "SVM has \(k) classes" }
        for (m, machine) in machines.enumerated() {
            guard (0..<k).contains(machine.first), (0..<k).contains(machine.second),
                  machine.vectors.count == machine.coefficients.count,
                  machine.vectors.allSatisfy({ (0..<vectors).contains($0) }) else {
                return "SVM machine \(m) refers to classes or support vectors it does not have"
            }
        }
        return classIndexProblem(classes, classCount, "SVM")
    }
}

extension TreeNodes {
    /// A tree whose internal nodes test one of `inputColumns` features and lead to later nodes
    /// (so every walk ends, at a leaf), and whose leaves index whole rows of `leafWidth` values.
    public func problem(inputColumns: Int, leafWidth: Int) -> String? {
        let n = nodeCount
        guard n >= 1, threshold.count == n, left.count == n, right.count == n else { return "a tree's node arrays differ in length" }
        for node in 0..<n {
            let l = Int(left[node]), r = Int(right[node])
            if feature[node] >= 0 {
                guard Int(feature[node]) < inputColumns, l > node, l < n, r > node, r < n else {
                    return "tree node \(node) tests feature \(feature[node]) and leads to nodes \(l) and \(r) of \(n)"
                }
            } else {
                guard l >= 0, (l + 1) * leafWidth <= leafValues.count else {
                    return "tree leaf \(node) has no values"
                }
            }
        }
        return nil
    }
}

extension DecisionTree {
    public func problem(inputColumns: Int, classCount: Int) -> String? {
        guard self.classCount == classCount, featureCount == inputColumns else {
            return "a decision tree of \(featureCount) features and \(self.classCount) classes, the model has \(inputColumns) and \(classCount)"
        }
        return nodes.problem(inputColumns: inputColumns, leafWidth: classCount)
    }
}

extension RandomForest {
    public func problem(inputColumns: Int, classCount: Int) -> String? {
        guard self.classCount == classCount, featureCount == inputColumns else {
            return "a random forest of \(featureCount) features and \(self.classCount) classes, the model has \(inputColumns) and \(classCount)"
        }
        for tree in trees {
            if let problem = tree.problem(inputColumns: inputColumns, leafWidth: classCount) { return "random forest: " + problem }
        }
        return nil
    }
}

extension GradientBoosting {
    public func problem(inputColumns: Int, classCount: Int) -> String? {
        guard self.classCount == classCount, featureCount == inputColumns else {
            return "gradient boosting of \(featureCount) features and \(self.classCount) classes, the model has \(inputColumns) and \(classCount)"
        }
        guard !classes.isEmpty, baseMargins.count == classes.count else {
            return "gradient boosting has \(baseMargins.count) base margins for \(classes.count) classes"
        }
        for tree in trees {
            if let problem = tree.problem(inputColumns: inputColumns, leafWidth: 1) { return "gradient boosting: " + problem }
        }
        return classIndexProblem(classes, classCount, "gradient boosting")
    }
}

extension Stacking {
    public func problem(inputColumns: Int, classCount: Int) -> String? {
        guard self.classCount == classCount, !bases.isEmpty else {
            return "a stack of \(bases.count) models for \(self.classCount) classes, the model has \(classCount)"
        }
        for base in bases {
            if let problem = base.problem(inputColumns: inputColumns, classCount: classCount) { return "stack: " + problem }
        }
        let metaColumns = Self.probabilityWidth(classCount) * bases.count + (passthrough ? inputColumns : 0)
        return meta.problem(inputColumns: metaColumns, classCount: classCount).map { "stack's meta-model: " + $0 }
    }
}

extension AnyClassifier {
    public func problem(inputColumns: Int, classCount: Int) -> String? {
        switch self {
        case .logistic(let m): return m.problem(inputColumns: inputColumns, classCount: classCount)
        case .qda(let m): return m.problem(inputColumns: inputColumns, classCount: classCount)
        case .knn(let m): return m.problem(inputColumns: inputColumns, classCount: classCount)
        case .tree(let m): return m.problem(inputColumns: inputColumns, classCount: classCount)
        case .forest(let m): return m.problem(inputColumns: inputColumns, classCount: classCount)
        case .boosting(let m): return m.problem(inputColumns: inputColumns, classCount: classCount)
        case .svm(let m): return m.problem(inputColumns: inputColumns, classCount: classCount)
        case .stacking(let m): return m.problem(inputColumns: inputColumns, classCount: classCount)
        case .lda(let m): return m.problem(inputColumns: inputColumns, classCount: classCount)
        // The calibrator maps any matrix of probabilities; what it calibrates must fit.
        case .calibrated(let m): return m.base.problem(inputColumns: inputColumns, classCount: classCount).map { "calibrated " + $0 }
        }
    }
}

extension StandardScaler {
    public func problem(inputColumns: Int) -> String? {
        mean.count == inputColumns && scale.count == inputColumns
            ? nil : "the standard scaler has \(mean.count) means and \(scale.count) scales for \(inputColumns) features"
    }
}

extension LogVarianceTransform {
    public func problem(inputColumns: Int) -> String? {
        offsets.count == columns.count && columns.allSatisfy({ (0..<inputColumns).contains($0) })
            ? nil : "the log-variance transform refers to columns outside \(inputColumns) features"
    }
}

extension AnyTransform {
    public func problem(inputColumns: Int) -> String? {
        switch self {
        case .standardScaler(let t): return t.problem(inputColumns: inputColumns)
        case .logVariance(let t): return t.problem(inputColumns: inputColumns)
        case .levelNormalization(let t): return t.problem(inputColumns: inputColumns)
        case .nuisanceProjection(let t): return t.problem(inputColumns: inputColumns)
        }
    }
}

extension LevelNormalization {
    /// Every column it reads or rewrites must exist (an edited model file could name any).
    public func problem(inputColumns: Int) -> String? {
        let all = [levelColumn].compactMap { $0 } + squaredColumns + linearColumns + decibelColumns
        return all.allSatisfy({ (0..<inputColumns).contains($0) }) && ratioScale.isFinite && decibelSlope.isFinite
            ? nil : "the level step refers to columns outside \(inputColumns) features"
    }
}

extension Pipeline where C == AnyClassifier {
    /// The transforms (each keeps the column count) and then the classifier.
    public func problem(inputColumns: Int, classCount: Int) -> String? {
        for transform in transforms {
            if let problem = transform.problem(inputColumns: inputColumns) { return problem }
        }
        return classifier.problem(inputColumns: inputColumns, classCount: classCount)
    }
}

/// Class indices of a model's outputs must name output columns.
private func classIndexProblem(_ classes: [Int], _ classCount: Int, _ model: String) -> String? {
    classes.allSatisfy({ (0..<classCount).contains($0) }) ? nil : "\(model) refers to a class outside the model's \(classCount)"
}
