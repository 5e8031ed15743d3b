import Foundation
import Testing
@testable import Learning

@Test func logisticRegressionMatchesScikitLearnMultinomial() throws {
    // LogisticRegression(C=C, max_iter=10000, tol=1e-10).fit(X, y): coef_, intercept_, predict_proba(Q).
    let cases: [(Double, [[Double]], [Double], [[Double]])] = [
        (1.0,
         [[-0.5667789558978146, -0.8815359991629271, 0.16855453311254068],
          [1.577806064044541, 0.17774899099877958, -0.6091455809298935],
          [-1.0110271081467261, 0.7037870081641474, 0.4405910478173526]],
         [1.1178329124015303, -0.2636631879952101, -0.8541697244063203],
         [[0.4536015903879599, 0.3429794889661634, 0.20341892064587663],
          [0.3081491570561846, 0.6626732525173389, 0.029177590426476555],
          [0.7252410005138197, 0.049626852098036495, 0.22513214738814377],
          [0.8527303319427092, 0.0017898655127916632, 0.1454798025444991]]),
        (0.3,
         [[-0.33429696692362626, -0.6077727899592884, 0.07616247816686246],
          [0.9832442740132112, 0.0793105934739847, -0.37449860504773497],
          [-0.6489473070895851, 0.5284621964853038, 0.2983361268808725]],
         [0.7537882304895646, -0.07687736523917693, -0.6769108652503871],
         [[0.413218615129313, 0.3607635311277779, 0.226017853742909],
          [0.351334633925767, 0.5833818335777987, 0.06528353249643425],
          [0.6296613143524067, 0.11859858781282913, 0.2517400978347642],
          [0.7761951270331954, 0.01714027290789105, 0.20666460005891354]]),
    ]
    for (c, coef, intercept, proba) in cases {
        var model = LogisticRegression(c: c, tolerance: 1e-10)
        try model.fit(Fixture.x, labels: Fixture.y, classCount: 3)
        #expect(Fixture.maxDifference(model.coefficients, coef) < 1e-5, "C=\(c) coefficients \(model.coefficients.rowArrays)")
        for k in 0..<3 { #expect(abs(model.intercepts[k] - intercept[k]) < 1e-5, "C=\(c) intercept \(k)") }
        #expect(Fixture.maxDifference(model.predictProbabilities(Fixture.queries), proba) < 1e-6)
    }
}

@Test func logisticRegressionBinaryUsesOneWeightRow() throws {
    // Class 1 against the rest: scikit-learn's binomial model, coef_ of shape (1, 3).
    var model = LogisticRegression()
    try model.fit(Fixture.x, labels: Fixture.y.map { $0 == 1 ? 1 : 0 }, classCount: 2)
    #expect(model.coefficients.rows == 1)
    #expect(Fixture.maxDifference(model.coefficients, [[1.9443765430397648, 0.21180677515267685, -0.8175934807343479]]) < 1e-5)
    #expect(abs(model.intercepts[0] - -1.2777406326090068) < 1e-5)
    let expected = [[0.6966536567162593, 0.3033463432837407], [0.3548608458341235, 0.6451391541658765],
                    [0.9270917451566273, 0.07290825484337272], [0.9946077566741023, 0.005392243325897724]]
    #expect(Fixture.maxDifference(model.predictProbabilities(Fixture.queries), expected) < 1e-6)
}

@Test func logisticRegressionGivesAbsentClassesZeroProbability() throws {
    var model = LogisticRegression()
    // Labels use classes 0 and 2 of 4: outputs keep 4 columns, 1 and 3 are zero.
    try model.fit(Fixture.x, labels: Fixture.y.map { $0 == 1 ? 2 : $0 }, classCount: 4)
    let p = model.predictProbabilities(Fixture.queries)
    #expect(p.columns == 4)
    for r in 0..<p.rows {
        #expect(p[r, 1] == 0 && p[r, 3] == 0)
        #expect(abs(p[r, 0] + p[r, 2] - 1) < 1e-12)
    }
}

@Test func classifiersRejectBadInput() {
    var model = LogisticRegression()
    #expect(throws: LearningError.emptyTrainingSet) { try model.fit(Matrix(rows: 0, columns: 3), labels: [], classCount: 2) }
    #expect(throws: LearningError.self) { try model.fit(Fixture.x, labels: [0, 1], classCount: 2) }
    #expect(throws: LearningError.self) { try model.fit(Fixture.x, labels: Fixture.y, classCount: 2) }
    #expect(throws: LearningError.notEnoughClasses(1)) {
        try model.fit(Fixture.x, labels: Array(repeating: 0, count: 30), classCount: 2)
    }
    var bad = Fixture.x
    bad[3, 1] = .nan
    #expect(throws: LearningError.self) { try model.fit(bad, labels: Fixture.y, classCount: 3) }
    model.c = 0
    #expect(throws: LearningError.self) { try model.fit(Fixture.x, labels: Fixture.y, classCount: 3) }
}

@Test func qdaMatchesScikitLearn() throws {
    // QuadraticDiscriminantAnalysis(reg_param=r).fit(X, y).predict_proba(Q), scikit-learn 1.9.1.
    let expected: [(Double, [[Double]])] = [
        (0.0, [[0.7571928495020972, 0.15280409794615415, 0.09000305255174866],
               [0.01686897991974327, 0.9824933782555308, 0.0006376418247259141],
               [0.7995840809565136, 0.001824889022574111, 0.19859103002091238],
               [0.9996718131717265, 2.8301708126260546e-05, 0.00029988512014702114]]),
        (0.2, [[0.7007487068165372, 0.19173909234249634, 0.10751220084096641],
               [0.17974767287333743, 0.8167721223612225, 0.003480204765440164],
               [0.849730057978932, 0.0041800522226614146, 0.14608988979840667],
               [0.9954463192673577, 9.44925780614837e-05, 0.004459188154580817]]),
    ]
    for (reg, proba) in expected {
        var model = QDA(regParam: reg)
        try model.fit(Fixture.x, labels: Fixture.y, classCount: 3)
        #expect(Fixture.maxDifference(model.predictProbabilities(Fixture.queries), proba) < 1e-9, "reg \(reg)")
    }
}

@Test func qdaRejectsSingularCovariance() {
    // Two identical feature columns make every class covariance singular.
    let x = Matrix(Fixture.x.rowArrays.map { $0 + [$0[0]] })
    var model = QDA()
    #expect(throws: LearningError.self) { try model.fit(x, labels: Fixture.y, classCount: 3) }
    model.regParam = 0.1
    #expect(throws: Never.self) { try model.fit(x, labels: Fixture.y, classCount: 3) }
}

@Test func knnMatchesScikitLearn() throws {
    // KNeighborsClassifier(n_neighbors=5, weights=w).fit(X, y).predict_proba(vstack([Q, X[:2]])):
    // the last two queries are training rows, exercising scikit-learn's zero-distance rule.
    let queries = Fixture.queries.appendingRows(Fixture.x.selectingRows([0, 1]))
    let expected: [(KNearestNeighbors.Weights, [[Double]])] = [
        (.uniform, [[1.0, 0.0, 0.0], [0.0, 0.8, 0.2], [0.4, 0.2, 0.4], [0.8, 0.0, 0.2], [1.0, 0.0, 0.0], [0.4, 0.6, 0.0]]),
        (.distance, [[1.0, 0.0, 0.0], [0.0, 0.837312455840447, 0.162687544159553],
                     [0.3528813607488281, 0.20909009400533446, 0.4380285452458374],
                     [0.8483945980528933, 0.0, 0.1516054019471067], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]),
    ]
    for (weights, proba) in expected {
        var model = KNearestNeighbors(k: 5, weights: weights)
        try model.fit(Fixture.x, labels: Fixture.y, classCount: 3)
        #expect(Fixture.maxDifference(model.predictProbabilities(queries), proba) < 1e-12, "\(weights)")
    }
    // kneighbors(Q[:1], 4)
    var model = KNearestNeighbors()
    try model.fit(Fixture.x, labels: Fixture.y, classCount: 3)
    let found = model.neighbors(of: Array(Fixture.queries.row(0)), k: 4)
    #expect(model.neighbors(of: Fixture.queries.row(0), k: 4).map(\.index) == found.map(\.index))
    #expect(found.map(\.index) == [12, 18, 0, 27])
    let distances = [0.18788294228055932, 0.39446165846632036, 0.5200961449578337, 0.5995831885568508]
    for (f, d) in zip(found, distances) { #expect(abs(f.distance - d) < 1e-12) }
}

@Test func knnDistanceFloorMatchesScikitLearn() throws {
    // KNeighborsClassifier(5, weights=lambda d: 1 / np.maximum(d, 0.5), algorithm="brute")
    // .fit(X, y).predict_proba(vstack([Q, X[:2], X[:1] + 0.1])), scikit-learn 1.9.1: a training
    // row as query no longer takes all the weight (row 6: 0.27/0.73 instead of 0/1).
    let queries = Fixture.queries.appendingRows(Fixture.x.selectingRows([0, 1]))
        .appendingRows(Matrix([Fixture.x.rowArrays[0].map { $0 + 0.1 }]))
    let expected: [[Double]] = [
        [1.0, 0.0, 0.0], [0.0, 0.837312455840447, 0.162687544159553],
        [0.352881360748828, 0.20909009400533451, 0.4380285452458375], [0.8483945980528933, 0.0, 0.15160540194710673],
        [1.0, 0.0, 0.0], [0.2694559226426537, 0.7305440773573463, 0.0], [1.0, 0.0, 0.0],
    ]
    var model = KNearestNeighbors(k: 5, weights: .distance, distanceFloor: 0.5)
    try model.fit(Fixture.x, labels: Fixture.y, classCount: 3)
    #expect(Fixture.maxDifference(model.predictProbabilities(queries), expected) < 1e-12)
    // Decoding a model written before the floor existed gives floor 0 (scikit-learn's rule).
    var old = try JSONSerialization.jsonObject(with: JSONEncoder().encode(model)) as! [String: Any]
    old["distanceFloor"] = nil
    let decoded = try JSONDecoder().decode(KNearestNeighbors.self, from: JSONSerialization.data(withJSONObject: old))
    #expect(decoded.distanceFloor == 0 && decoded.k == 5 && decoded.trainingLabels == Fixture.y)
    model.distanceFloor = -1
    #expect(throws: LearningError.self) { try model.fit(Fixture.x, labels: Fixture.y, classCount: 3) }
}

@Test func ldaMatchesScikitLearn() throws {
    // LinearDiscriminantAnalysis(solver="lsqr", shrinkage=s).fit(X, y).predict_proba(Q), scikit-learn 1.9.1.
    let expected: [(Double, [[Double]])] = [
        (0.1, [[0.7862013302879098, 0.1671035518231327, 0.04669511788895756],
               [0.07369199040558078, 0.9261757382323551, 0.0001322713620641431],
               [0.890398154582404, 0.000715765411552389, 0.10888608000604351],
               [0.8387978439733065, 3.2992610041118205e-06, 0.1611988567656894]]),
        (0.5, [[0.7317605072876012, 0.21044109150099577, 0.05779840121140305],
               [0.16634526955948306, 0.8328875909673282, 0.0007671394731886227],
               [0.9379486880175686, 0.0031479049156665885, 0.05890340706676494],
               [0.9308756401056748, 1.9849201525962448e-05, 0.06910451069279919]]),
        (0.0, [[0.8022465384552492, 0.15470772189829748, 0.04304573964645331],
               [0.05595331208675127, 0.9439733954616985, 7.329245155028551e-05],
               [0.8721359322963275, 0.0004385327590349878, 0.1274255349446376],
               [0.7998806897621481, 1.7878246714269674e-06, 0.20011752241318054]]),
    ]
    for (shrinkage, proba) in expected {
        var model = LinearDiscriminantAnalysis(shrinkage: shrinkage)
        try model.fit(Fixture.x, labels: Fixture.y, classCount: 3)
        #expect(Fixture.maxDifference(model.predictProbabilities(Fixture.queries), proba) < 1e-9, "shrinkage \(shrinkage)")
    }
    // Two classes with unequal priors (10 vs 20 rows), shrinkage 0.3.
    var binary = LinearDiscriminantAnalysis(shrinkage: 0.3)
    try binary.fit(Fixture.x, labels: Fixture.y.map { $0 == 2 ? 1 : 0 }, classCount: 2)
    #expect(Fixture.maxDifference(binary.predictProbabilities(Fixture.queries),
                                  [[0.9474060776706466, 0.05259392232935349], [0.9975035854366001, 0.002496414563399919],
                                   [0.8979488062792217, 0.10205119372077835], [0.7697592354887424, 0.2302407645112576]]) < 1e-9)
    var bad = LinearDiscriminantAnalysis(shrinkage: 1.5)
    #expect(throws: LearningError.self) { try bad.fit(Fixture.x, labels: Fixture.y, classCount: 3) }
    bad.shrinkage = 0
    let constant = Matrix(Fixture.x.rowArrays.map { $0 + [1] })
    #expect(throws: LearningError.self) { try bad.fit(constant, labels: Fixture.y, classCount: 3) }
}
