import Foundation
import Testing
@testable import Learning

/// scikit-learn 1.9.1 SVC(C=C, tol=1e-8, decision_function_shape="ovo", probability=True,
/// random_state=0) on the fixture: (C, decision_function(Q), predict_proba(Q)).
private let svcReference: [(Double, [[Double]], [[Double]])] = [
    (1.0,
     [[0.503233021585215, 0.9108177853367733, 0.08257583436353133], [-0.33514712247933165, 0.7069975155071404, 0.5405158264974026],
      [0.3273892103611921, 0.21974842369713427, -0.24126836705052707], [0.8334166775039735, 0.7898588843020724, -0.3015457588490207]],
     [[0.6345356459692285, 0.20333402367386297, 0.16213033035690888], [0.26806294230635974, 0.6054435695391631, 0.12649348815447722],
      [0.43049508432636435, 0.22163157982877713, 0.3478733358448587], [0.6760599338601294, 0.10620304527814026, 0.2177370208617305]]),
    (10.0,
     [[1.2459923026001742, 1.0873273790033704, 0.006314857922205194], [-0.28580365449768086, 0.7577503998233189, 0.13972827671233368],
      [-0.2374630119065929, -0.6237023538305277, -0.6771047206611885], [1.0599173088844318, 1.5358367695191992, -0.6884361550997182]],
     [[0.6296080238697728, 0.1492316236362879, 0.2211603524939391], [0.3157781277841562, 0.4526840517959123, 0.23153782041993137],
      [0.25109552523248735, 0.23126983728902278, 0.5176346374784897], [0.6628838166659907, 0.11596725414780205, 0.22114892918620702]]),
]

@Test func svmDecisionValuesMatchScikitLearn() throws {
    for (c, decisions, _) in svcReference {
        var model = SVM(c: c, tolerance: 1e-8)
        try model.fit(Fixture.x, labels: Fixture.y, classCount: 3)
        #expect(abs(model.fittedGamma - 0.1967785959111084) < 1e-12)  // 1 / (3 · X.var())
        #expect(Fixture.maxDifference(model.decisionFunction(Fixture.queries), decisions) < 1e-6, "C=\(c)")
    }
    // Default tolerance 1e-3 (scikit-learn's) stays close to the exact solution.
    var loose = SVM(c: 1)
    try loose.fit(Fixture.x, labels: Fixture.y, classCount: 3)
    #expect(Fixture.maxDifference(loose.decisionFunction(Fixture.queries), svcReference[0].1) < 1e-2)
}

@Test func svmBinaryDecisionMatchesScikitLearn() throws {
    // SVC(C=1, tol=1e-8).fit(X, y == 1).decision_function(Q): scikit-learn negates libsvm's value
    // for two classes (positive favours class 1), ours keeps libsvm's sign.
    var model = SVM(tolerance: 1e-8)
    try model.fit(Fixture.x, labels: Fixture.y.map { $0 == 1 ? 1 : 0 }, classCount: 2)
    let expected = [-0.6913305265956091, 0.36854783193013896, -1.020257385064603, -1.1730765567212993]
    let d = model.decisionFunction(Fixture.queries)
    for (r, e) in expected.enumerated() { #expect(abs(-d[r, 0] - e) < 1e-6) }
}

@Test func svmProbabilitiesCloseToScikitLearn() throws {
    // Platt folds are random in libsvm and seeded differently here: probabilities agree loosely.
    for (c, _, probabilities) in svcReference {
        var model = SVM(c: c, seed: 1)
        try model.fit(Fixture.x, labels: Fixture.y, classCount: 3)
        let p = model.predictProbabilities(Fixture.queries)
        for r in 0..<p.rows { #expect(abs(p.row(r).reduce(0, +) - 1) < 1e-9) }
        #expect(Fixture.maxDifference(p, probabilities) < 0.15, "C=\(c): \(p.rowArrays)")
    }
}

@Test func plattAndCouplingMatchLibsvmFormulas() {
    // Coupling of consistent pairwise probabilities recovers the generating distribution.
    let truth = [0.5, 0.3, 0.2]
    var r = [[Double]](repeating: [0, 0, 0], count: 3)
    for i in 0..<3 { for j in 0..<3 where i != j { r[i][j] = truth[i] / (truth[i] + truth[j]) } }
    for (a, b) in zip(pairwiseCoupling(r), truth) { #expect(abs(a - b) < 1e-3) }
    // Platt's fit with the (n+1)/(n+2) targets: scikit-learn's calibration._sigmoid_calibration
    // minimises the same objective (with another optimiser): (A, B) below.
    let cases: [([Double], [Bool], Double, Double)] = [
        ([-2, -1.5, -1, 1, 1.5, 2], [false, false, false, true, true, true], -0.8827622323486487, 0),
        ([-2, -0.5, -1, 1, 0.3, 2, 0.1, -0.2], [false, true, false, true, false, true, true, false], -0.831605458723202, -0.036511753155513034),
    ]
    for (decisions, positive, a, b) in cases {
        let fit = plattSigmoid(decisions: decisions, positive: positive)
        #expect(abs(fit.a - a) < 1e-5 && abs(fit.b - b) < 1e-5, "\(fit)")
    }
    #expect(abs(plattProbability(1, -0.8827622323486487, 0) - 1 / (1 + exp(-0.8827622323486487))) < 1e-15)
}

/// Augmented copies in the Platt folds: on data where every row appears twice, row-wise folds let
/// a row's twin train the machine that scores it, so the sigmoid comes out steeper than the data
/// warrant. With the twins as one group the folds are as on the plain data, and duplicating rows
/// is the same SVM as doubling C (libsvm weighs each row's slack by C), so the sigmoid must come
/// out near the one fitted on the plain data with 2C, and much nearer than the row-wise one.
@Test func svmPlattFoldsKeepGroupsTogether() throws {
    let (x, y) = Fixture.blobs(rows: 120, features: 3, classes: 2, spread: 0.8, seed: 5)
    var plain = SVM(c: 2, seed: 3)
    try plain.fit(x, labels: y, classCount: 2)
    let twice = x.appendingRows(x), labels = y + y, groups = Array(0..<120) + Array(0..<120)
    var rowWise = SVM(c: 1, seed: 3), grouped = SVM(c: 1, seed: 3)
    try rowWise.fit(twice, labels: labels, classCount: 2)
    try grouped.fit(twice, labels: labels, classCount: 2, groups: groups)
    let a = plain.machines[0].probabilityA
    let groupedError = abs(grouped.machines[0].probabilityA - a), rowWiseError = abs(rowWise.machines[0].probabilityA - a)
    #expect(rowWise.machines[0].probabilityA < a, "row-wise folds should give a steeper sigmoid")
    #expect(groupedError < 0.25 * abs(a) && groupedError < 0.5 * rowWiseError,
            "A: plain (2C) \(a), grouped \(grouped.machines[0].probabilityA), row-wise \(rowWise.machines[0].probabilityA)")
    // Through the type-erased wrapper as a stack's bases receive them.
    var wrapped = AnyClassifier.svm(SVM(c: 1, seed: 3))
    try wrapped.fit(twice, labels: labels, classCount: 2, groups: groups)
    #expect(wrapped.predictProbabilities(x) == grouped.predictProbabilities(x))
    #expect(throws: LearningError.self) { var m = SVM(); try m.fit(x, labels: y, classCount: 2, groups: [0]) }
}
