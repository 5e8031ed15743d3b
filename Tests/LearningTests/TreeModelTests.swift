import Foundation
import Testing
@testable import Learning

@Test func decisionTreeSeparatesAxisAlignedClassesExactly() throws {
    // Class = which side of x0 = 0.5 and x1 = 0.5: a depth-2 tree with the thresholds halfway
    // between the nearest training values (0.4 and 0.6) classifies everything.
    var rows: [[Double]] = [], labels: [Int] = []
    for a in stride(from: 0.0, through: 1.0, by: 0.2) { for b in stride(from: 0.0, through: 1.0, by: 0.2) {
        rows.append([a, b, 0.3]); labels.append((a > 0.5 ? 1 : 0) + (b > 0.5 ? 2 : 0))
    } }
    var tree = DecisionTree()
    try tree.fit(Matrix(rows), labels: labels, classCount: 4)
    #expect(tree.predict(Matrix(rows)) == labels)
    #expect(tree.nodes.nodeCount == 7)
    let thresholds = zip(tree.nodes.feature, tree.nodes.threshold).filter { $0.0 >= 0 }.map(\.1)
    #expect(thresholds.allSatisfy { abs($0 - 0.5) < 1e-12 })
    #expect(!tree.nodes.feature.contains(2))  // the constant feature is never used
    var shallow = DecisionTree(maxDepth: 1)
    try shallow.fit(Matrix(rows), labels: labels, classCount: 4)
    #expect(shallow.nodes.nodeCount == 3)
}

@Test func randomForestAccurateAndDeterministic() throws {
    let (x, y) = Fixture.blobs(rows: 600, features: 8, classes: 3, spread: 2.0, seed: 11)
    let train = Array(0..<400), test = Array(400..<600)
    var forest = RandomForest(nEstimators: 60, seed: 5)
    try forest.fit(x.selectingRows(train), labels: train.map { y[$0] }, classCount: 3)
    let p = forest.predictProbabilities(x.selectingRows(test))
    for r in 0..<p.rows { #expect(abs(p.row(r).reduce(0, +) - 1) < 1e-9) }
    let accuracy = Fixture.accuracy(forest.predict(x.selectingRows(test)), test.map { y[$0] })
    #expect(accuracy > 0.9, "held-out accuracy \(accuracy)")
    var again = RandomForest(nEstimators: 60, seed: 5)
    try again.fit(x.selectingRows(train), labels: train.map { y[$0] }, classCount: 3)
    #expect(again.trees == forest.trees)
    var other = RandomForest(nEstimators: 60, seed: 6)
    try other.fit(x.selectingRows(train), labels: train.map { y[$0] }, classCount: 3)
    #expect(other.trees != forest.trees)
}

@Test func decisionTreeHonoursMinSamplesLeaf() throws {
    let (x, y) = Fixture.blobs(rows: 200, features: 4, classes: 3, spread: 1.0, seed: 2)
    var tree = DecisionTree(minSamplesLeaf: 7, maxFeatures: .sqrt, seed: 1)
    try tree.fit(x, labels: y, classCount: 3)
    var perLeaf: [Int: Int] = [:]
    for r in 0..<x.rows { perLeaf[tree.nodes.leaf(for: x.row(r)), default: 0] += 1 }
    #expect(perLeaf.values.allSatisfy { $0 >= 7 })
    #expect(perLeaf.count > 3)
}

@Test(.enabled(if: GTZANFeatures.table != nil, "../shared/gtzan is absent: GTZAN check skipped"))
func modelsLearnGenresFromPublishedGTZANFeatures() throws {
    // Ten genres: chance is 0.1; scikit-learn reaches about 0.67 (LR) and 0.70 (RF) on this split.
    guard let s = GTZANFeatures.split() else { return }
    let models: [(String, AnyClassifier, Double)] = [
        ("logistic", .logistic(LogisticRegression()), 0.6), ("forest", .forest(RandomForest(nEstimators: 100)), 0.6),
        ("svm", .svm(SVM()), 0.6), ("boosting", .boosting(GradientBoosting(nRounds: 30)), 0.55),
    ]
    for (name, model, floor) in models {
        var m = model
        try m.fit(s.train, labels: s.trainLabels, classCount: 10)
        let accuracy = Fixture.accuracy(m.predict(s.test), s.testLabels)
        #expect(accuracy > floor, "\(name): held-out accuracy \(accuracy)")
    }
}
