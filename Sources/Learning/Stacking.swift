import Foundation

/// Stacked generalisation (Wolpert 1992), as scikit-learn's
/// `StackingClassifier(estimators=bases, final_estimator=meta, cv=folds, stack_method="predict_proba", passthrough=...)`.
///
/// `fit` (1) assigns rows to `folds` stratified folds (see `FoldAssignment`), (2) collects
/// every base model's out-of-fold class probabilities, (3) fits `meta` on them (the first
/// probability column of each base is dropped for two classes, as scikit-learn does, since it is
/// redundant), with the original features appended when `passthrough`, and (4) refits every
/// base on all rows. Fold x base fits and the final refits run in parallel.
public struct Stacking: Classifier {
    /// The level-0 models.
    public var bases: [AnyClassifier]
    /// The level-1 model; default `LogisticRegression()` (scikit-learn's default final estimator).
    public var meta: LogisticRegression
    /// Stratified folds for the out-of-fold probabilities; default 5 (scikit-learn `cv=5`).
    public var folds: Int
    /// Seed of the fold assignment; default 0.
    public var seed: UInt64
    /// Also give the meta model the original features; default false.
    public var passthrough: Bool
    /// How rows are dealt to the folds; default `.shuffled`.
    public var foldAssignment: FoldAssignment

    public private(set) var classCount = 0

    /// How `Stacking` deals training rows to its stratified folds.
    public enum FoldAssignment: String, Sendable, Codable {
        /// Each class's rows in a seeded random order, dealt round-robin (the deal continues
        /// across classes), so every fold gets ⌊n/k⌋ or ⌈n/k⌉ rows and each class is spread as
        /// evenly as possible.
        case shuffled
        /// The same number of rows of each class per fold, but each class's rows keep their
        /// order and fill fold 0 first, then fold 1, ...: scikit-learn's
        /// `StratifiedKFold(shuffle=False)`, the default `cv` of its `StackingClassifier`. When
        /// neighbouring rows are related (GTZAN's clips sorted by number, where runs of clips share
        /// an artist), the folds keep most related rows together, so the meta-model (and a
        /// calibrator fitted on the out-of-fold probabilities) learns how the bases fare on rows
        /// *unlike* their training rows, not on near-duplicates. The seed is not used.
        case contiguous
    }

    public init(bases: [AnyClassifier], meta: LogisticRegression = LogisticRegression(), folds: Int = 5,
                seed: UInt64 = 0, passthrough: Bool = false, foldAssignment: FoldAssignment = .shuffled) {
        self.bases = bases
        self.meta = meta
        self.folds = folds
        self.seed = seed
        self.passthrough = passthrough
        self.foldAssignment = foldAssignment
    }

    enum CodingKeys: String, CodingKey { case bases, meta, folds, seed, passthrough, foldAssignment, classCount }

    /// Model files written before `foldAssignment` existed have no such key: they were shuffled.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        bases = try c.decode([AnyClassifier].self, forKey: .bases)
        meta = try c.decode(LogisticRegression.self, forKey: .meta)
        folds = try c.decode(Int.self, forKey: .folds)
        seed = try c.decode(UInt64.self, forKey: .seed)
        passthrough = try c.decode(Bool.self, forKey: .passthrough)
        foldAssignment = try c.decodeIfPresent(FoldAssignment.self, forKey: .foldAssignment) ?? .shuffled
        classCount = try c.decode(Int.self, forKey: .classCount)
    }

    public mutating func fit(_ x: Matrix, labels: [Int], classCount: Int) throws {
        _ = try fit(x, labels: labels, classCount: classCount, groups: nil, outOfFold: false)
    }

    /// With `groups`, the out-of-fold folds keep each group on one side (stratified by group, as
    /// `StratifiedGroupKFold`), so augmented copies of a row never predict their own source.
    public mutating func fit(_ x: Matrix, labels: [Int], classCount: Int, groups: [Int]?) throws {
        _ = try fit(x, labels: labels, classCount: classCount, groups: groups, outOfFold: false)
    }

    /// Fits like `fit` and also returns out-of-fold class probabilities of the whole stack for
    /// every training row, for a calibrator (`CalibratedClassifier`), at the cost of `folds` small
    /// meta-model fits instead of refitting every base `folds` more times: the meta-model is
    /// cross-fitted on the same folds over the bases' out-of-fold probabilities, so row i's
    /// probabilities come from bases and a meta-model that were all fitted without row i's fold.
    public mutating func fitReturningOutOfFoldProbabilities(_ x: Matrix, labels: [Int], classCount: Int,
                                                            groups: [Int]? = nil) throws -> Matrix {
        try fit(x, labels: labels, classCount: classCount, groups: groups, outOfFold: true)!
    }

    private mutating func fit(_ x: Matrix, labels: [Int], classCount: Int, groups: [Int]?, outOfFold: Bool) throws -> Matrix? {
        guard !bases.isEmpty else { throw LearningError.invalidHyperParameter("Stacking needs at least one base model") }
        guard folds >= 2 else { throw LearningError.invalidHyperParameter("Stacking folds must be >= 2, got \(folds)") }
        _ = try FitInput.check(x, labels: labels, classCount: classCount)
        guard x.rows >= folds else {
            throw LearningError.invalidValue("Stacking: \(x.rows) rows cannot make \(folds) folds")
        }
        let groups = groups?.count == labels.count ? groups : nil
        let fold = try Self.foldIndex(labels: labels, classCount: classCount, folds: folds, seed: seed, groups: groups,
                                      assignment: foldAssignment)
        let bases = self.bases, folds = self.folds
        let width = Self.probabilityWidth(classCount)
        // Out-of-fold probabilities of job (fold f, base b) for the rows of fold f.
        let jobs: [Matrix] = try parallelMap(folds * bases.count) { job in
            let f = job / bases.count, b = job % bases.count
            let train = fold.indices.filter { fold[$0] != f }, test = fold.indices.filter { fold[$0] == f }
            var model = bases[b]
            try model.fit(x.selectingRows(train), labels: train.map { labels[$0] }, classCount: classCount,
                          groups: groups.map { g in train.map { g[$0] } })
            return model.predictProbabilities(x.selectingRows(test))
        }
        var metaX = Matrix(rows: x.rows, columns: width * bases.count + (passthrough ? x.columns : 0))
        for f in 0..<folds {
            let test = fold.indices.filter { fold[$0] == f }
            for b in 0..<bases.count {
                let p = jobs[f * bases.count + b]
                for (q, r) in test.enumerated() { Self.place(p, q, into: &metaX, r, base: b, classCount: classCount) }
            }
        }
        if passthrough { Self.appendFeatures(x, into: &metaX, after: width * bases.count) }
        let meta = self.meta, features = metaX
        // The meta-model cross-fitted on the same folds.
        let stackOutOfFold = outOfFold ? try outOfFoldProbabilities(.logistic(meta), features, labels: labels,
                                                                    classCount: classCount, fold: fold, folds: folds) : nil
        var fittedMeta = meta
        try fittedMeta.fit(metaX, labels: labels, classCount: classCount)
        let refitted: [AnyClassifier] = try parallelMap(bases.count) { b in
            var model = bases[b]
            try model.fit(x, labels: labels, classCount: classCount, groups: groups)
            return model
        }
        self.bases = refitted
        self.meta = fittedMeta
        self.classCount = classCount
        return stackOutOfFold
    }

    public func predictProbabilities(_ x: Matrix) -> Matrix {
        let width = Self.probabilityWidth(classCount)
        var metaX = Matrix(rows: x.rows, columns: width * bases.count + (passthrough ? x.columns : 0))
        let probabilities = parallelMapPure(bases.count) { b in bases[b].predictProbabilities(x) }
        for (b, p) in probabilities.enumerated() {
            for r in 0..<x.rows { Self.place(p, r, into: &metaX, r, base: b, classCount: classCount) }
        }
        if passthrough { Self.appendFeatures(x, into: &metaX, after: width * bases.count) }
        return meta.predictProbabilities(metaX)
    }

    /// Meta-feature columns per base: all class probabilities, or only P(class 1) for two classes.
    static func probabilityWidth(_ classCount: Int) -> Int { classCount == 2 ? 1 : classCount }

    private static func place(_ p: Matrix, _ source: Int, into metaX: inout Matrix, _ row: Int, base: Int, classCount: Int) {
        let width = probabilityWidth(classCount), skip = classCount - width
        for c in 0..<width { metaX[row, base * width + c] = p[source, c + skip] }
    }

    private static func appendFeatures(_ x: Matrix, into metaX: inout Matrix, after offset: Int) {
        for r in 0..<x.rows { for c in 0..<x.columns { metaX[r, offset + c] = x[r, c] } }
    }

    /// Each row's out-of-fold fold: stratified by group (`StratifiedGroupKFold`) when some group
    /// holds several rows, so a row and its augmented copies stay on one side; otherwise
    /// `stratifiedFolds`.
    static func foldIndex(labels: [Int], classCount: Int, folds: Int, seed: UInt64, groups: [Int]?,
                          assignment: FoldAssignment = .shuffled) throws -> [Int] {
        if let groups, groups.count == labels.count, Set(groups).count < groups.count {
            return try StratifiedGroupKFold(folds: folds, seed: seed).foldIndex(labels: labels, groups: groups.map(String.init))
        }
        return stratifiedFolds(labels: labels, classCount: classCount, folds: folds, seed: seed, assignment: assignment)
    }

    /// Fold number of every row, dealt as `assignment` says (default `.shuffled`).
    static func stratifiedFolds(labels: [Int], classCount: Int, folds: Int, seed: UInt64,
                                assignment: FoldAssignment = .shuffled) -> [Int] {
        var rng = SeededGenerator(seed: seed)
        var fold = [Int](repeating: 0, count: labels.count)
        var next = 0
        for cls in 0..<classCount {
            var members = labels.indices.filter { labels[$0] == cls }
            switch assignment {
            case .shuffled:
                members.shuffle(using: &rng)
                for r in members { fold[r] = next; next = (next + 1) % folds }
            case .contiguous:
                // The round-robin deal fixes how many rows of the class each fold gets; the rows
                // then fill the folds in order.
                var count = [Int](repeating: 0, count: folds)
                for _ in members { count[next] += 1; next = (next + 1) % folds }
                var f = 0, used = 0
                for r in members {
                    while used == count[f] { f += 1; used = 0 }
                    fold[r] = f
                    used += 1
                }
            }
        }
        return fold
    }
}
