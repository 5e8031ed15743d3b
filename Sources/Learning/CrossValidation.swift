import Foundation

/// One train/test split: indices into the dataset's rows.
public typealias Split = (train: [Int], test: [Int])

/// A way of splitting a dataset into train/test index sets, chosen at run time by the CLI.
/// `groups` gives each row's recording (see `Dataset.groups`); schemes that are not group-aware
/// ignore it.
public protocol SplitScheme: Sendable {
    func splits(labels: [Int], groups: [String]) throws -> [Split]
}

/// Stratified k-fold cross-validation, like scikit-learn's `StratifiedKFold(n_splits, shuffle=True)`
/// in spirit (not in its exact random assignment): each class's rows are shuffled with the
/// seeded generator and dealt round-robin to the folds, the dealing continuing from class to
/// class, so every fold holds `floor` or `ceil` of `n_c / k` rows of each class c and fold sizes
/// differ by at most one. Deterministic for a given seed.
public struct StratifiedKFold: SplitScheme, Equatable {
    public let folds: Int
    public let seed: UInt64

    /// - Parameters: folds: k >= 2 (scikit-learn default 5); seed: the shuffle's seed.
    public init(folds: Int = 5, seed: UInt64 = 0) throws {
        guard folds >= 2 else { throw LearningError.invalidHyperParameter("folds must be at least 2, got \(folds)") }
        self.folds = folds
        self.seed = seed
    }

    /// Each row's test fold, in `0..<folds`. Throws when there are fewer rows than folds.
    public func foldIndex(labels: [Int]) throws -> [Int] {
        guard labels.count >= folds else {
            throw LearningError.invalidHyperParameter("\(folds) folds need at least \(folds) rows, got \(labels.count)")
        }
        var rng = SeededGenerator(seed: seed)
        var fold = Array(repeating: 0, count: labels.count)
        var next = 0
        for members in rowsByClass(labels) {
            for i in shuffled(members, &rng) {
                fold[i] = next
                next = (next + 1) % folds
            }
        }
        return fold
    }

    /// The k splits; split f tests fold f and trains on the rest (indices ascending).
    public func splits(labels: [Int]) throws -> [Split] {
        splitsFromFolds(try foldIndex(labels: labels), folds: folds)
    }

    public func splits(labels: [Int], groups: [String]) throws -> [Split] { try splits(labels: labels) }
}

/// Stratified group k-fold, like scikit-learn's `StratifiedGroupKFold(shuffle=True)` in spirit:
/// all rows of a group (the segments of one recording) land in the same fold, and folds are
/// balanced per class as far as whole groups allow.
///
/// Algorithm: each group takes the most frequent label of its rows (ties: lowest class index).
/// Class by class, the groups are shuffled with the seeded generator, stably sorted by size
/// (largest first) and each is put into the fold that so far holds the fewest rows of that class
/// (ties: fewest rows overall, then lowest fold index).
public struct StratifiedGroupKFold: SplitScheme, Equatable {
    public let folds: Int
    public let seed: UInt64

    public init(folds: Int = 5, seed: UInt64 = 0) throws {
        guard folds >= 2 else { throw LearningError.invalidHyperParameter("folds must be at least 2, got \(folds)") }
        self.folds = folds
        self.seed = seed
    }

    /// Each row's test fold. Throws for mismatched sizes or fewer groups than folds.
    public func foldIndex(labels: [Int], groups: [String]) throws -> [Int] {
        let units = try GroupUnits(labels: labels, groups: groups)
        guard units.members.count >= folds else {
            throw LearningError.invalidHyperParameter("\(folds) folds need at least \(folds) groups (recordings), got \(units.members.count)")
        }
        var rng = SeededGenerator(seed: seed)
        let classCount = (labels.max() ?? -1) + 1
        var perClass = Array(repeating: Array(repeating: 0, count: classCount), count: folds)
        var total = Array(repeating: 0, count: folds)
        var fold = Array(repeating: 0, count: labels.count)
        for unitsOfClass in rowsByClass(units.labels) {
            let order = shuffled(unitsOfClass, &rng).enumerated()
                .sorted { (units.members[$0.element].count, -$0.offset) > (units.members[$1.element].count, -$1.offset) }
                .map(\.element)
            for u in order {
                let c = units.labels[u]
                var best = 0
                for f in 1..<folds where (perClass[f][c], total[f]) < (perClass[best][c], total[best]) { best = f }
                for i in units.members[u] { fold[i] = best }
                perClass[best][c] += units.members[u].count
                total[best] += units.members[u].count
            }
        }
        return fold
    }

    public func splits(labels: [Int], groups: [String]) throws -> [Split] {
        splitsFromFolds(try foldIndex(labels: labels, groups: groups), folds: folds)
    }
}

/// Repeated stratified hold-out, like scikit-learn's `StratifiedShuffleSplit(n_splits=repeats,
/// test_size=testFraction)`: each repeat independently puts `round(testFraction * n_c)` of each
/// class's units into the test set (at least one unit in test and one in training when the class
/// has two or more). With `groupAware` (default true) the units are whole groups (recordings),
/// labelled by their most frequent label, so segments of one recording never straddle.
public struct RepeatedHoldout: SplitScheme, Equatable {
    public let testFraction: Double
    public let repeats: Int
    public let seed: UInt64
    public let groupAware: Bool

    /// - Parameters: testFraction in (0, 1), default 0.2; repeats >= 1, default 10.
    public init(testFraction: Double = 0.2, repeats: Int = 10, seed: UInt64 = 0, groupAware: Bool = true) throws {
        guard testFraction > 0, testFraction < 1 else {
            throw LearningError.invalidHyperParameter("test fraction must be between 0 and 1 (exclusive), got \(testFraction)")
        }
        guard repeats >= 1 else { throw LearningError.invalidHyperParameter("repeats must be at least 1, got \(repeats)") }
        self.testFraction = testFraction
        self.repeats = repeats
        self.seed = seed
        self.groupAware = groupAware
    }

    /// Splits treating every row as its own unit (no groups).
    public func splits(labels: [Int]) throws -> [Split] {
        try splits(labels: labels, groups: labels.indices.map(String.init))
    }

    public func splits(labels: [Int], groups: [String]) throws -> [Split] {
        let units = try GroupUnits(labels: labels, groups: groupAware ? groups : labels.indices.map(String.init))
        guard units.members.count >= 2 else {
            throw LearningError.invalidHyperParameter("a hold-out split needs at least 2 groups, got \(units.members.count)")
        }
        let base = SeededGenerator(seed: seed)
        let byClass = rowsByClass(units.labels)
        return (0..<repeats).map { r in
            var rng = base.derived(r)
            var isTest = Array(repeating: false, count: labels.count)
            for unitsOfClass in byClass where !unitsOfClass.isEmpty {
                let n = unitsOfClass.count
                var take = Int((testFraction * Double(n)).rounded())
                if n >= 2 { take = min(max(take, 1), n - 1) }
                for u in shuffled(unitsOfClass, &rng).prefix(take) { for i in units.members[u] { isTest[i] = true } }
            }
            return (train: labels.indices.filter { !isTest[$0] }, test: labels.indices.filter { isTest[$0] })
        }
    }
}

// MARK: - Shared helpers

/// Rows grouped into units (one per distinct group name, in first-appearance order), each with
/// its most frequent label (ties: lowest class index).
struct GroupUnits {
    var members: [[Int]] = []
    var labels: [Int] = []

    init(labels rowLabels: [Int], groups: [String]) throws {
        guard rowLabels.count == groups.count else {
            throw LearningError.sizeMismatch("\(rowLabels.count) labels and \(groups.count) groups")
        }
        if let bad = rowLabels.first(where: { $0 < 0 }) { throw LearningError.invalidValue("negative label \(bad)") }
        var index: [String: Int] = [:]
        for (i, g) in groups.enumerated() {
            if let u = index[g] { members[u].append(i) } else { index[g] = members.count; members.append([i]) }
        }
        labels = members.map { rows in
            var counts: [Int: Int] = [:]
            for i in rows { counts[rowLabels[i], default: 0] += 1 }
            return counts.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key ?? 0
        }
    }
}

/// Indices of each class (label value) in ascending order; classes 0...max(label).
func rowsByClass(_ labels: [Int]) -> [[Int]] {
    var out = Array(repeating: [Int](), count: (labels.max() ?? -1) + 1)
    for (i, l) in labels.enumerated() where l >= 0 { out[l].append(i) }
    return out
}

/// Fisher-Yates shuffle driven by the seeded generator (never the system RNG).
func shuffled(_ values: [Int], _ rng: inout SeededGenerator) -> [Int] {
    var v = values
    if v.count < 2 { return v }
    for i in stride(from: v.count - 1, to: 0, by: -1) {
        let j = Int(rng.nextUnit() * Double(i + 1))
        v.swapAt(i, min(j, i))
    }
    return v
}

func splitsFromFolds(_ fold: [Int], folds: Int) -> [Split] {
    (0..<folds).map { f in
        (train: fold.indices.filter { fold[$0] != f }, test: fold.indices.filter { fold[$0] == f })
    }
}
