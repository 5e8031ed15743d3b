import Foundation
import Testing
@testable import Learning

/// `StoredPrecision.single`: k-NN rows and SVM support vectors rounded to Float at fit time, and
/// matrices of Floats written in Float's shortest form. Expected values are built independently:
/// Float literals, rows rounded by hand, and models fitted on hand-rounded rows.

private func encoded<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

private func decoded<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
    try JSONDecoder().decode(type, from: Data(json.utf8))
}

/// The fixture's rows, each value rounded to Float by hand.
private let roundedFixture = Matrix(rows: Fixture.x.rows, columns: Fixture.x.columns,
                                    values: Fixture.x.values.map { v in Double(Float(v)) })

@Test func matrixOfFloatsIsWrittenInFloatsShortestFormAndReadsBackExactly() throws {
    let floats: [Float] = [0.1, 1.5, -0.001, 3.4028235e38, 1e-45]
    let m = Matrix(rows: 1, columns: 5, values: floats.map { Double($0) })
    let json = try encoded(m)
    #expect(json == #"{"columns":5,"precision":"single","rows":1,"values":[0.1,1.5,-0.001,3.4028235e+38,1e-45]}"#)
    let back = try decoded(Matrix.self, json)
    #expect(back.values.map(\.bitPattern) == m.values.map(\.bitPattern))
    // One value that is not a Float keeps the whole matrix in Doubles.
    let mixed = Matrix(rows: 1, columns: 2, values: [Double(Float(0.1)), 0.1])
    #expect(try encoded(mixed) == #"{"columns":2,"rows":1,"values":[0.10000000149011612,0.1]}"#)
    #expect(try decoded(Matrix.self, encoded(mixed)) == mixed)
    // Files from before the key read as Doubles; an unknown precision is refused.
    #expect(try decoded(Matrix.self, #"{"columns":1,"rows":1,"values":[0.1]}"#).values == [0.1])
    #expect(throws: DecodingError.self) {
        try decoded(Matrix.self, #"{"columns":1,"precision":"half","rows":1,"values":[0.1]}"#)
    }
}

@Test func randomFloatsSurviveTheShortestFormBitForBit() throws {
    // Reading a Float's shortest decimal form must give that Float back, across every exponent:
    // a reader that went through Double first could round twice and miss by one step.
    var rng = SeededGenerator(seed: 11)
    var floats: [Float] = []
    while floats.count < 100_000 {
        let f = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))
        if f.isFinite { floats.append(f) }
    }
    let m = Matrix(rows: 1, columns: floats.count, values: floats.map { Double($0) })
    let back = try decoded(Matrix.self, encoded(m))
    #expect(back.values.map { Float($0).bitPattern } == floats.map(\.bitPattern))
}

@Test func singlePrecisionKNNPredictsAsOneFittedOnHandRoundedRows() throws {
    var single = KNearestNeighbors(k: 3, weights: .distance, storedPrecision: .single)
    try single.fit(Fixture.x, labels: Fixture.y, classCount: 3)
    var onRounded = KNearestNeighbors(k: 3, weights: .distance)
    try onRounded.fit(roundedFixture, labels: Fixture.y, classCount: 3)
    #expect(single.trainingRows.values.map(\.bitPattern) == roundedFixture.values.map(\.bitPattern))
    #expect(single.predictProbabilities(Fixture.queries) == onRounded.predictProbabilities(Fixture.queries))
    // Saved and loaded, it answers the same, and its rows take Float's digits.
    let json = try encoded(single)
    #expect(json.contains(#""precision":"single""#) && json.contains(#""storedPrecision":"single""#))
    let loaded = try decoded(KNearestNeighbors.self, json)
    #expect(loaded.storedPrecision == .single)
    #expect(loaded.predictProbabilities(Fixture.queries) == single.predictProbabilities(Fixture.queries))
    // The default keeps the rows exactly (scikit-learn's behaviour).
    var exact = KNearestNeighbors(k: 3, weights: .distance)
    try exact.fit(Fixture.x, labels: Fixture.y, classCount: 3)
    #expect(exact.trainingRows == Fixture.x)
}

@Test func singlePrecisionSVMRoundsOnlyItsSupportVectors() throws {
    var exact = SVM(c: 10, tolerance: 1e-8, seed: 1)
    try exact.fit(Fixture.x, labels: Fixture.y, classCount: 3)
    var single = SVM(c: 10, tolerance: 1e-8, seed: 1, storedPrecision: .single)
    try single.fit(Fixture.x, labels: Fixture.y, classCount: 3)
    // The machines are solved on the rows as given: the same coefficients and offsets.
    #expect(single.machines == exact.machines)
    let rounded = exact.supportVectors.values.map { v in Double(Float(v)) }
    #expect(single.supportVectors.values.map(\.bitPattern) == rounded.map(\.bitPattern))
    // Decision values move by the rounding only (|Δx| ≤ 6e-8 · |x| on values up to 3).
    let a = single.decisionFunction(Fixture.queries), b = exact.decisionFunction(Fixture.queries)
    #expect(Fixture.maxDifference(a, b.rowArrays) < 1e-6)
    #expect(a != b)
    // Saved and loaded it answers bit for bit; a file from before the option reads as `.double`.
    let loaded = try decoded(SVM.self, encoded(single))
    #expect(loaded.storedPrecision == .single && loaded.decisionFunction(Fixture.queries) == a)
    var object = try #require(JSONSerialization.jsonObject(with: Data(encoded(exact).utf8)) as? [String: Any])
    object["storedPrecision"] = nil
    let old = try JSONDecoder().decode(SVM.self, from: JSONSerialization.data(withJSONObject: object))
    #expect(old.storedPrecision == .double && old.decisionFunction(Fixture.queries) == b)
}
