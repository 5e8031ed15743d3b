import Foundation

/// Quadratic discriminant analysis, matching scikit-learn 1.9's
/// `QuadraticDiscriminantAnalysis(reg_param=...)` (solver "svd"), ESL eq. 4.12.
///
/// Per class k: mean μₖ, covariance Σₖ = Xcᵀ Xc / nₖ (centred rows; scikit-learn 1.9, the
/// version checked, divides by nₖ, not nₖ − 1), eigen-decomposed as V S Vᵀ and regularised as
/// S ← (1 − regParam)·S + regParam. The log posterior is −½(‖(x − μₖ) V S^(−½)‖² + Σ log S) + log πₖ
/// with priors πₖ = nₖ / n (class frequencies), and probabilities are its softmax.
///
/// Throws when a class has a single sample or its regularised covariance is numerically singular
/// (a Cholesky pivot ≤ `tolerance`; scikit-learn checks the smallest eigenvalue against `tol`,
/// which can reject a few nearly singular covariances this accepts): raise `regParam` then.
/// Classes of `0..<classCount` absent from training get probability 0.
public struct QDA: Classifier {
    /// Shrinks each class covariance towards the identity; default 0 (scikit-learn `reg_param`).
    public var regParam: Double
    /// Smallest allowed regularised eigenvalue; default 1e-4 (scikit-learn `tol`).
    public var tolerance: Double

    public private(set) var classes: [Int] = []
    public private(set) var classCount = 0
    /// Class means, one row per present class.
    public private(set) var means = Matrix(rows: 0, columns: 0)
    /// Per class: the whitening matrix (L⁻¹)ᵀ of the regularised covariance L Lᵀ (d x d, row-major).
    public private(set) var whitening: [[Double]] = []
    /// Per class: −½ Σ log S + log πₖ.
    public private(set) var offsets: [Double] = []

    public init(regParam: Double = 0, tolerance: Double = 1e-4) {
        self.regParam = regParam
        self.tolerance = tolerance
    }

    public mutating func fit(_ x: Matrix, labels: [Int], classCount: Int) throws {
        guard regParam >= 0, regParam <= 1 else {
            throw LearningError.invalidHyperParameter("QDA regParam must be in [0, 1], got \(regParam)")
        }
        let present = try FitInput.check(x, labels: labels, classCount: classCount)
        let d = x.columns, n = x.rows
        var meanRows: [Double] = []
        var newWhitening: [[Double]] = []
        var newOffsets: [Double] = []
        for cls in present {
            let rows = labels.indices.filter { labels[$0] == cls }
            guard rows.count > 1 else {
                throw LearningError.invalidValue("QDA: class \(cls) has only one sample, its covariance is undefined")
            }
            var mean = [Double](repeating: 0, count: d)
            for r in rows { for j in 0..<d { mean[j] += x.values[r * d + j] } }
            for j in 0..<d { mean[j] /= Double(rows.count) }
            var cov = [Double](repeating: 0, count: d * d)
            var centred = [Double](repeating: 0, count: d)
            for r in rows {
                for j in 0..<d { centred[j] = x.values[r * d + j] - mean[j] }
                for a in 0..<d { let ca = centred[a]; for b in a..<d { cov[a * d + b] += ca * centred[b] } }
            }
            for a in 0..<d { for b in a..<d {
                cov[a * d + b] /= Double(rows.count); cov[b * d + a] = cov[a * d + b]
            } }
            // Σ_reg = (1 − r)Σ + rI has the eigenvalues (1 − r)S + r of scikit-learn's formula, so its
            // Cholesky factor L gives the same log-determinant (2 Σ log Lᵢᵢ) and Mahalanobis norm
            // (‖L⁻¹(x − μ)‖²) at a fraction of an eigen-decomposition's cost.
            for a in 0..<d {
                for b in 0..<d { cov[a * d + b] *= 1 - regParam }
                cov[a * d + a] += regParam
            }
            guard let (w, logDet) = choleskyWhitening(cov, d, tolerance: tolerance) else {
                throw LearningError.invalidValue(
                    "QDA: the covariance of class \(cls) is not full rank; increase regParam to reduce the collinearity")
            }
            meanRows.append(contentsOf: mean)
            newWhitening.append(w)
            newOffsets.append(-0.5 * logDet + log(Double(rows.count) / Double(n)))
        }
        classes = present
        self.classCount = classCount
        means = Matrix(rows: present.count, columns: d, values: meanRows)
        whitening = newWhitening
        offsets = newOffsets
    }

    /// Log posteriors up to a constant (scikit-learn `_decision_function`), n x classes.count.
    public func logPosteriors(_ x: Matrix) -> Matrix {
        let d = means.columns
        precondition(x.columns == d, "QDA: \(x.columns) features, fitted on \(d)")
        var out = Matrix(rows: x.rows, columns: classes.count)
        var centred = [Double](repeating: 0, count: d)
        for i in 0..<x.rows {
            for k in 0..<classes.count {
                for j in 0..<d { centred[j] = x.values[i * d + j] - means.values[k * d + j] }
                let w = whitening[k]
                var norm2 = 0.0
                for col in 0..<d {
                    var s = 0.0
                    for a in 0...col { s += centred[a] * w[a * d + col] }  // W is upper triangular
                    norm2 += s * s
                }
                out.values[i * classes.count + k] = -0.5 * norm2 + offsets[k]
            }
        }
        return out
    }

    public func predictProbabilities(_ x: Matrix) -> Matrix {
        let scores = logPosteriors(x)
        var out = Matrix(rows: x.rows, columns: classCount)
        for i in 0..<x.rows {
            let row = scores.row(i)
            let m = row.max() ?? 0
            var sum = 0.0
            for v in row { sum += exp(v - m) }
            for (k, cls) in classes.enumerated() { out[i, cls] = exp(row[row.startIndex + k] - m) / sum }
        }
        return out
    }
}

/// Cholesky factorisation Σ = L Lᵀ of a symmetric positive-definite d x d matrix (row-major),
/// returning W = (L⁻¹)ᵀ (row-major, so that ‖(x − μ) W‖ = ‖L⁻¹(x − μ)‖) and log det Σ; nil when a
/// pivot Lᵢᵢ² is at most `tolerance` (numerically singular).
public func choleskyWhitening(_ matrix: [Double], _ d: Int, tolerance: Double) -> (whitening: [Double], logDet: Double)? {
    var l = [Double](repeating: 0, count: d * d)
    var logDet = 0.0
    for j in 0..<d {
        var diagonal = matrix[j * d + j]
        for k in 0..<j { diagonal -= l[j * d + k] * l[j * d + k] }
        guard diagonal > tolerance, diagonal.isFinite else { return nil }
        let ljj = diagonal.squareRoot()
        l[j * d + j] = ljj
        logDet += log(diagonal)
        for i in (j + 1)..<max(j + 1, d) {
            var v = matrix[i * d + j]
            for k in 0..<j { v -= l[i * d + k] * l[j * d + k] }
            l[i * d + j] = v / ljj
        }
    }
    // Inverse of the lower-triangular L by forward substitution, column by column.
    var inverse = [Double](repeating: 0, count: d * d)
    for c in 0..<d {
        for i in c..<d {
            var v = i == c ? 1.0 : 0.0
            for k in c..<i { v -= l[i * d + k] * inverse[k * d + c] }
            inverse[i * d + c] = v / l[i * d + i]
        }
    }
    var w = [Double](repeating: 0, count: d * d)
    for a in 0..<d { for b in 0..<d { w[a * d + b] = inverse[b * d + a] } }
    return (w, logDet)
}
