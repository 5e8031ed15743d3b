import Foundation

/// Linear discriminant analysis with a shrunk pooled covariance, matching scikit-learn's
/// `LinearDiscriminantAnalysis(solver="lsqr", shrinkage=s)` (ESL section 4.3; Ledoit & Wolf-style
/// shrinkage with a fixed intensity).
///
/// Per class k: mean μₖ and covariance Sₖ (divided by nₖ), shrunk towards a multiple of the
/// identity as scikit-learn's `shrunk_covariance`: Sₖ ← (1 − s)·Sₖ + s·(tr Sₖ / d)·I; the pooled
/// covariance is Σ = Σₖ πₖ Sₖ with priors πₖ = nₖ / n. (Standardise the features first, as the
/// pipelines do, so that the shrinkage treats them alike.) Then wₖ = Σ⁻¹ μₖ,
/// bₖ = −½ μₖ·wₖ + log πₖ, and the probabilities are the softmax of x·wₖ + bₖ.
///
/// A shared covariance gives linear boundaries with few parameters; on GTZAN's 57 features it
/// generalises to unseen artists better than the more flexible models (see bench/README.md).
/// Throws when the shrunk covariance is numerically singular (a constant feature with `s` = 0).
/// Classes of `0..<classCount` absent from training get probability 0.
public struct LinearDiscriminantAnalysis: Classifier {
    /// Shrinkage intensity in [0, 1] (scikit-learn `shrinkage`); default 0.1.
    public var shrinkage: Double

    public private(set) var classes: [Int] = []
    public private(set) var classCount = 0
    /// One row of weights per present class (d columns).
    public private(set) var coefficients = Matrix(rows: 0, columns: 0)
    public private(set) var intercepts: [Double] = []

    public init(shrinkage: Double = 0.1) { self.shrinkage = shrinkage }

    public mutating func fit(_ x: Matrix, labels: [Int], classCount: Int) throws {
        guard shrinkage >= 0, shrinkage <= 1 else {
            throw LearningError.invalidHyperParameter("LinearDiscriminantAnalysis shrinkage must be in [0, 1], got \(shrinkage)")
        }
        let present = try FitInput.check(x, labels: labels, classCount: classCount)
        let d = x.columns, n = Double(x.rows)
        var pooled = [Double](repeating: 0, count: d * d)
        var means: [[Double]] = [], priors: [Double] = []
        for cls in present {
            let rows = labels.indices.filter { labels[$0] == cls }
            let nk = Double(rows.count)
            var mean = [Double](repeating: 0, count: d)
            for r in rows { for j in 0..<d { mean[j] += x.values[r * d + j] } }
            for j in 0..<d { mean[j] /= nk }
            var cov = [Double](repeating: 0, count: d * d)
            var centred = [Double](repeating: 0, count: d)
            for r in rows {
                for j in 0..<d { centred[j] = x.values[r * d + j] - mean[j] }
                for a in 0..<d { let ca = centred[a]; for b in a..<d { cov[a * d + b] += ca * centred[b] } }
            }
            let prior = nk / n
            var trace = 0.0
            for a in 0..<d { trace += cov[a * d + a] / nk }
            let target = shrinkage * trace / Double(d)
            for a in 0..<d {
                for b in a..<d {
                    let v = ((1 - shrinkage) * cov[a * d + b] / nk + (a == b ? target : 0)) * prior
                    pooled[a * d + b] += v
                    if a != b { pooled[b * d + a] += v }
                }
            }
            means.append(mean)
            priors.append(prior)
        }
        guard let (w, _) = choleskyWhitening(pooled, d, tolerance: 1e-12) else {
            throw LearningError.invalidValue("LinearDiscriminantAnalysis: the pooled covariance is singular; raise shrinkage or drop constant features")
        }
        // Σ⁻¹ = W Wᵀ with W = (L⁻¹)ᵀ upper triangular.
        var weights: [Double] = [], bias: [Double] = []
        for (k, mean) in means.enumerated() {
            var t = [Double](repeating: 0, count: d)   // t = Wᵀ μ
            for col in 0..<d { var s = 0.0; for a in 0...col { s += w[a * d + col] * mean[a] }; t[col] = s }
            var coef = [Double](repeating: 0, count: d)  // W t
            for a in 0..<d { var s = 0.0; for col in a..<d { s += w[a * d + col] * t[col] }; coef[a] = s }
            var quadratic = 0.0
            for j in 0..<d { quadratic += mean[j] * coef[j] }
            weights += coef
            bias.append(-0.5 * quadratic + log(priors[k]))
        }
        classes = present
        self.classCount = classCount
        coefficients = Matrix(rows: present.count, columns: d, values: weights)
        intercepts = bias
    }

    public func predictProbabilities(_ x: Matrix) -> Matrix {
        let d = coefficients.columns
        precondition(x.columns == d, "LinearDiscriminantAnalysis: \(x.columns) features, fitted on \(d)")
        var out = Matrix(rows: x.rows, columns: classCount)
        var scores = [Double](repeating: 0, count: classes.count)
        for i in 0..<x.rows {
            for k in 0..<classes.count {
                var s = intercepts[k]
                for j in 0..<d { s += coefficients.values[k * d + j] * x.values[i * d + j] }
                scores[k] = s
            }
            let m = scores.max() ?? 0
            var sum = 0.0
            for v in scores { sum += exp(v - m) }
            for (k, cls) in classes.enumerated() { out[i, cls] = exp(scores[k] - m) / sum }
        }
        return out
    }
}
