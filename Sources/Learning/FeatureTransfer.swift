import Foundation

/// How feature rows move when their recordings pass through recording chains (band-limiting,
/// hiss, MP3, low sample rates, hum, clipping, wow, resampling), learnt from pairs of clean and
/// degraded recordings. The `augment` of `ChainAugmentation` uses it to make degraded copies of
/// training rows whose audio we do not have.
///
/// Space: each feature is mapped to u = t(x) / scale, where t is log(max(x, 0) + 1e-12) for the
/// `logColumns` (the variances, which chains scale multiplicatively) and the identity for the
/// others. A condition moves u to u + intercept + coefficients·u + r, where r is one of the
/// condition's residual rows (what the linear part did not explain for one source recording),
/// drawn at random, so the copies keep the spread and the correlations that real recordings
/// showed. Derived by bench/chains/transfer.py (ridge regression of the change on the clean
/// features, one condition at a time).
public struct FeatureTransfer: Sendable, Codable, Equatable {
    /// One recording chain.
    public struct Condition: Sendable, Codable, Equatable {
        public var name: String
        /// Relative frequency of this condition among augmented copies; default 1.
        public var weight: Double
        /// d values.
        public var intercept: [Double]
        /// d × d, row-major: change of output feature i per unit of input feature j at [i·d + j].
        public var coefficients: [Double]
        /// Residual rows, each of d values.
        public var residuals: [[Double]]
    }

    public var featureNames: [String]
    /// Names of the columns that are log-transformed before scaling.
    public var logColumns: [String]
    /// Per-feature scale (the feature's std over the training table in the log space).
    public var scale: [Double]
    public var conditions: [Condition]
    /// Where the table came from (script, recordings), for the record.
    public var source: String
    /// The directions along which format copies (resamplers, the top-band roll-off) moved the
    /// features, for `NuisanceProjection`; nil in tables from before it.
    public var formatBasis: NuisanceBasis? = nil

    enum CodingKeys: String, CodingKey {
        case featureNames = "feature_names", logColumns = "log_columns", scale, conditions, source
        case formatBasis = "format_basis"
    }

    /// Checks the table's shapes; throws `LearningError.invalidValue` naming the first problem.
    public func validate() throws {
        let d = featureNames.count
        guard scale.count == d, scale.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw LearningError.invalidValue("feature transfer: \(scale.count) scales for \(d) features, or a scale not positive")
        }
        for c in conditions {
            guard c.intercept.count == d, c.coefficients.count == d * d, !c.residuals.isEmpty,
                  c.residuals.allSatisfy({ $0.count == d }), c.weight >= 0,
                  (c.intercept + c.coefficients + c.residuals.joined()).allSatisfy(\.isFinite) else {
                throw LearningError.invalidValue("feature transfer: condition '\(c.name)' has the wrong shape or non-finite values")
            }
        }
        try formatBasis?.validate()
    }

    /// Reads a table from JSON and validates it.
    public static func load(_ url: URL) throws -> FeatureTransfer {
        let table = try JSONDecoder().decode(FeatureTransfer.self, from: Data(contentsOf: url))
        try table.validate()
        return table
    }

    /// `row` (d raw feature values) as it would come out of `condition`, with residual row
    /// `residual`. Variance columns stay non-negative by construction (exp of the log).
    public func apply(_ condition: Condition, to row: ArraySlice<Double>, residual: Int) -> [Double] {
        let d = featureNames.count
        let logged = logMask
        var u = [Double](repeating: 0, count: d)
        for (j, x) in row.enumerated() {
            u[j] = (logged[j] ? Foundation.log(Swift.max(x, 0) + 1e-12) : x) / scale[j]
        }
        let r = condition.residuals[residual]
        var out = [Double](repeating: 0, count: d)
        for i in 0..<d {
            var v = u[i] + condition.intercept[i] + r[i]
            let base = i * d
            for j in 0..<d { v += condition.coefficients[base + j] * u[j] }
            let t = v * scale[i]
            // Clamp the exponent so an extreme extrapolation cannot overflow to infinity.
            out[i] = logged[i] ? Foundation.exp(Swift.min(t, 700)) : t
        }
        return out
    }

    var logMask: [Bool] {
        let set = Set(logColumns)
        return featureNames.map { set.contains($0) }
    }
}

/// Training-set augmentation with degraded copies of every row (a transform of the data, not of
/// the model, as scikit-learn-style resampling steps are): each row gets `copies` copies, each
/// through a condition of `transfer` drawn by weight, with a random residual. Copies keep their
/// source row's label and group, so cross-validation and stacking keep a recording and its
/// copies on one side. With `gainDecibels` > 0 every row, originals and copies, is played at a random gain, drawn
/// uniformly within ±`gainDecibels` dB, through `LevelNormalization.applyingGain` (the exact
/// formulas of the level-dependent columns), so a model learns that a few dB of level say
/// nothing about the music while large level differences still can.
public struct ChainAugmentation: Sendable, Codable, Equatable {
    public var transfer: FeatureTransfer
    /// Degraded copies per row; default 1.
    public var copies: Int
    /// Seed of the condition and residual draws; default 0.
    public var seed: UInt64
    /// Half-width in dB of the copies' random gain; default 0 (no gain change).
    public var gainDecibels: Double

    public init(transfer: FeatureTransfer, copies: Int = 1, seed: UInt64 = 0, gainDecibels: Double = 0) {
        self.transfer = transfer
        self.copies = copies
        self.seed = seed
        self.gainDecibels = gainDecibels
    }

    /// The rows of `x` followed by their copies (copy k of row i at row (k + 1)·n + i), the
    /// labels alike, and each output row's source row index (a group id).
    /// - Precondition: `x.columns == transfer.featureNames.count`.
    public func augment(_ x: Matrix, labels: [Int]) -> (x: Matrix, labels: [Int], source: [Int]) {
        let n = x.rows, d = x.columns
        precondition(d == transfer.featureNames.count, "ChainAugmentation: \(d) columns for a \(transfer.featureNames.count)-feature transfer")
        let conditions = transfer.conditions.filter { $0.weight > 0 }
        guard copies > 0, !conditions.isEmpty, n > 0 else { return (x, labels, Array(0..<n)) }
        let total = conditions.reduce(0) { $0 + $1.weight }
        var rng = SeededGenerator(seed: seed)
        let level = LevelNormalization(featureNames: transfer.featureNames)
        var out = Matrix(rows: n * (copies + 1), columns: d)
        // The originals too are played at a random gain (their own generator, so the copies'
        // draws do not depend on it): no row is ever seen at its recorded level, so a model
        // cannot memorise a training recording's exact level.
        var originalGains = SeededGenerator(seed: seed ^ 0x9E37_79B9_7F4A_7C15)
        for i in 0..<n {
            let row = gainDecibels > 0 ? level.applyingGain((2 * originalGains.nextUnit() - 1) * gainDecibels, to: Array(x.row(i))) : Array(x.row(i))
            for j in 0..<d { out[i, j] = row[j] }
        }
        for k in 0..<copies {
            for i in 0..<n {
                var pick = rng.nextUnit() * total
                var chosen = conditions[conditions.count - 1]
                for c in conditions {
                    if pick < c.weight { chosen = c; break }
                    pick -= c.weight
                }
                let residual = Int(rng.next() % UInt64(chosen.residuals.count))
                var row = transfer.apply(chosen, to: x.row(i), residual: residual)
                if gainDecibels > 0 { row = level.applyingGain((2 * rng.nextUnit() - 1) * gainDecibels, to: row) }
                let r = (k + 1) * n + i
                for j in 0..<d { out[r, j] = row[j] }
            }
        }
        let source = (0...copies).flatMap { _ in 0..<n }
        let allLabels = (0...copies).flatMap { _ in labels }
        return (out, allLabels, source)
    }
}

/// A classifier trained on augmented data: `fit` adds `augmentation`'s degraded copies to the
/// training rows and fits `inner` on all of them, telling it which rows share a source (so a
/// stack's internal folds keep them together); prediction is `inner`'s. Without an augmentation
/// it is `inner` itself.
public struct Augmented<C: Classifier>: Classifier {
    public var augmentation: ChainAugmentation?
    public var inner: C

    public init(_ inner: C, augmentation: ChainAugmentation?) {
        self.inner = inner
        self.augmentation = augmentation
    }

    public mutating func fit(_ x: Matrix, labels: [Int], classCount: Int) throws {
        try fit(x, labels: labels, classCount: classCount, groups: nil)
    }

    public mutating func fit(_ x: Matrix, labels: [Int], classCount: Int, groups: [Int]?) throws {
        guard let augmentation else {
            try inner.fit(x, labels: labels, classCount: classCount, groups: groups)
            return
        }
        guard x.columns == augmentation.transfer.featureNames.count else {
            throw LearningError.sizeMismatch("augmentation: \(x.columns) feature columns, the transfer table has \(augmentation.transfer.featureNames.count)")
        }
        let (ax, al, source) = augmentation.augment(x, labels: labels)
        try inner.fit(ax, labels: al, classCount: classCount, groups: source.map { groups?[$0] ?? $0 })
    }

    public func predictProbabilities(_ x: Matrix) -> Matrix { inner.predictProbabilities(x) }
}
