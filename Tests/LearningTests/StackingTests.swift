import Foundation
import Testing
@testable import Learning

@Test func stratifiedFoldsAreBalanced() {
    let labels = (0..<103).map { $0 % 7 == 0 ? 2 : ($0 % 2) }
    let fold = Stacking.stratifiedFolds(labels: labels, classCount: 3, folds: 5, seed: 4)
    let sizes = (0..<5).map { f in fold.filter { $0 == f }.count }
    #expect(sizes.max()! - sizes.min()! <= 1)
    for cls in 0..<3 {
        let perFold = (0..<5).map { f in labels.indices.filter { labels[$0] == cls && fold[$0] == f }.count }
        #expect(perFold.max()! - perFold.min()! <= 1, "class \(cls): \(perFold)")
    }
    #expect(fold == Stacking.stratifiedFolds(labels: labels, classCount: 3, folds: 5, seed: 4))
}

@Test func contiguousFoldsAreScikitLearnsUnshuffledStratifiedKFold() {
    // StratifiedKFold(3).split(zeros, labels) (shuffle=False), scikit-learn 1.9.1: each row's test fold.
    let labels = [0, 0, 1, 0, 1, 1, 2, 0, 2, 2, 0, 1, 1, 0, 2, 2, 2, 0, 1]
    let expected = [0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1, 1, 2, 2, 1, 2, 2, 2, 2]
    #expect(Stacking.stratifiedFolds(labels: labels, classCount: 3, folds: 3, seed: 9, assignment: .contiguous) == expected)
}

@Test func stackingDecodesModelFilesWrittenBeforeFoldAssignment() throws {
    var stack = Stacking(bases: [.logistic(LogisticRegression())], folds: 3, foldAssignment: .contiguous)
    try stack.fit(Fixture.x, labels: Fixture.y, classCount: 3)
    var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(stack)) as? [String: Any])
    #expect(object["foldAssignment"] as? String == "contiguous")
    object["foldAssignment"] = nil
    let old = try JSONDecoder().decode(Stacking.self, from: JSONSerialization.data(withJSONObject: object))
    #expect(old.foldAssignment == .shuffled && old.predictProbabilities(Fixture.queries) == stack.predictProbabilities(Fixture.queries))
}

@Test func stackingAtLeastAsAccurateAsItsWorstBase() throws {
    let (x, y) = Fixture.blobs(rows: 450, features: 6, classes: 3, spread: 1.2, seed: 21)
    let train = Array(0..<300), test = Array(300..<450)
    let (xTrain, yTrain, xTest, yTest) = (x.selectingRows(train), train.map { y[$0] }, x.selectingRows(test), test.map { y[$0] })
    let bases: [AnyClassifier] = [.knn(KNearestNeighbors(k: 1)), .forest(RandomForest(nEstimators: 40)),
                                  .logistic(LogisticRegression()), .qda(QDA())]
    var accuracies: [Double] = []
    for base in bases {
        var m = base
        try m.fit(xTrain, labels: yTrain, classCount: 3)
        accuracies.append(Fixture.accuracy(m.predict(xTest), yTest))
    }
    var stack = Stacking(bases: bases, seed: 3)
    try stack.fit(xTrain, labels: yTrain, classCount: 3)
    let p = stack.predictProbabilities(xTest)
    for r in 0..<p.rows { #expect(abs(p.row(r).reduce(0, +) - 1) < 1e-9) }
    let accuracy = Fixture.accuracy(stack.predict(xTest), yTest)
    #expect(accuracy >= accuracies.min()!, "stack \(accuracy), bases \(accuracies)")
    #expect(stack.meta.coefficients.columns == 4 * 3)
    // Serialised and restored, the stack predicts the same.
    let restored = try JSONDecoder().decode(AnyClassifier.self, from: JSONEncoder().encode(AnyClassifier.stacking(stack)))
    #expect(restored.predictProbabilities(xTest) == p)
}

@Test func stackingDropsTheRedundantColumnForTwoClasses() throws {
    let yb = Fixture.y.map { $0 == 2 ? 1 : 0 }
    var stack = Stacking(bases: [.logistic(LogisticRegression()), .knn(KNearestNeighbors())], folds: 3, passthrough: true)
    try stack.fit(Fixture.x, labels: yb, classCount: 2)
    #expect(stack.meta.coefficients.columns == 2 + 3)  // one probability per base, plus 3 features
    #expect(stack.predictProbabilities(Fixture.queries).rows == 4)
}

@Test func everyModelRoundTripsThroughJSON() throws {
    let models: [AnyClassifier] = [.logistic(LogisticRegression()), .qda(QDA()), .knn(KNearestNeighbors(weights: .distance)),
                                   .tree(DecisionTree()), .forest(RandomForest(nEstimators: 5)),
                                   .boosting(GradientBoosting(nRounds: 5)), .svm(SVM())]
    for model in models {
        var m = model
        try m.fit(Fixture.x, labels: Fixture.y, classCount: 3)
        let restored = try JSONDecoder().decode(AnyClassifier.self, from: JSONEncoder().encode(m))
        #expect(restored.predictProbabilities(Fixture.queries) == m.predictProbabilities(Fixture.queries), "\(model)")
        #expect(restored.featureCount == 3)
    }
}
