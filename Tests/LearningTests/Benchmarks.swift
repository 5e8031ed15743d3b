import Foundation
import Testing
@testable import Learning

/// Timings on the GTZAN feature table; run with LEARNING_BENCH=1 (skipped otherwise: slow in CI).
@Test(.enabled(if: ProcessInfo.processInfo.environment["LEARNING_BENCH"] != nil && GTZANFeatures.table != nil))
func benchmarkModelsOnGTZAN() throws {
    guard let s = GTZANFeatures.split() else { return }
    let only = ProcessInfo.processInfo.environment["LEARNING_BENCH"] ?? ""
    func time(_ name: String, _ model: AnyClassifier) throws {
        if only != "1" && !only.split(separator: ",").contains(Substring(name)) { return }
        var m = model
        let start = Date(), cpuStart = cpuSeconds()
        try m.fit(s.train, labels: s.trainLabels, classCount: 10)
        let fitTime = Date().timeIntervalSince(start), cpu = cpuSeconds() - cpuStart
        print("BENCH \(name): cpu \(String(format: "%.3f", cpu)) s")
        if case .boosting(let gb) = m { print("BENCH nodes", gb.trees.map(\.nodeCount).reduce(0, +)) }
        let accuracy = Fixture.accuracy(m.predict(s.test), s.testLabels)
        if case .logistic(let lr) = m { print("LR iterations", lr.iterationsUsed) }
        print("BENCH \(name): fit \(String(format: "%.3f", fitTime)) s, held-out accuracy \(accuracy)")
    }
    try time("lr", .logistic(LogisticRegression()))
    try time("qda", .qda(QDA(regParam: 0.5)))
    try time("knn", .knn(KNearestNeighbors()))
    try time("rf", .forest(RandomForest()))
    try time("gb", .boosting(GradientBoosting()))
    try time("svm", .svm(SVM()))
}

/// The project's stack on GTZAN; LEARNING_BENCH=stack (or 1).
@Test(.enabled(if: ProcessInfo.processInfo.environment["LEARNING_BENCH"] != nil && GTZANFeatures.table != nil))
func benchmarkStackOnGTZAN() throws {
    let only = ProcessInfo.processInfo.environment["LEARNING_BENCH"] ?? ""
    guard only == "1" || only.contains("stack"), let s = GTZANFeatures.split() else { return }
    var stack = Stacking(bases: [.forest(RandomForest()), .boosting(GradientBoosting()), .svm(SVM()),
                                 .logistic(LogisticRegression()), .knn(KNearestNeighbors()), .qda(QDA(regParam: 0.5))])
    let start = Date(), cpuStart = cpuSeconds()
    defer { print("BENCH stack cpu \(cpuSeconds() - cpuStart) s") }
    try stack.fit(s.train, labels: s.trainLabels, classCount: 10)
    let fitTime = Date().timeIntervalSince(start)
    print("BENCH stack: fit \(String(format: "%.3f", fitTime)) s, held-out accuracy \(Fixture.accuracy(stack.predict(s.test), s.testLabels))")
    let encoded = try JSONEncoder().encode(AnyClassifier.stacking(stack))
    print("BENCH stack JSON \(encoded.count / 1_000_000) MB")
}

/// CPU seconds used by this process so far (all threads).
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
}

/// 10-fold cross-validation of the project's stack on all 1000 clips; LEARNING_BENCH=cv.
@Test(.enabled(if: ProcessInfo.processInfo.environment["LEARNING_BENCH"] == "cv" && GTZANFeatures.table != nil))
func benchmarkStackCrossValidation() throws {
    guard let (x, y) = GTZANFeatures.table else { return }
    let fold = Stacking.stratifiedFolds(labels: y, classCount: 10, folds: 10, seed: 0)
    let start = Date(), cpuStart = cpuSeconds()
    var correct = 0
    for f in 0..<10 {
        let train = fold.indices.filter { fold[$0] != f }, test = fold.indices.filter { fold[$0] == f }
        var stack = Stacking(bases: [.forest(RandomForest()), .boosting(GradientBoosting()), .svm(SVM()),
                                     .logistic(LogisticRegression()), .knn(KNearestNeighbors()), .qda(QDA(regParam: 0.5))])
        try stack.fit(x.selectingRows(train), labels: train.map { y[$0] }, classCount: 10)
        correct += zip(stack.predict(x.selectingRows(test)), test.map { y[$0] }).filter { $0 == $1 }.count
    }
    print("BENCH cv: wall \(Date().timeIntervalSince(start)) s, cpu \(cpuSeconds() - cpuStart) s, accuracy \(Double(correct) / 1000)")
}
