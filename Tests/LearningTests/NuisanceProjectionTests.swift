import Foundation
import Testing
@testable import Learning

/// The format projection: numpy's values of z − Eᵀ(E z) (z = x / s, then × s) on a hand-made
/// basis, a move along a direction leaving the output unchanged, the restriction to a subset of
/// the columns (a direction with little weight there dropped), and exact restoration from the
/// removed coordinates.
@Suite struct NuisanceProjectionTests {
    static let basis = NuisanceBasis(featureNames: ["a", "b", "c", "d"], scale: [2, 1, 4, 0.5],
                                     directions: [[0.5, 0.5, 0.5, 0.5], [0.1, 0.7, -0.1, -0.7]])

    @Test func matchesNumpy() throws {
        var p = NuisanceProjection(featureNames: ["a", "b", "c", "d"], basis: Self.basis)
        try p.fit(Matrix([[0, 0, 0, 0]]))
        let got = p.transform(Matrix([[1.0, -2.0, 3.0, 0.25]])).row(0)
        // numpy: s = [2, 1, 4, .5]; z = x / s; (z - E.T @ (E @ z)) * s
        let expected = [1.48, -0.695, 2.54, -0.34]
        for (g, e) in zip(got, expected) { #expect(abs(g - e) < 1e-12, "\(Array(got)) vs \(expected)") }
    }

    @Test func aMoveAlongADirectionChangesNothing() {
        let p = NuisanceProjection(featureNames: ["a", "b", "c", "d"], basis: Self.basis)
        let x: [Double] = [0.3, 1.7, -2.2, 0.9]
        let base = p.transform(Matrix([x])).row(0)
        for (k, t) in [(0, 2.5), (1, -0.8)] {
            // A move of t along direction k in the scaled space, in raw units.
            let moved = x.indices.map { x[$0] + t * Self.basis.directions[k][$0] * Self.basis.scale[$0] }
            let out = p.transform(Matrix([moved])).row(0)
            for (a, b) in zip(base, out) { #expect(abs(a - b) < 1e-12) }
        }
        // A move orthogonal to both directions passes through whole.
        let orthogonal: [Double] = [0.7, -0.1, -0.7, 0.1]  // ⟂ both in the scaled space
        let moved = x.indices.map { x[$0] + orthogonal[$0] * Self.basis.scale[$0] }
        let out = p.transform(Matrix([moved])).row(0)
        for j in x.indices { #expect(abs(out[j] - base[j] - orthogonal[j] * Self.basis.scale[j]) < 1e-12) }
    }

    @Test func aSubsetKeepsOnlyTheDirectionsThatLiveThere() {
        // Columns c, an unknown one, a: direction 1 keeps (0.5, 0.5) there and stays; direction 2
        // keeps (−0.1, 0.1), norm 0.14 < 0.3, and is dropped; the unknown column passes through.
        let p = NuisanceProjection(featureNames: ["c", "x", "a"], basis: Self.basis)
        #expect(p.columns == [0, 2])
        #expect(p.directions.count == 1)
        let got = p.transform(Matrix([[3.0, 7.0, 1.0]])).row(0)
        // numpy: q = [.5, .5] / √.5; z = [3/4, 1/2]; (z − q (q·z)) · [4, 2]
        let expected = [0.5, 7.0, -0.25]
        for (g, e) in zip(got, expected) { #expect(abs(g - e) < 1e-12, "\(Array(got)) vs \(expected)") }
    }

    @Test func theRemovedCoordinatesRestoreTheRows() {
        let p = NuisanceProjection(featureNames: ["a", "b", "c", "d"], basis: Self.basis)
        let x = Matrix([[1.0, -2.0, 3.0, 0.25], [-7, 0.5, 11, 2]])
        let back = p.restoring(p.transform(x), coordinates: p.coordinates(x))
        for r in 0..<x.rows { for c in 0..<x.columns { #expect(abs(back[r, c] - x[r, c]) < 1e-12) } }
    }

    @Test func aBasisOfTheWrongShapeIsRefused() {
        var bad = Self.basis
        bad.directions[1] = [1, 2]
        #expect(throws: LearningError.self) { try bad.validate() }
        bad = Self.basis
        bad.scale[0] = 0
        #expect(throws: LearningError.self) { try bad.validate() }
    }
}
