import Foundation
import Testing
@testable import Learning

private func close(_ a: [Double], _ b: [Double], _ tol: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tol * max(1, abs($1)) }
}

@Test func standardScalerMatchesScikitLearn() throws {
    // Column 2 is constant (scale 1), column 3 has a large mean (stability of the variance).
    let x = Matrix([[1, 10, 5, 1e6], [2, 20, 5, 1e6 + 1], [4, 15, 5, 1e6 + 5], [7, -5, 5, 1e6 - 2]])
    var s = StandardScaler()
    try s.fit(x)
    // sklearn.preprocessing.StandardScaler().fit(x): mean_, scale_, transform([[3, 0, 6, 1e6]]).
    #expect(close(s.mean, [3.5, 10, 5, 1000001]))
    #expect(close(s.scale, [2.29128784747792, 9.354143466934854, 1.0, 2.5495097567963922]))
    let z = s.transform(Matrix([[3, 0, 6, 1e6]]))
    #expect(close(z.values, [-0.2182178902359924, -1.0690449676496976, 1.0, -0.3922322702763681]))
    var empty = StandardScaler()
    #expect(throws: LearningError.emptyTrainingSet) { try empty.fit(Matrix(rows: 0, columns: 3)) }
    #expect(throws: LearningError.self) { try empty.fit(Matrix([[1, .nan]])) }
}

@Test func logVarianceTransformsOnlyVarianceColumns() throws {
    var t = LogVarianceTransform(featureNames: ["a_mean", "a_var", "b_mean", "b_var"])
    #expect(t.columns == [1, 3])
    // Column 1: positive values 1, 4, 9 -> median 4, c = 4e-6. Column 3: 2, 3, 4, 5 -> median 3.5, c = 3.5e-6.
    let x = Matrix([[7, 0, -1, 2], [8, 4, -2, 3], [9, 1, -3, 4], [10, 9, -4, 5]])
    try t.fit(x)
    #expect(close(t.offsets, [4e-6, 3.5e-6]))
    let y = t.transform(x)
    // math.log(v + 4e-6) in Python.
    #expect(close(y.column(1), [-12.429216196844383, 1.3862953611193904, 3.999991999914312e-06, 2.1972250217805653]))
    #expect(y.column(0) == x.column(0) && y.column(2) == x.column(2))
    // Negative (impossible for a variance, but possible in a hand-made CSV) is treated as 0.
    #expect(t.transform(Matrix([[0, -5, 0, 1]]))[0, 1] == -12.429216196844383)
    var bad = LogVarianceTransform(columns: [4])
    #expect(throws: LearningError.self) { try bad.fit(x) }
    var zeros = LogVarianceTransform(columns: [0])
    try zeros.fit(Matrix([[0], [0]]))
    #expect(zeros.offsets == [1])
}

@Test func pipelineFitsTransformsOnTrainingRowsThenClassifier() throws {
    let x = Matrix([[1, 1000], [2, 3000], [10, 1100], [11, 3100]])
    let labels = [0, 0, 1, 1]
    var pipeline = Pipeline(transforms: [.logVariance(LogVarianceTransform(columns: [1])), .standardScaler(StandardScaler())],
                            classifier: TestNearestCentroid())
    try pipeline.fit(x, labels: labels, classCount: 2)
    // The scaler saw the log-transformed training rows: its mean of column 1 is the mean of the logs.
    guard case .standardScaler(let scaler) = pipeline.transforms[1] else { Issue.record("order changed"); return }
    let logMean = (log(1000.0) + log(3000.0) + log(1100.0) + log(3100.0)) / 4
    #expect(abs(scaler.mean[1] - logMean) < 1e-5)
    #expect(scaler.mean[0] == 6)
    // Column 1 is nearly uninformative (class means 2000 and 2100) but large: without the
    // transforms it dominates distances; with them, column 0 decides.
    let query = Matrix([[1.5, 2100], [10.5, 2000]])
    #expect(pipeline.predict(query) == [0, 1])
    var raw = TestNearestCentroid()
    try raw.fit(x, labels: labels, classCount: 2)
    #expect(raw.predict(query) == [1, 0])
    // Codable round trip keeps the fitted state.
    let data = try JSONEncoder().encode(pipeline)
    let back = try JSONDecoder().decode(Pipeline<TestNearestCentroid>.self, from: data)
    #expect(back.predictProbabilities(query) == pipeline.predictProbabilities(query))
    #expect(back.transforms == pipeline.transforms)
}

@Test func inverseTransformsRecoverTheRows() throws {
    // Heavy-tailed variance columns (1e-3 ... 3e6) and ordinary ones, as in the Kaggle schema.
    var rng = SeededGenerator(seed: 5)
    let names = ["a_mean", "a_var", "b_mean", "b_var"]
    let rows = (0..<50).map { _ in [rng.nextUnit() * 4 - 2, pow(10, rng.nextUnit() * 9 - 3), rng.nextUnit() * 1e3, pow(10, rng.nextUnit() * 6)] }
    let x = Matrix(rows)
    var pipeline = Pipeline(transforms: [.logVariance(LogVarianceTransform(featureNames: names)), .standardScaler(StandardScaler())],
                            classifier: KNearestNeighbors(k: 1))
    try pipeline.fit(x, labels: Array(repeating: 0, count: 25) + Array(repeating: 1, count: 25), classCount: 2)
    let back = pipeline.inverseTransformed(pipeline.transformed(x))
    #expect(close(back.values, x.values, 1e-9))
    // The transformed values are not the rows themselves (the inverse did real work).
    #expect(!close(pipeline.transformed(x).values, x.values, 1e-3))
}

@Test func pcaMatchesScikitLearn() throws {
    let x = Matrix([[2.5, 2.4, 0.5, 1.0], [0.5, 0.7, 1.5, -1.0], [2.2, 2.9, 0.1, 0.3], [1.9, 2.2, 0.9, 2.2], [3.1, 3.0, -0.4, 0.1],
                    [2.3, 2.7, 0.2, -0.5], [2.0, 1.6, 1.1, 0.8], [1.0, 1.1, 1.9, -0.2], [1.5, 1.6, 0.7, 1.4], [1.1, 0.9, 1.2, 0.0]])
    var pca = PCA(componentCount: 2)
    try pca.fit(x)
    // sklearn 1.9.1: PCA(n_components=2).fit(x): components_, explained_variance_(_ratio_), transform([[1, 2, 3, 4]]).
    #expect(close(pca.components[0], [0.5605835367225103, 0.6026423222257853, -0.46612385148354507, 0.3244948148986977], 1e-10))
    #expect(close(pca.components[1], [-0.12465304016771378, -0.19794237725788236, 0.2485254696132464, 0.9399550658494056], 1e-10))
    #expect(close(pca.explainedVariance, [1.810731270117915, 0.8083061919722212], 1e-12))
    #expect(close(pca.explainedVarianceRatio, [0.6654925445549341, 0.2970743109992644], 1e-12))
    #expect(close(pca.transform(Matrix([[1, 2, 3, 4]])).values, [-0.27435465906689327, 4.011804632219545], 1e-10))
    var tooMany = PCA(componentCount: 5)
    #expect(throws: LearningError.self) { try tooMany.fit(x) }
}
