import Foundation

/// Quadratic discriminant analysis, matching scikit-learn 1.9's
/// `QuadraticDiscriminantAnalysis(reg_param=...)` (solver "svd"), ESL eq. 4.12.
///
/// Per class k: mean μₖ, covariance Σₖ = Xcᵀ Xc / nₖ (centred rows; scikit-learn ≥ 1.6 divides by
/// nₖ), eigen-decomposed as V S Vᵀ and regularised as S ← (1 − regParam)·S + regParam. The log
/// posterior is −½(‖(x − μₖ) V S^(−½)‖² + Σ log S) + log πₖ with priors πₖ = nₖ / n (class
/// frequencies), and probabilities are its softmax.
///
/// Throws when a class has a single sample or its regularised covariance has an eigenvalue below
/// `tolerance` (scikit-learn raises `LinAlgError` in both cases): raise `regParam` then.
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
    /// Per class: rotation V (d x d, row-major, columns are eigenvectors) scaled by S^(−½).
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
            let (eigenvalues, vectors) = symmetricEigen(cov, d)
            var logDet = 0.0
            var w = vectors
            for k in 0..<d {
                let s = (1 - regParam) * eigenvalues[k] + regParam
                guard s > tolerance else {
                    throw LearningError.invalidValue(
                        "QDA: the covariance of class \(cls) is not full rank; increase regParam to reduce the collinearity")
                }
                logDet += log(s)
                let scale = 1 / s.squareRoot()
                for a in 0..<d { w[a * d + k] *= scale }
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
                    for a in 0..<d { s += centred[a] * w[a * d + col] }
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

/// Eigen-decomposition of a symmetric d x d matrix (row-major) by cyclic Jacobi rotations
/// (Golub & Van Loan §8.5). Returns eigenvalues and the eigenvector matrix V (row-major, column k
/// is the eigenvector of eigenvalue k). Accurate to machine precision for small d.
func symmetricEigen(_ matrix: [Double], _ d: Int) -> (values: [Double], vectors: [Double]) {
    var a = matrix
    var v = [Double](repeating: 0, count: d * d)
    for i in 0..<d { v[i * d + i] = 1 }
    for _ in 0..<100 {
        var off = 0.0, total = 0.0
        for p in 0..<d { for q in 0..<d {
            let x = a[p * d + q] * a[p * d + q]
            total += x
            if p != q { off += x }
        } }
        if off <= 1e-30 * total || off == 0 { break }
        for p in 0..<(d - 1) {
            for q in (p + 1)..<d {
                let apq = a[p * d + q]
                if abs(apq) < 1e-300 { continue }
                let theta = (a[q * d + q] - a[p * d + p]) / (2 * apq)
                let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                let c = 1 / (t * t + 1).squareRoot(), s = t * c
                for k in 0..<d {  // A ← A J (columns p, q)
                    let akp = a[k * d + p], akq = a[k * d + q]
                    a[k * d + p] = c * akp - s * akq
                    a[k * d + q] = s * akp + c * akq
                }
                for k in 0..<d {  // A ← Jᵀ A (rows p, q)
                    let apk = a[p * d + k], aqk = a[q * d + k]
                    a[p * d + k] = c * apk - s * aqk
                    a[q * d + k] = s * apk + c * aqk
                }
                for k in 0..<d {
                    let vkp = v[k * d + p], vkq = v[k * d + q]
                    v[k * d + p] = c * vkp - s * vkq
                    v[k * d + q] = s * vkp + c * vkq
                }
            }
        }
    }
    return ((0..<d).map { a[$0 * d + $0] }, v)
}
