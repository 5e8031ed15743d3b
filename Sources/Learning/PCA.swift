import Foundation

/// Principal component analysis: the directions of largest variance of centred rows, matching
/// scikit-learn's `PCA(n_components=k)` (full solver): `components` are the rows of
/// `components_`, `explainedVariance` the eigenvalues of the covariance with `n - 1` in the
/// denominator (`explained_variance_`), `explainedVarianceRatio` their share of the total
/// (`explained_variance_ratio_`), and `transform(x) = (x - mean) · componentsᵀ`.
///
/// The eigenvectors of the d×d covariance come from the cyclic Jacobi method (Golub & Van Loan,
/// Matrix Computations, §8.5), exact to rounding for the small d of feature tables. Signs follow
/// scikit-learn's `svd_flip(u_based_decision=False)`: the largest-magnitude coefficient of each
/// component is positive.
public struct PCA: Sendable, Codable, Equatable {
    /// Components kept (`n_components`, default 2).
    public var componentCount: Int
    public private(set) var mean: [Double] = []
    public private(set) var components: [[Double]] = []
    public private(set) var explainedVariance: [Double] = []
    public private(set) var explainedVarianceRatio: [Double] = []

    public init(componentCount: Int = 2) { self.componentCount = componentCount }

    /// Learns the components of `x`'s rows. Throws for fewer than two rows, more components than
    /// columns, or non-finite values.
    public mutating func fit(_ x: Matrix) throws {
        guard x.rows >= 2 else { throw LearningError.emptyTrainingSet }
        guard componentCount >= 1, componentCount <= x.columns else {
            throw LearningError.invalidHyperParameter("PCA: \(componentCount) components of \(x.columns) columns")
        }
        guard x.values.allSatisfy(\.isFinite) else { throw LearningError.invalidValue("PCA: non-finite feature value") }
        let d = x.columns
        mean = x.columnMeans()
        var covariance = [Double](repeating: 0, count: d * d)
        for r in 0..<x.rows {
            let row = (0..<d).map { x[r, $0] - mean[$0] }
            for i in 0..<d where row[i] != 0 {
                for j in i..<d { covariance[i * d + j] += row[i] * row[j] }
            }
        }
        for i in 0..<d { for j in i..<d { covariance[i * d + j] /= Double(x.rows - 1); covariance[j * d + i] = covariance[i * d + j] } }
        let (values, vectors) = Self.symmetricEigen(covariance, size: d)
        let order = values.indices.sorted { values[$0] > values[$1] }
        let total = values.reduce(0, +)
        components = order.prefix(componentCount).map { k in
            var v = (0..<d).map { vectors[$0 * d + k] }
            if let big = v.indices.max(by: { abs(v[$0]) < abs(v[$1]) }), v[big] < 0 { v = v.map { -$0 } }
            return v
        }
        explainedVariance = order.prefix(componentCount).map { max(values[$0], 0) }
        explainedVarianceRatio = explainedVariance.map { total > 0 ? $0 / total : 0 }
    }

    /// The rows projected on the components (one column per component).
    public func transform(_ x: Matrix) -> Matrix {
        precondition(x.columns == mean.count, "PCA: \(x.columns) columns, fitted on \(mean.count)")
        var out = Matrix(rows: x.rows, columns: components.count)
        for r in 0..<x.rows {
            for (k, axis) in components.enumerated() {
                var s = 0.0
                for c in 0..<x.columns { s += (x[r, c] - mean[c]) * axis[c] }
                out[r, k] = s
            }
        }
        return out
    }

    /// Eigenvalues and eigenvectors (column k of the row-major `size`×`size` result) of a
    /// symmetric matrix, by cyclic Jacobi rotations until the off-diagonal part vanishes.
    static func symmetricEigen(_ matrix: [Double], size n: Int) -> (values: [Double], vectors: [Double]) {
        var a = matrix
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        let scale = max(a.map(abs).max() ?? 0, .leastNormalMagnitude)
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<n { for j in (i + 1)..<n { off += a[i * n + j] * a[i * n + j] } }
            if off.squareRoot() <= 1e-15 * scale { break }
            for p in 0..<n {
                for q in (p + 1)..<n {
                    let apq = a[p * n + q]
                    guard apq != 0 else { continue }
                    // The rotation that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.5.1).
                    let tau = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t = (tau >= 0 ? 1 : -1) / (abs(tau) + (1 + tau * tau).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return ((0..<n).map { a[$0 * n + $0] }, v)
    }
}
