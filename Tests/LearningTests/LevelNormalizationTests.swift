import Foundation
import Testing
@testable import Learning

/// The level step: the documented formula evaluated by hand on a small row, a gain applied the way
/// it moves real features (bench/chains/level.py measures that on GTZAN audio) leaving the output
/// unchanged, and feature sets without a level passing through.
@Suite struct LevelNormalizationTests {
    static let names = ["rms_mean", "rms_var", "harmony_mean", "harmony_var", "perceptr_mean", "perceptr_var",
                        "spectral_centroid_mean", "mfcc1_mean", "mfcc1_var"]

    @Test func followsTheDocumentedFormula() throws {
        var t = LevelNormalization(featureNames: Self.names)
        let row: [Double] = [0.1, 0.002, 1e-4, 0.004, -2e-4, 0.001, 1500, -100, 900]
        try t.fit(Matrix([row]))
        let got = t.transform(Matrix([row])).row(0)
        // ℓ = 0.1: variances / 0.01; means asinh(v / 0.1 / 1e-3); mfcc1 − √128 · 20·log10(0.1) = −100 + 20√128.
        let expected: [Double] = [0, 0.2, 0.881373587019543, 0.4, -1.4436354751788103, 0.1, 1500,
                                  -100 + 20 * 128.0.squareRoot(), 900]
        for (j, (g, e)) in zip(got, expected).enumerated() {
            #expect(abs(g - e) <= 1e-12 * max(1, abs(e)), "\(Self.names[j]): \(g) vs \(e)")
        }
    }

    @Test func aGainLeavesTheRowUnchanged() throws {
        let row: [Double] = [0.0831, 0.0021, -3.1e-5, 0.0118, 7.4e-4, 0.0043, 2310, -113.6, 2400]
        var t = LevelNormalization(featureNames: Self.names)
        try t.fit(Matrix([row]))
        for db in [-12.0, -6, -3.01, 6] {
            let g = pow(10, db / 20)
            // How a gain moves the features (levels ×g, variances ×g², mfcc1 by √128 per dB).
            let moved = [row[0] * g, row[1] * g * g, row[2] * g, row[3] * g * g, row[4] * g, row[5] * g * g,
                         row[6], row[7] + 128.0.squareRoot() * db, row[8]]
            let a = t.transform(Matrix([row])).row(0), b = t.transform(Matrix([moved])).row(0)
            for j in 0..<row.count { #expect(abs(a[a.startIndex + j] - b[b.startIndex + j]) < 1e-9, "\(db) dB, \(Self.names[j])") }
        }
    }

    @Test func applyingGainMovesTheColumnsByHand() throws {
        let row: [Double] = [0.0831, 0.0021, -3.1e-5, 0.0118, 7.4e-4, 0.0043, 2310, -113.6, 2400]
        let t = LevelNormalization(featureNames: Self.names)
        // +6.0206 dB is g = 2 (to 5e-6): levels ×2, variances ×4, mfcc1 + √128 · 6.0206.
        let db = 20 * log10(2.0)
        let got = t.applyingGain(db, to: row)
        let expected = [0.1662, 0.0084, -6.2e-5, 0.0472, 1.48e-3, 0.0172, 2310, -113.6 + 128.0.squareRoot() * db, 2400]
        for (j, (g, e)) in zip(got, expected).enumerated() { #expect(abs(g - e) <= 1e-12 * max(abs(e), 1), "\(Self.names[j])") }
        // And what the level step removes: the transformed rows agree.
        var fitted = t
        try fitted.fit(Matrix([row]))
        let a = fitted.transform(Matrix([row])).row(0), b = fitted.transform(Matrix([got])).row(0)
        for j in 0..<row.count { #expect(abs(a[a.startIndex + j] - b[b.startIndex + j]) < 1e-9, "\(Self.names[j])") }
    }

    @Test func invertsGivenTheLevel() throws {
        let row: [Double] = [0.0831, 0.0021, -3.1e-5, 0.0118, 7.4e-4, 0.0043, 2310, -113.6, 2400]
        var t = LevelNormalization(featureNames: Self.names)
        try t.fit(Matrix([row]))
        var y = t.transform(Matrix([row]))
        y[0, 0] = row[0]  // the level, which transform drops
        let back = t.inverseTransform(y).row(0)
        for (j, (b, e)) in zip(back, row).enumerated() { #expect(abs(b - e) <= 1e-12 * max(abs(e), 1), "\(Self.names[j])") }
    }

    @Test func passesThroughWithoutALevelColumn() throws {
        var t = LevelNormalization(featureNames: ["a_mean", "mfcc1_mean", "harmony_var"])
        let x = Matrix([[1, -100, 0.5], [2, -90, 0.25]])
        try t.fit(x)
        #expect(t.transform(x) == x)
        // Silence (rms 0) stays finite.
        var s = LevelNormalization(featureNames: Self.names)
        let silent = Matrix([[0, 0, 0, 0, 0, 0, 0, -1000, 0]])
        try s.fit(silent)
        let finite = s.transform(silent).values.allSatisfy { $0.isFinite }
        #expect(finite)
    }
}
