import Foundation
import Testing
@testable import Learning

/// A tiny test-only classifier: nearest class centroid (Euclidean), probabilities a softmax of
/// minus the distances. Enough to exercise cross-validation plumbing.
struct TestNearestCentroid: Classifier, Equatable {
    var centroids: [[Double]] = []

    mutating func fit(_ x: Matrix, labels: [Int], classCount: Int) throws {
        guard x.rows > 0 else { throw LearningError.emptyTrainingSet }
        guard x.rows == labels.count else { throw LearningError.sizeMismatch("rows/labels") }
        var sums = Array(repeating: Array(repeating: 0.0, count: x.columns), count: classCount)
        var counts = Array(repeating: 0, count: classCount)
        for r in 0..<x.rows {
            counts[labels[r]] += 1
            for c in 0..<x.columns { sums[labels[r]][c] += x[r, c] }
        }
        // An absent class gets an infinitely distant centroid.
        centroids = (0..<classCount).map { k in counts[k] == 0 ? Array(repeating: .infinity, count: x.columns) : sums[k].map { $0 / Double(counts[k]) } }
    }

    func predictProbabilities(_ x: Matrix) -> Matrix {
        var out = Matrix(rows: x.rows, columns: centroids.count)
        for r in 0..<x.rows {
            let d = centroids.map { c in zip(x.row(r), c).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot() }
            let m = d.min() ?? 0
            let e = d.map { $0.isFinite ? exp(-($0 - m)) : 0 }
            let s = e.reduce(0, +)
            for k in e.indices { out[r, k] = e[k] / s }
        }
        return out
    }
}

/// Three noisy classes in 2-D with unequal sizes (30, 20, 13) and groups of 3 rows.
private func toyData(seed: UInt64 = 7) -> (x: Matrix, labels: [Int], groups: [String]) {
    var rng = SeededGenerator(seed: seed)
    var rows: [[Double]] = [], labels: [Int] = [], groups: [String] = []
    let sizes = [30, 20, 13], centres: [[Double]] = [[0, 0], [3, 0], [0, 3]]
    for (k, n) in sizes.enumerated() {
        for i in 0..<n {
            rows.append([centres[k][0] + 2 * rng.nextUnit() - 1, centres[k][1] + 2 * rng.nextUnit() - 1])
            labels.append(k)
            groups.append("c\(k)-g\(i / 3)")
        }
    }
    return (Matrix(rows), labels, groups)
}

@Test func stratifiedKFoldCoversEverySampleOnceWithBalancedClasses() throws {
    let (_, labels, _) = toyData()
    let kfold = try StratifiedKFold(folds: 5, seed: 1)
    let splits = try kfold.splits(labels: labels)
    #expect(splits.count == 5)
    var seen = Array(repeating: 0, count: labels.count)
    for s in splits {
        for i in s.test { seen[i] += 1 }
        #expect(Set(s.train).isDisjoint(with: s.test))
        #expect(s.train.count + s.test.count == labels.count)
        // Per class: floor or ceil of n_c / 5 (30 -> 6, 20 -> 4, 13 -> 2 or 3).
        let perClass = (0..<3).map { k in s.test.filter { labels[$0] == k }.count }
        #expect(perClass[0] == 6 && perClass[1] == 4 && (2...3).contains(perClass[2]))
        #expect((12...13).contains(s.test.count))
    }
    #expect(seen.allSatisfy { $0 == 1 })
    #expect(try kfold.foldIndex(labels: labels) == (try StratifiedKFold(folds: 5, seed: 1).foldIndex(labels: labels)))
    #expect(try kfold.foldIndex(labels: labels) != (try StratifiedKFold(folds: 5, seed: 2).foldIndex(labels: labels)))
    #expect(throws: LearningError.self) { try StratifiedKFold(folds: 1) }
    #expect(throws: LearningError.self) { try StratifiedKFold(folds: 5).splits(labels: [0, 1, 0]) }
}

@Test func groupKFoldNeverSplitsAGroupAndStaysBalanced() throws {
    let (_, labels, groups) = toyData()
    let scheme = try StratifiedGroupKFold(folds: 4, seed: 3)
    let fold = try scheme.foldIndex(labels: labels, groups: groups)
    var foldOfGroup: [String: Int] = [:]
    for (g, f) in zip(groups, fold) {
        #expect(foldOfGroup[g, default: f] == f, "group \(g) straddles folds")
        foldOfGroup[g] = f
    }
    // Class 0 has 10 groups of 3 rows: 4 folds get 3/3/2/2 groups, i.e. 6..9 rows each.
    for f in 0..<4 {
        let rows0 = labels.indices.filter { fold[$0] == f && labels[$0] == 0 }.count
        #expect((6...9).contains(rows0))
    }
    let splits = try scheme.splits(labels: labels, groups: groups)
    #expect(splits.flatMap(\.test).sorted() == Array(labels.indices))
    #expect(try scheme.foldIndex(labels: labels, groups: groups) == fold)
    #expect(try StratifiedGroupKFold(folds: 4, seed: 4).foldIndex(labels: labels, groups: groups) != fold)
    #expect(throws: LearningError.self) { try scheme.foldIndex(labels: [0, 1, 0], groups: ["a", "a", "b"]) }
}

@Test func repeatedHoldoutIsStratifiedAndGroupAware() throws {
    let (_, labels, groups) = toyData()
    let holdout = try RepeatedHoldout(testFraction: 0.25, repeats: 4, seed: 9)
    let plain = try holdout.splits(labels: labels)
    #expect(plain.count == 4)
    for s in plain {
        // round(0.25 * 30) = 8, round(0.25 * 20) = 5, round(0.25 * 13) = 3.
        #expect((0..<3).map { k in s.test.filter { labels[$0] == k }.count } == [8, 5, 3])
        #expect(Set(s.train).union(s.test).count == labels.count && s.train.count + s.test.count == labels.count)
    }
    #expect(plain[0].test != plain[1].test)
    #expect(try holdout.splits(labels: labels).map(\.test) == plain.map(\.test))
    let grouped = try holdout.splits(labels: labels, groups: groups)
    for s in grouped {
        let testGroups = Set(s.test.map { groups[$0] }), trainGroups = Set(s.train.map { groups[$0] })
        #expect(testGroups.isDisjoint(with: trainGroups))
    }
    #expect(throws: LearningError.self) { try RepeatedHoldout(testFraction: 1.0) }
    #expect(throws: LearningError.self) { try RepeatedHoldout(repeats: 0) }
}

@Test func crossValidateMatchesASequentialRun() throws {
    let (x, labels, _) = toyData()
    let splits = try StratifiedKFold(folds: 5, seed: 11).splits(labels: labels)
    let result = try crossValidate({ TestNearestCentroid() }, x: x, labels: labels, classCount: 3, splits: splits)
    #expect(result.folds.count == 5)
    // Naive reference: fit and score each fold one after another.
    var pooled = Array(repeating: -1, count: labels.count)
    for (f, s) in splits.enumerated() {
        var model = TestNearestCentroid()
        try model.fit(x.selectingRows(s.train), labels: s.train.map { labels[$0] }, classCount: 3)
        let predicted = model.predict(x.selectingRows(s.test))
        let hits = zip(predicted, s.test).filter { $0 == labels[$1] }.count
        #expect(result.foldAccuracies[f] == Double(hits) / Double(s.test.count))
        let trainHits = zip(model.predict(x.selectingRows(s.train)), s.train).filter { $0 == labels[$1] }.count
        #expect(result.trainAccuracies[f] == Double(trainHits) / Double(s.train.count))
        for (i, p) in zip(s.test, predicted) { pooled[i] = p }
        #expect(result.folds[f].testProbabilities == model.predictProbabilities(x.selectingRows(s.test)))
    }
    var outOfFold = Array(repeating: -1, count: labels.count)
    for (i, p) in zip(result.pooledIndices, result.pooledPredictions) { outOfFold[i] = p }
    #expect(outOfFold == pooled)
    #expect(result.pooledTruth == result.pooledIndices.map { labels[$0] })
    #expect(result.meanAccuracy > 0.8)
    #expect(result.testFoldOfSample == (try StratifiedKFold(folds: 5, seed: 11).foldIndex(labels: labels)))
    let accs = result.foldAccuracies
    let m = accs.reduce(0, +) / 5
    #expect(abs(result.stdAccuracy - (accs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 5).squareRoot()) < 1e-15)
}

@Test func crossValidateReportsBadInputAndModelErrors() throws {
    let (x, labels, _) = toyData()
    #expect(throws: LearningError.self) {
        try crossValidate({ TestNearestCentroid() }, x: x, labels: labels, classCount: 2, splits: [(train: [0], test: [1])])
    }
    #expect(throws: LearningError.self) {
        try crossValidate({ TestNearestCentroid() }, x: x, labels: labels, classCount: 3, splits: [(train: [0], test: [999])])
    }
    #expect(throws: LearningError.self) {
        try crossValidate({ TestNearestCentroid() }, x: x, labels: labels, classCount: 3, splits: [(train: [], test: [1])])
    }
    #expect(throws: LearningError.self) {
        try crossValidate({ TestNearestCentroid() }, x: x, labels: labels, classCount: 3, splits: [])
    }
}

@Test func gridSearchRanksCandidatesOnTheSameSplits() throws {
    let (x, labels, _) = toyData()
    let splits = try StratifiedKFold(folds: 3, seed: 5).splits(labels: labels)
    // Candidate "shuffled" fits a scaled copy that destroys the signal: worse than "plain".
    let rows = try gridSearch([
        (label: "noise", make: { @Sendable in Pipeline(transforms: [.logVariance(LogVarianceTransform(columns: [0, 1]))], classifier: TestNearestCentroid()) }),
        (label: "plain", make: { @Sendable in Pipeline(transforms: [], classifier: TestNearestCentroid()) }),
    ], x: x, labels: labels, classCount: 3, splits: splits)
    #expect(rows.map(\.label) == ["plain", "noise"])
    let direct = try crossValidate({ TestNearestCentroid() }, x: x, labels: labels, classCount: 3, splits: splits)
    #expect(rows[0].meanAccuracy == direct.meanAccuracy && rows[0].foldAccuracies == direct.foldAccuracies)
    #expect(rows[1].meanAccuracy < rows[0].meanAccuracy)
}

@Test func groupFoldsOnTheGTZANSegmentTable() throws {
    guard SelectionTestData.gtzanAvailable else { print(SelectionTestData.skip); return }
    let d = try Dataset.loadCSV(SelectionTestData.gtzan.appendingPathComponent("features_3_sec_classical_jazz_rock.csv"))
    let groups = d.groups
    let splits = try StratifiedGroupKFold(folds: 5, seed: 42).splits(labels: d.labels, groups: groups)
    for s in splits {
        #expect(Set(s.train.map { groups[$0] }).isDisjoint(with: s.test.map { groups[$0] }))
        // 100 recordings per class, 5 folds: 20 recordings (about 200 segments) per class per fold.
        for k in 0..<3 { #expect(Set(s.test.filter { d.labels[$0] == k }.map { groups[$0] }).count == 20) }
    }
    let make: @Sendable () -> Pipeline<TestNearestCentroid> = {
        Pipeline(transforms: [.logVariance(LogVarianceTransform(featureNames: d.featureNames)), .standardScaler(StandardScaler())],
                 classifier: TestNearestCentroid())
    }
    let result = try crossValidate(make, x: d.x, labels: d.labels, classCount: 3, splits: splits)
    // Nearest centroid separates classical / jazz / rock far better than chance (1/3).
    #expect(result.meanAccuracy > 0.6)
    #expect(result.testFoldOfSample != nil)
}
