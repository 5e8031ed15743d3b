/// Ledoit–Wolf shrinkage covariance (Ledoit & Wolf 2004, "A well-conditioned estimator for
/// large-dimensional covariance matrices"), matching scikit-learn's
/// `sklearn.covariance.ledoit_wolf(X, assume_centered=...)`:
///
///     Σ̂ = (1 − δ) S + δ μ I,   μ = tr(S) / p,
///
/// where S is the empirical (1/n) covariance and the shrinkage δ ∈ [0, 1] minimises the expected
/// Frobenius error, estimated from the data. Unlike S, Σ̂ is invertible however few rows there are,
/// which is what a Mahalanobis distance in 50-odd dimensions from a few hundred rows needs.
public enum LedoitWolf {
    /// The shrunk covariance (row-major p x p) and the shrinkage δ of the rows of `x`.
    /// - Parameter assumeCentered: when false (scikit-learn's default) the column means are removed first.
    public static func covariance(_ x: Matrix, assumeCentered: Bool = false) -> (covariance: [Double], shrinkage: Double) {
        let n = x.rows, p = x.columns
        precondition(n > 0 && p > 0, "LedoitWolf: empty matrix")
        var centred = x
        if !assumeCentered {
            let means = x.columnMeans()
            for r in 0..<n { for c in 0..<p { centred[r, c] -= means[c] } }
        }
        let v = centred.values
        // S = XᵀX / n, and Σ (X²ᵀX²)ᵢⱼ over all i, j = Σ_rows (Σ_c x²)², for the estimate of δ.
        var s = [Double](repeating: 0, count: p * p)
        var beta = 0.0
        for r in 0..<n {
            let base = r * p
            var rowSquares = 0.0
            for i in 0..<p {
                let xi = v[base + i]
                rowSquares += xi * xi
                for j in i..<p { s[i * p + j] += xi * v[base + j] }
            }
            beta += rowSquares * rowSquares
        }
        for i in 0..<p { for j in i..<p { s[i * p + j] /= Double(n); s[j * p + i] = s[i * p + j] } }
        var trace = 0.0
        for i in 0..<p { trace += s[i * p + i] }
        let mu = trace / Double(p)
        // scikit-learn's ledoit_wolf_shrinkage: delta_ = Σ (XᵀX)² / n², beta = (Σ X²ᵀX² / n − delta_) / (p n).
        var sumSquares = 0.0
        for value in s { sumSquares += value * value }
        let deltaHat = sumSquares  // = Σ (XᵀX / n)²
        var betaHat = (beta / Double(n) - deltaHat) / (Double(p) * Double(n))
        let delta = (deltaHat - 2 * mu * trace + Double(p) * mu * mu) / Double(p)
        betaHat = min(betaHat, delta)
        let shrinkage = betaHat == 0 ? 0 : betaHat / delta
        var out = s
        for i in 0..<(p * p) { out[i] *= 1 - shrinkage }
        for i in 0..<p { out[i * p + i] += shrinkage * mu }
        return (out, shrinkage)
    }
}
