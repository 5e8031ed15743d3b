import Foundation
import Testing
@testable import Learning

/// The augmentation step: transferred rows against a naive evaluation of the documented formula,
/// and the bookkeeping (copies, labels, sources) a stack relies on to keep copies together.
@Suite struct FeatureTransferTests {
    /// Two features, the second a variance (log space); one condition with known numbers.
    static let table = FeatureTransfer(
        featureNames: ["centroid_mean", "rms_var"], logColumns: ["rms_var"], scale: [100, 2],
        conditions: [.init(name: "dark", weight: 1, intercept: [-0.5, 0.25], coefficients: [0.1, 0, 0.2, -0.1],
                           residuals: [[0.01, -0.02], [0.03, 0.04]])],
        source: "test")

    @Test func applyFollowsTheFormula() throws {
        try Self.table.validate()
        let row: [Double] = [2000, 0.01]
        let got = Self.table.apply(Self.table.conditions[0], to: row[...], residual: 1)
        // u = (2000/100, log(0.01 + 1e-12)/2); u' = u + a + B·u + r; back: u'·scale, exp for the variance.
        let u0 = 2000.0 / 100, u1 = log(0.01 + 1e-12) / 2
        let v0 = u0 - 0.5 + 0.1 * u0 + 0 * u1 + 0.03
        let v1 = u1 + 0.25 + 0.2 * u0 - 0.1 * u1 + 0.04
        #expect(abs(got[0] - v0 * 100) < 1e-9)
        #expect(abs(got[1] - exp(v1 * 2)) < 1e-12 * exp(v1 * 2) + 1e-15)
        #expect(got[1] > 0)
    }

    @Test func augmentKeepsLabelsAndSources() {
        let x = Matrix([[1000, 0.5], [3000, 0.02], [1500, 0.1]])
        let a = ChainAugmentation(transfer: Self.table, copies: 2, seed: 7)
        let (ax, labels, source) = a.augment(x, labels: [0, 1, 0])
        #expect(ax.rows == 9 && labels == [0, 1, 0, 0, 1, 0, 0, 1, 0] && source == [0, 1, 2, 0, 1, 2, 0, 1, 2])
        for r in 0..<3 { #expect(Array(ax.row(r)) == Array(x.row(r))) }  // originals first, unchanged
        for r in 3..<9 {  // every copy is the transfer of its source with one of the two residuals
            let options = (0..<2).map { Self.table.apply(Self.table.conditions[0], to: x.row(source[r]), residual: $0) }
            #expect(options.contains { zip($0, ax.row(r)).allSatisfy { abs($0 - $1) < 1e-9 } })
        }
        #expect(a.augment(x, labels: [0, 1, 0]).x == ax)  // seeded
    }

    /// With a gain, every row (originals too) is the same music at a random level within ±12 dB:
    /// checked against the gain model written out here (rms_mean × g, rms_var × g², mfcc1_mean +
    /// √128·Δ, other columns unchanged), with an identity transfer so only the gain acts.
    @Test func gainAugmentationPlaysEveryRowAtARandomLevel() {
        let names = ["rms_mean", "rms_var", "mfcc1_mean", "centroid_mean"]
        let identity = FeatureTransfer(featureNames: names, logColumns: [], scale: [1, 1, 1, 1],
                                       conditions: [.init(name: "none", weight: 1, intercept: [0, 0, 0, 0], coefficients: Array(repeating: 0, count: 16),
                                                          residuals: [[0, 0, 0, 0]])], source: "test")
        let x = Matrix([[0.1, 0.002, -100, 2000], [0.02, 1e-4, -300, 1500], [0.3, 0.01, -50, 3000]])
        let (ax, _, source) = ChainAugmentation(transfer: identity, copies: 2, seed: 5, gainDecibels: 12).augment(x, labels: [0, 1, 2])
        var decibels: [Double] = []
        for r in 0..<ax.rows {
            let i = source[r], d = 20 * log10(ax[r, 0] / x[i, 0]), g = pow(10, d / 20)
            decibels.append(d)
            #expect(abs(d) <= 12)
            #expect(abs(ax[r, 1] - x[i, 1] * g * g) < 1e-12 * x[i, 1] * g * g)
            #expect(abs(ax[r, 2] - (x[i, 2] + 128.0.squareRoot() * d)) < 1e-9)
            #expect(ax[r, 3] == x[i, 3])
        }
        // No row, original or copy, keeps its recorded level.
        #expect(decibels.allSatisfy { abs($0) > 1e-9 })
        #expect(Set(decibels.map { ($0 * 1e6).rounded() }).count == ax.rows)
    }

    @Test func invalidTablesAreRefused() {
        var bad = Self.table
        bad.conditions[0].coefficients.removeLast()
        #expect(throws: LearningError.self) { try bad.validate() }
        bad = Self.table
        bad.scale[0] = 0
        #expect(throws: LearningError.self) { try bad.validate() }
    }

    /// With groups, a stack's out-of-fold predictions never come from a model that saw the
    /// row's copy: two classes whose only difference is which copy is which cannot be learnt out
    /// of fold, so group-aware and row-wise folds must differ on data made of exact duplicates.
    @Test func stackingFoldsKeepGroupsTogether() throws {
        var rows: [[Double]] = [], labels: [Int] = [], groups: [Int] = []
        var rng = SeededGenerator(seed: 3)
        for g in 0..<40 {
            let v = [rng.nextUnit(), rng.nextUnit()]
            for _ in 0..<2 { rows.append(v); labels.append(g % 2); groups.append(g) }
        }
        let x = Matrix(rows)
        let make = { Stacking(bases: [.knn(KNearestNeighbors(k: 1))], meta: LogisticRegression(c: 1), folds: 4, seed: 1) }
        var plain = make(), grouped = make()
        try plain.fit(x, labels: labels, classCount: 2)
        try grouped.fit(x, labels: labels, classCount: 2, groups: groups)
        // Row-wise folds let 1-NN find the duplicate: the meta model trusts k-NN fully. Grouped
        // folds show k-NN at chance on random labels, so the meta model learns not to trust it.
        let p = plain.predictProbabilities(x), q = grouped.predictProbabilities(x)
        let confidence = { (m: Matrix) in (0..<m.rows).map { max(m[$0, 0], m[$0, 1]) }.reduce(0, +) / Double(m.rows) }
        // (A row's duplicate shares its fold 1 time in 4 with row-wise folds: k-NN is right 3/4 of the time.)
        #expect(confidence(p) > confidence(q) + 0.1, "row-wise folds \(confidence(p)), grouped folds \(confidence(q))")
        #expect(confidence(q) < 0.65, "grouped folds: \(confidence(q))")
    }
}
