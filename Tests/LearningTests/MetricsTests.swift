import Foundation
import Testing
@testable import Learning

// truth / predicted with an absent class 4 and a never-correct class 3 (zero-division cases).
private let truth = [0, 0, 1, 1, 2, 2, 2, 3]
private let predicted = [0, 1, 1, 1, 2, 0, 2, 1]

private func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 }

@Test func accuracyAndConfusionMatrixMatchScikitLearn() {
    #expect(Metrics.accuracy(truth: truth, predicted: predicted) == 5.0 / 8.0)
    #expect(Metrics.accuracy(truth: [], predicted: []) == 0)
    // sklearn.metrics.confusion_matrix(truth, predicted, labels=[0, 1, 2, 3, 4])
    #expect(Metrics.confusionMatrix(truth: truth, predicted: predicted, classCount: 5) == [
        [1, 1, 0, 0, 0],
        [0, 2, 0, 0, 0],
        [1, 0, 2, 0, 0],
        [0, 1, 0, 0, 0],
        [0, 0, 0, 0, 0],
    ])
}

@Test func precisionRecallF1MatchScikitLearn() {
    // precision_recall_fscore_support(truth, predicted, labels=[0..4], zero_division=0)
    let s = Metrics.perClassScores(truth: truth, predicted: predicted, classCount: 5)
    let precision = [0.5, 0.5, 1.0, 0.0, 0.0]
    let recall = [0.5, 1.0, 0.6666666666666666, 0.0, 0.0]
    let f1 = [0.5, 0.6666666666666666, 0.8, 0.0, 0.0]
    #expect(zip(s.map(\.precision), precision).allSatisfy(close))
    #expect(zip(s.map(\.recall), recall).allSatisfy(close))
    #expect(zip(s.map(\.f1), f1).allSatisfy(close))
    #expect(s.map(\.support) == [2, 2, 3, 1, 0])
    // average='macro': (0.4, 0.4333333333333333, 0.3933333333333333)
    let macro = Metrics.macroAverage(s)
    #expect(close(macro.precision, 0.4) && close(macro.recall, 0.4333333333333333) && close(macro.f1, 0.3933333333333333))
    #expect(macro.support == 8)
}

@Test func logLossMatchesScikitLearnIncludingClipping() {
    // log_loss([0, 1, 2, 0], P, labels=[0, 1, 2]) = 9.384940654061063 (row 4 gives p = 0 -> clipped to eps).
    let p = Matrix([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.0, 1.0, 0.0]])
    #expect(abs(Metrics.logLoss(truth: [0, 1, 2, 0], probabilities: p) - 9.384940654061063) < 1e-12)
    #expect(Metrics.logLoss(truth: [0], probabilities: Matrix([[1.0, 0]])) < 1e-15)
}

@Test func evaluationReportEncodesTheDocumentedJSON() throws {
    // Two folds over four rows, hand-made so every number is known.
    let result = CrossValidationResult(
        folds: [
            FoldResult(train: [2, 3], test: [0, 1], testPredictions: [0, 1], testProbabilities: Matrix([[1, 0], [0, 1]]),
                       testAccuracy: 1.0, trainAccuracy: 1.0),
            FoldResult(train: [0, 1], test: [2, 3], testPredictions: [0, 0], testProbabilities: Matrix([[1, 0], [1, 0]]),
                       testAccuracy: 0.5, trainAccuracy: 0.5),
        ],
        sampleCount: 4, classCount: 2, labelOfRow: [0, 1, 0, 1])
    let report = EvaluationReport(result: result, classes: ["jazz", "rock"], names: ["a.wav", "b.wav", "c.wav", "d.wav"])
    #expect(report.meanAccuracy == 0.75 && report.stdAccuracy == 0.25 && report.trainAccuracyMean == 0.75)
    #expect(report.confusion.matrix == [[2, 0], [1, 1]])
    #expect(report.folds == ["a.wav": 0, "b.wav": 0, "c.wav": 1, "d.wav": 1])
    // jazz: P = 2/3, R = 1, F1 = 0.8; rock: P = 1, R = 0.5, F1 = 2/3.
    #expect(report.perClass["jazz"] == ClassScores(precision: 2.0 / 3.0, recall: 1, f1: 0.8, support: 2))
    #expect(report.perClass["rock"]?.recall == 0.5)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json = try #require(String(data: try encoder.encode(report), encoding: .utf8))
    for key in ["\"mean_accuracy\":0.75", "\"std_accuracy\":0.25", "\"fold_accuracies\":[1,0.5]", "\"train_accuracy_mean\":0.75",
                "\"per_class\":{\"jazz\":{\"f1\":0.8,", "\"macro\":{", "\"confusion\":{\"classes\":[\"jazz\",\"rock\"],\"matrix\":[[2,0],[1,1]]}",
                "\"folds\":{\"a.wav\":0,"] {
        #expect(json.contains(key), "missing \(key) in \(json)")
    }
    #expect(try JSONDecoder().decode(EvaluationReport.self, from: Data(json.utf8)) == report)
    // Repeated hold-out: row 0 tested twice, so there is no per-file fold.
    var twice = result
    twice.folds[1].test = [0, 3]
    #expect(EvaluationReport(result: twice, classes: ["jazz", "rock"], names: ["a", "b", "c", "d"]).folds == nil)
}
