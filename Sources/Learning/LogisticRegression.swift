import Foundation

/// L2-penalised logistic regression, matching scikit-learn's
/// `LogisticRegression(C=c, solver="lbfgs")` (multinomial for three or more classes).
///
/// Objective (scikit-learn's parameterisation; the intercept is not penalised):
///
///     C · Σᵢ −log pᵢ,yᵢ  +  ½ ‖W‖²
///
/// With three or more classes `p` is the softmax over one weight row per class (the
/// over-parameterised multinomial model scikit-learn uses; the penalty makes it unique). With two
/// classes it is the binomial model with a single weight row, as scikit-learn's `coef_` of shape
/// (1, d). Solved with L-BFGS on the objective divided by n; with `tolerance: 1e-10` the
/// coefficients agree with scikit-learn's `LogisticRegression(C, max_iter=10000, tol=1e-10)` to
/// ~1e-6 (tested); the default 1e-6 is already far tighter than scikit-learn's default tol=1e-4.
///
/// Classes of `0..<classCount` that do not occur in the training labels get probability 0.
/// Features should be standardised first (the pipeline's scaler), as for scikit-learn.
public struct LogisticRegression: Classifier {
    /// Inverse regularisation strength (scikit-learn `C`); default 1.0. Must be > 0.
    public var c: Double
    /// L-BFGS iteration cap; default 1000.
    public var maxIterations: Int
    /// Stop when every gradient component of the mean objective is at most this; default 1e-6
    /// (scikit-learn: tol=1e-4 on the same scale; use 1e-10 to reproduce tight scikit-learn fits).
    public var tolerance: Double

    /// Fitted weights: one row per output (1 for two classes, else one per present class).
    public private(set) var coefficients = Matrix(rows: 0, columns: 0)
    /// Fitted intercepts, one per row of `coefficients`.
    public private(set) var intercepts: [Double] = []
    /// The classes present in the training labels (ascending); row k of a multinomial model is class `classes[k]`.
    public private(set) var classes: [Int] = []
    /// `classCount` given to `fit` (width of the probability output).
    public private(set) var classCount = 0
    /// L-BFGS iterations used by the last fit.
    public private(set) var iterationsUsed = 0

    public init(c: Double = 1.0, maxIterations: Int = 1000, tolerance: Double = 1e-6) {
        self.c = c
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }

    public mutating func fit(_ x: Matrix, labels: [Int], classCount: Int) throws {
        guard c > 0, c.isFinite else { throw LearningError.invalidHyperParameter("LogisticRegression c must be > 0, got \(c)") }
        guard maxIterations > 0 else { throw LearningError.invalidHyperParameter("LogisticRegression maxIterations must be > 0") }
        guard tolerance > 0 else { throw LearningError.invalidHyperParameter("LogisticRegression tolerance must be > 0") }
        let present = try FitInput.check(x, labels: labels, classCount: classCount)
        var classIndex = [Int](repeating: -1, count: classCount)
        for (k, cls) in present.enumerated() { classIndex[cls] = k }
        let y = labels.map { classIndex[$0] }
        let outputs = present.count == 2 ? 1 : present.count
        let d = x.columns, n = x.rows
        let stride = d + 1
        let penalty = 1 / (c * Double(n))  // objective / (C n): mean loss + ‖W‖² / (2 C n)
        let xs = x.values
        let z = UnsafeMutablePointer<Double>.allocate(capacity: outputs)
        defer { z.deallocate() }

        let objective: ([Double], inout [Double]) -> Double = { theta, grad in
            var loss = 0.0
            theta.withUnsafeBufferPointer { tb in
                xs.withUnsafeBufferPointer { xb in
                    y.withUnsafeBufferPointer { yb in
                        grad.withUnsafeMutableBufferPointer { gb in
                            let t = tb.baseAddress!, g = gb.baseAddress!, xp = xb.baseAddress!
                            g.initialize(repeating: 0, count: gb.count)
                            for i in 0..<n {
                                let row = xp + i * d
                                for r in 0..<outputs {
                                    let w = t + r * stride
                                    var s = w[d]
                                    for j in 0..<d { s += w[j] * row[j] }
                                    z[r] = s
                                }
                                let label = yb[i]
                                if outputs == 1 {
                                    // Binomial: loss = softplus(z) − y z, residual = σ(z) − y.
                                    let target = Double(label)
                                    let zi = z[0]
                                    loss += (zi > 0 ? zi + log1p(exp(-zi)) : log1p(exp(zi))) - target * zi
                                    z[0] = 1 / (1 + exp(-zi)) - target
                                } else {
                                    var m = -Double.infinity
                                    for r in 0..<outputs { m = max(m, z[r]) }
                                    var sum = 0.0
                                    for r in 0..<outputs { let e = exp(z[r] - m); z[r] = e; sum += e }
                                    loss += m + log(sum) - (log(z[label]) + m)
                                    let inv = 1 / sum
                                    for r in 0..<outputs { z[r] *= inv }
                                    z[label] -= 1  // residual p − onehot
                                }
                                for r in 0..<outputs {
                                    let residual = z[r]
                                    let gr = g + r * stride
                                    for j in 0..<d { gr[j] += residual * row[j] }
                                    gr[d] += residual
                                }
                            }
                        }
                    }
                }
            }
            let invN = 1 / Double(n)
            var norm2 = 0.0
            for r in 0..<outputs {
                for j in 0..<d {
                    let w = theta[r * stride + j]
                    norm2 += w * w
                    grad[r * stride + j] = grad[r * stride + j] * invN + penalty * w
                }
                grad[r * stride + d] *= invN
            }
            return loss * invN + 0.5 * penalty * norm2
        }
        let solver = LBFGS(maxIterations: maxIterations, gradientTolerance: tolerance)
        let result = solver.minimize([Double](repeating: 0, count: outputs * stride), objective)
        var weights: [Double] = []
        weights.reserveCapacity(outputs * d)
        var bias: [Double] = []
        for r in 0..<outputs {
            weights.append(contentsOf: result.x[(r * stride)..<(r * stride + d)])
            bias.append(result.x[r * stride + d])
        }
        coefficients = Matrix(rows: outputs, columns: d, values: weights)
        intercepts = bias
        classes = present
        self.classCount = classCount
        iterationsUsed = result.iterations
    }

    /// Raw scores `X Wᵀ + b` (scikit-learn `decision_function`): n x 1 for two classes, else n x classes.count.
    public func decisionFunction(_ x: Matrix) -> Matrix {
        precondition(x.columns == coefficients.columns, "LogisticRegression: \(x.columns) features, fitted on \(coefficients.columns)")
        let d = x.columns, outputs = coefficients.rows
        var out = Matrix(rows: x.rows, columns: outputs)
        for i in 0..<x.rows {
            for r in 0..<outputs {
                var s = intercepts[r]
                for j in 0..<d { s += coefficients.values[r * d + j] * x.values[i * d + j] }
                out.values[i * outputs + r] = s
            }
        }
        return out
    }

    public func predictProbabilities(_ x: Matrix) -> Matrix {
        let scores = decisionFunction(x)
        var out = Matrix(rows: x.rows, columns: classCount)
        for i in 0..<x.rows {
            if scores.columns == 1 {
                let p = 1 / (1 + exp(-scores.values[i]))
                out[i, classes[0]] = 1 - p
                out[i, classes[1]] = p
            } else {
                let row = scores.row(i)
                let m = row.max() ?? 0
                var sum = 0.0
                for v in row { sum += exp(v - m) }
                for (k, cls) in classes.enumerated() { out[i, cls] = exp(row[row.startIndex + k] - m) / sum }
            }
        }
        return out
    }
}
