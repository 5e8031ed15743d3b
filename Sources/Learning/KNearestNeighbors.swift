import Foundation

/// k-nearest-neighbours classification with Euclidean distance, matching scikit-learn's
/// `KNeighborsClassifier(n_neighbors=k, weights=..., algorithm="brute")`.
///
/// Probabilities are the (weighted) share of each class among the k nearest training rows.
/// With `.distance` weights each neighbour counts 1/distance; when a query coincides with one or
/// more training rows (distance 0) only those rows vote, with equal weight (scikit-learn's rule).
/// `distanceFloor` > 0 (no scikit-learn counterpart; `weights=callable` with 1/max(d, floor))
/// caps every weight at 1/floor instead: a query at or near a training row (that row's own
/// recording, or a resampled copy of it a small distance away) then gets the same answer, where
/// the 1/d rule jumps from "only the row itself" to "all k neighbours" (bench/chains/memorised.py).
/// Ties in distance are broken by lower training-row index. When fewer than k training rows
/// exist all of them are used (scikit-learn raises instead).
public struct KNearestNeighbors: Classifier {
    public enum Weights: String, Sendable, Codable { case uniform, distance }

    /// Number of neighbours; default 5 (scikit-learn `n_neighbors`).
    public var k: Int
    /// Vote weighting; default `.uniform` (scikit-learn `weights`).
    public var weights: Weights
    /// With `.distance` weights, the smallest distance a weight is computed from (1/max(d, floor));
    /// default 0, scikit-learn's rule. In the units of the rows (standardised features in genre).
    public var distanceFloor: Double
    /// The precision the training rows are kept in once fitted; default `.double`, scikit-learn's
    /// (with `.single` a query equal to a training row in Double lies a rounding step away from it).
    public var storedPrecision: StoredPrecision

    /// The stored training rows and labels (the model is the data).
    public private(set) var trainingRows = Matrix(rows: 0, columns: 0)
    public private(set) var trainingLabels: [Int] = []
    public private(set) var classCount = 0

    public init(k: Int = 5, weights: Weights = .uniform, distanceFloor: Double = 0, storedPrecision: StoredPrecision = .double) {
        self.k = k
        self.weights = weights
        self.distanceFloor = distanceFloor
        self.storedPrecision = storedPrecision
    }

    private enum CodingKeys: String, CodingKey {
        case k, weights, distanceFloor, storedPrecision, trainingRows, trainingLabels, classCount
    }

    /// Model files written before `distanceFloor` existed decode with floor 0 (their behaviour),
    /// and those written before `storedPrecision` with `.double` (their rows are Doubles).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        k = try c.decode(Int.self, forKey: .k)
        weights = try c.decode(Weights.self, forKey: .weights)
        distanceFloor = try c.decodeIfPresent(Double.self, forKey: .distanceFloor) ?? 0
        storedPrecision = try c.decodeIfPresent(StoredPrecision.self, forKey: .storedPrecision) ?? .double
        trainingRows = try c.decode(Matrix.self, forKey: .trainingRows)
        trainingLabels = try c.decode([Int].self, forKey: .trainingLabels)
        classCount = try c.decode(Int.self, forKey: .classCount)
    }

    public mutating func fit(_ x: Matrix, labels: [Int], classCount: Int) throws {
        guard k >= 1 else { throw LearningError.invalidHyperParameter("KNearestNeighbors k must be >= 1, got \(k)") }
        guard distanceFloor >= 0, distanceFloor.isFinite else {
            throw LearningError.invalidHyperParameter("KNearestNeighbors distanceFloor must be finite and >= 0, got \(distanceFloor)")
        }
        _ = try FitInput.check(x, labels: labels, classCount: classCount, minimumClasses: 1)
        trainingRows = storedPrecision.stored(x)
        trainingLabels = labels
        self.classCount = classCount
    }

    /// The `k` training rows nearest to `query` (Euclidean), nearest first, ties by lower index.
    public func neighbors(of query: ArraySlice<Double>, k: Int) -> [(index: Int, distance: Double)] {
        Self.nearest(query, in: trainingRows, k: k)
    }

    /// Array form of `neighbors(of:k:)`.
    public func neighbors(of query: [Double], k: Int) -> [(index: Int, distance: Double)] {
        Self.nearest(query[...], in: trainingRows, k: k)
    }

    /// The `k` rows of `rows` nearest to `query` (Euclidean), nearest first, ties by lower index.
    /// Useful on its own for "nearest tracks" listings over any feature table.
    public static func nearest(_ query: ArraySlice<Double>, in rows: Matrix, k: Int) -> [(index: Int, distance: Double)] {
        let d = rows.columns
        precondition(query.count == d, "KNearestNeighbors: query has \(query.count) features, rows have \(d)")
        let count = min(max(k, 0), rows.rows)
        if count == 0 { return [] }
        // Keep the best `count` squared distances in a small sorted buffer (insertion): k is small.
        var best: [(index: Int, d2: Double)] = []
        best.reserveCapacity(count + 1)
        rows.values.withUnsafeBufferPointer { xb in
            query.withUnsafeBufferPointer { qb in
                for r in 0..<rows.rows {
                    let row = xb.baseAddress! + r * d
                    var s = 0.0
                    for j in 0..<d { let t = row[j] - qb[j]; s += t * t }
                    if best.count == count, s >= best[count - 1].d2 { continue }
                    var pos = best.count
                    while pos > 0 && best[pos - 1].d2 > s { pos -= 1 }
                    best.insert((r, s), at: pos)
                    if best.count > count { best.removeLast() }
                }
            }
        }
        return best.map { ($0.index, $0.d2.squareRoot()) }
    }

    public func predictProbabilities(_ x: Matrix) -> Matrix {
        let classes = classCount, k = self.k, weights = self.weights, floor = distanceFloor
        let train = trainingRows, labels = trainingLabels
        return parallelRows(x.rows, classes) { range, out in
            for i in range {
                let found = Self.nearest(x.row(i), in: train, k: k)
                let exact = floor == 0 && found.contains { $0.distance == 0 }
                var total = 0.0
                for nb in found {
                    let w: Double
                    switch weights {
                    case .uniform: w = 1
                    case .distance: w = exact ? (nb.distance == 0 ? 1 : 0) : 1 / Swift.max(nb.distance, floor)
                    }
                    out[i * classes + labels[nb.index]] += w
                    total += w
                }
                if total > 0 { for c in 0..<classes { out[i * classes + c] /= total } }
            }
        }
    }
}
