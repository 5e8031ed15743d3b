import Foundation
@testable import Learning

/// A fixed 30 x 3, three-class data set (numpy default_rng(7): class centres plus unit noise,
/// rounded to 2 decimals) and four query rows; the scikit-learn 1.9.1 reference values in the
/// tests were computed once from exactly these numbers.
enum Fixture {
    static let x = Matrix([
        [0.0, 0.3, -0.27], [0.61, 0.55, -1.49], [-0.94, 2.84, 0.51], [-0.62, 0.49, 0.36], [1.61, 0.07, -0.53],
        [-0.3, 0.16, 0.54], [-1.9, -1.29, -1.84], [1.26, -0.27, -0.23], [-0.84, 1.31, -1.52], [-0.54, -0.05, 0.11],
        [-0.03, 0.52, -1.48], [-1.81, 2.56, 0.19], [-0.03, 0.88, -0.58], [1.39, 1.11, -0.44], [-2.23, 1.58, 2.36],
        [-1.55, 0.86, 0.12], [0.86, 3.0, 0.26], [-2.2, 1.57, 1.58], [-0.19, 0.68, -0.07], [2.17, 2.44, -1.18],
        [-0.8, 1.04, 1.13], [-1.19, -0.58, -0.2], [2.4, 2.15, -1.82], [-1.79, 2.15, -0.99], [-0.46, -0.1, 1.26],
        [2.19, 0.67, -0.87], [-1.25, 3.02, 0.57], [-0.3, 0.35, -0.12], [1.3, -0.11, -0.51], [-1.44, 2.67, 1.65],
    ])
    static let y = (0..<30).map { $0 % 3 }
    static let queries = Matrix([[-0.03, 0.8, -0.41], [1.26, -0.01, 0.7], [-1.55, 0.42, -2.03], [-2.44, -0.37, -1.08]])

    /// Isotropic Gaussian blobs (deterministic): `classes` centres spaced `spread` apart in
    /// `features` dimensions, unit noise. Returns rows and labels, classes interleaved.
    static func blobs(rows: Int, features: Int, classes: Int, spread: Double, seed: UInt64) -> (Matrix, [Int]) {
        var rng = SeededGenerator(seed: seed)
        var centres: [[Double]] = []
        for _ in 0..<classes { centres.append((0..<features).map { _ in (rng.nextUnit() * 2 - 1) * spread }) }
        var values: [Double] = [], labels: [Int] = []
        for i in 0..<rows {
            let c = i % classes
            labels.append(c)
            for j in 0..<features { values.append(centres[c][j] + gaussian(&rng)) }
        }
        return (Matrix(rows: rows, columns: features, values: values), labels)
    }

    static func gaussian(_ rng: inout SeededGenerator) -> Double {
        let u = max(rng.nextUnit(), 1e-300), v = rng.nextUnit()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    static func accuracy(_ predicted: [Int], _ truth: [Int]) -> Double {
        Double(zip(predicted, truth).filter { $0 == $1 }.count) / Double(truth.count)
    }

    static func maxDifference(_ a: Matrix, _ b: [[Double]]) -> Double {
        var m = 0.0
        for (r, row) in b.enumerated() { for (c, v) in row.enumerated() { m = max(m, abs(a[r, c] - v)) } }
        return m
    }
}
