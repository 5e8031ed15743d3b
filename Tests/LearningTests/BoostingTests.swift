import Foundation
import Testing
@testable import Learning

@Test func gradientBoostingMatchesXGBoost() throws {
    // xgboost 3.2 XGBClassifier(tree_method="hist", objective="multi:softprob", **params).fit(X, y)
    // .predict_proba(X[:6]) on the fixture (fewer than 256 distinct values per feature, so the
    // histogram splits are exact and partition the training rows as ours do). XGBoost works in
    // float32, hence the tolerance.
    let cases: [(GradientBoosting, [[Double]])] = [
        (GradientBoosting(nRounds: 5, maxDepth: 3),
         [[0.5759468078613281, 0.2830604910850525, 0.14099273085594177], [0.1257481575012207, 0.7716527581214905, 0.10259910672903061],
          [0.1128968894481659, 0.1073971539735794, 0.7797060012817383], [0.7172423005104065, 0.10268262028694153, 0.1800750344991684],
          [0.1257481575012207, 0.7716527581214905, 0.10259910672903061], [0.49602028727531433, 0.1199461966753006, 0.3840335011482239]]),
        (GradientBoosting(nRounds: 20, learningRate: 0.1, maxDepth: 2, lambda: 2, gamma: 0.1, minChildWeight: 0.5),
         [[0.5998709201812744, 0.2891346216201782, 0.11099445074796677], [0.13682821393013, 0.769132137298584, 0.09403969347476959],
          [0.10855405032634735, 0.09965603053569794, 0.7917898893356323], [0.7696428298950195, 0.11373170465230942, 0.11662550270557404],
          [0.13682821393013, 0.769132137298584, 0.09403969347476959], [0.5258501768112183, 0.09488412737846375, 0.379265695810318]]),
    ]
    for (model, expected) in cases {
        var m = model
        try m.fit(Fixture.x, labels: Fixture.y, classCount: 3)
        let p = m.predictProbabilities(Fixture.x.selectingRows(0..<6))
        #expect(Fixture.maxDifference(p, expected) < 1e-4, "\(p.rowArrays)")
    }
}

@Test func gradientBoostingBaseScoreIsCentredLogPrior() throws {
    // xgboost 3.2 base_score for labels 40 x 0, 15 x 1, 5 x 2: [1.0200859, 0.039259195, -1.0593452]
    // (xgboost estimates it in float32, hence 1e-5).
    let x = Matrix(rows: 60, columns: 1, values: (0..<60).map { Double($0 % 7) })
    var m = GradientBoosting(nRounds: 1)
    try m.fit(x, labels: Array(repeating: 0, count: 40) + Array(repeating: 1, count: 15) + Array(repeating: 2, count: 5), classCount: 3)
    for (a, b) in zip(m.baseMargins, [1.0200859, 0.039259195, -1.0593452]) { #expect(abs(a - b) < 1e-5) }
}

@Test func gradientBoostingAccurateAndDeterministic() throws {
    let (x, y) = Fixture.blobs(rows: 600, features: 8, classes: 4, spread: 2.0, seed: 3)
    let train = Array(0..<400), test = Array(400..<600)
    var model = GradientBoosting(nRounds: 40, subsample: 0.8, colsampleByTree: 0.7, seed: 9)
    try model.fit(x.selectingRows(train), labels: train.map { y[$0] }, classCount: 4)
    let accuracy = Fixture.accuracy(model.predict(x.selectingRows(test)), test.map { y[$0] })
    #expect(accuracy > 0.9, "held-out accuracy \(accuracy)")
    var again = GradientBoosting(nRounds: 40, subsample: 0.8, colsampleByTree: 0.7, seed: 9)
    try again.fit(x.selectingRows(train), labels: train.map { y[$0] }, classCount: 4)
    #expect(again.trees == model.trees)
}
