import Foundation

/// The dual C-SVC problem solved by SMO as in libsvm (Chang & Lin 2011; Fan, Chen & Lin 2005):
///
///     min ½ αᵀQα − eᵀα   subject to 0 ≤ αᵢ ≤ C, yᵀα = 0,   Qᵢⱼ = yᵢ yⱼ K(xᵢ, xⱼ)
///
/// with libsvm's second-order working-set selection (WSS2), its clipped two-variable update and
/// its bias (`rho`) rule: the mean of yᵢ∇ᵢ over free αᵢ, else the midpoint of the feasible
/// interval. Stops when the maximal violating pair's gap m(α) − M(α) < `tolerance` (libsvm
/// `eps`). No shrinking: the problems here (one pair of classes) are small and the dense kernel is
/// precomputed, so shrinking would not pay.
struct SMOSolver {
    var c: Double
    var tolerance: Double
    var maxIterations: Int

    struct Solution {
        var alpha: [Double]
        var rho: Double
        var iterations: Int
    }

    /// `kernel` is the l x l kernel matrix (row-major), `y` the ±1 labels.
    func solve(kernel: [Double], y: [Double]) -> Solution {
        let l = y.count
        var alpha = [Double](repeating: 0, count: l)
        var grad = [Double](repeating: -1, count: l)
        let tau = 1e-12
        var iterations = 0
        kernel.withUnsafeBufferPointer { kb in
            let k = kb.baseAddress!
            while iterations < maxIterations {
                // Working-set selection 2 (Fan, Chen & Lin 2005), written with K and y.
                var gMax = -Double.infinity, gMax2 = -Double.infinity
                var i = -1
                for t in 0..<l {
                    if y[t] > 0 {
                        if alpha[t] < c, -grad[t] >= gMax { gMax = -grad[t]; i = t }
                    } else {
                        if alpha[t] > 0, grad[t] >= gMax { gMax = grad[t]; i = t }
                    }
                }
                var j = -1
                var objMin = Double.infinity
                if i >= 0 {
                    // libsvm's quad_coef Qᵢᵢ + Qₜₜ − 2yᵢyₜQᵢₜ is Kᵢᵢ + Kₜₜ − 2Kᵢₜ for either label.
                    let ki = k + i * l
                    for t in 0..<l {
                        if y[t] > 0 {
                            if alpha[t] > 0 {
                                let diff = gMax + grad[t]
                                if grad[t] >= gMax2 { gMax2 = grad[t] }
                                if diff > 0 {
                                    let quad = k[i * l + i] + k[t * l + t] - 2 * ki[t]
                                    let obj = -(diff * diff) / (quad > 0 ? quad : tau)
                                    if obj <= objMin { j = t; objMin = obj }
                                }
                            }
                        } else {
                            if alpha[t] < c {
                                let diff = gMax - grad[t]
                                if -grad[t] >= gMax2 { gMax2 = -grad[t] }
                                if diff > 0 {
                                    let quad = k[i * l + i] + k[t * l + t] - 2 * ki[t]
                                    let obj = -(diff * diff) / (quad > 0 ? quad : tau)
                                    if obj <= objMin { j = t; objMin = obj }
                                }
                            }
                        }
                    }
                }
                if gMax + gMax2 < tolerance || i < 0 || j < 0 { break }
                iterations += 1
                let ki = k + i * l, kj = k + j * l
                let qij = y[i] * y[j] * ki[j]
                let oldI = alpha[i], oldJ = alpha[j]
                if y[i] != y[j] {
                    var quad = ki[i] + kj[j] + 2 * qij
                    if quad <= 0 { quad = tau }
                    let delta = (-grad[i] - grad[j]) / quad
                    let diff = alpha[i] - alpha[j]
                    alpha[i] += delta; alpha[j] += delta
                    if diff > 0 { if alpha[j] < 0 { alpha[j] = 0; alpha[i] = diff } } else { if alpha[i] < 0 { alpha[i] = 0; alpha[j] = -diff } }
                    if diff > 0 { if alpha[i] > c { alpha[i] = c; alpha[j] = c - diff } } else { if alpha[j] > c { alpha[j] = c; alpha[i] = c + diff } }
                } else {
                    var quad = ki[i] + kj[j] - 2 * qij
                    if quad <= 0 { quad = tau }
                    let delta = (grad[i] - grad[j]) / quad
                    let sum = alpha[i] + alpha[j]
                    alpha[i] -= delta; alpha[j] += delta
                    if sum > c { if alpha[i] > c { alpha[i] = c; alpha[j] = sum - c } } else { if alpha[j] < 0 { alpha[j] = 0; alpha[i] = sum } }
                    if sum > c { if alpha[j] > c { alpha[j] = c; alpha[i] = sum - c } } else { if alpha[i] < 0 { alpha[i] = 0; alpha[j] = sum } }
                }
                let dI = (alpha[i] - oldI) * y[i], dJ = (alpha[j] - oldJ) * y[j]
                // ∇ₜ += Qₜᵢ Δαᵢ + Qₜⱼ Δαⱼ with Qₜᵢ = yₜ yᵢ Kₜᵢ.
                for t in 0..<l { grad[t] += y[t] * (ki[t] * dI + kj[t] * dJ) }
            }
        }
        // Bias (libsvm calculate_rho).
        var ub = Double.infinity, lb = -Double.infinity, sumFree = 0.0, free = 0
        for t in 0..<l {
            let yg = y[t] * grad[t]
            if alpha[t] >= c {
                if y[t] < 0 { ub = min(ub, yg) } else { lb = max(lb, yg) }
            } else if alpha[t] <= 0 {
                if y[t] > 0 { ub = min(ub, yg) } else { lb = max(lb, yg) }
            } else {
                free += 1; sumFree += yg
            }
        }
        let rho = free > 0 ? sumFree / Double(free) : (ub + lb) / 2
        return Solution(alpha: alpha, rho: rho, iterations: iterations)
    }
}

/// Platt scaling as in libsvm's `sigmoid_train` (Platt 2000 with the Newton method and targets of
/// Lin, Lin & Weng 2007): fits P(y = +1 | f) = 1 / (1 + exp(A f + B)) to decision values.
func plattSigmoid(decisions: [Double], positive: [Bool]) -> (a: Double, b: Double) {
    let prior1 = Double(positive.filter { $0 }.count), prior0 = Double(positive.count) - prior1
    let hiTarget = (prior1 + 1) / (prior1 + 2), loTarget = 1 / (prior0 + 2)
    let t = positive.map { $0 ? hiTarget : loTarget }
    var a = 0.0, b = log((prior0 + 1) / (prior1 + 1))
    func value(_ a: Double, _ b: Double) -> Double {
        var f = 0.0
        for (i, dec) in decisions.enumerated() {
            let fApB = dec * a + b
            f += fApB >= 0 ? t[i] * fApB + log1p(exp(-fApB)) : (t[i] - 1) * fApB + log1p(exp(fApB))
        }
        return f
    }
    var fval = value(a, b)
    for _ in 0..<100 {
        var h11 = 1e-12, h22 = 1e-12, h21 = 0.0, g1 = 0.0, g2 = 0.0
        for (i, dec) in decisions.enumerated() {
            let fApB = dec * a + b
            let p: Double, q: Double
            if fApB >= 0 { p = exp(-fApB) / (1 + exp(-fApB)); q = 1 / (1 + exp(-fApB)) } else { p = 1 / (1 + exp(fApB)); q = exp(fApB) / (1 + exp(fApB)) }
            let d2 = p * q
            h11 += dec * dec * d2; h22 += d2; h21 += dec * d2
            let d1 = t[i] - p
            g1 += dec * d1; g2 += d1
        }
        if abs(g1) < 1e-5 && abs(g2) < 1e-5 { break }
        let det = h11 * h22 - h21 * h21
        let dA = -(h22 * g1 - h21 * g2) / det, dB = -(-h21 * g1 + h11 * g2) / det
        let gd = g1 * dA + g2 * dB
        var step = 1.0
        while step >= 1e-10 {
            let newA = a + step * dA, newB = b + step * dB
            let newF = value(newA, newB)
            if newF < fval + 1e-4 * step * gd { a = newA; b = newB; fval = newF; break }
            step /= 2
        }
        if step < 1e-10 { break }
    }
    return (a, b)
}

/// libsvm's `sigmoid_predict`: 1 / (1 + exp(A f + B)), evaluated stably.
func plattProbability(_ decision: Double, _ a: Double, _ b: Double) -> Double {
    let fApB = decision * a + b
    return fApB >= 0 ? exp(-fApB) / (1 + exp(-fApB)) : 1 / (1 + exp(fApB))
}

/// Pairwise coupling, method 2 of Wu, Lin & Weng (2004), as libsvm's `multiclass_probability`:
/// finds p minimising Σᵢ Σⱼ≠ᵢ (rⱼᵢ pᵢ − rᵢⱼ pⱼ)² on the simplex, where r[i][j] ≈ P(i | i or j).
func pairwiseCoupling(_ r: [[Double]]) -> [Double] {
    let k = r.count
    var p = [Double](repeating: 1 / Double(k), count: k)
    var q = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
    for t in 0..<k {
        for j in 0..<k where j != t {
            q[t][t] += r[j][t] * r[j][t]
            q[t][j] = -r[j][t] * r[t][j]
        }
    }
    var qp = [Double](repeating: 0, count: k)
    let eps = 0.005 / Double(k)
    for _ in 0..<max(100, k) {
        var pqp = 0.0
        for t in 0..<k {
            qp[t] = 0
            for j in 0..<k { qp[t] += q[t][j] * p[j] }
            pqp += p[t] * qp[t]
        }
        var maxError = 0.0
        for t in 0..<k { maxError = max(maxError, abs(qp[t] - pqp)) }
        if maxError < eps { break }
        for t in 0..<k {
            let diff = (-qp[t] + pqp) / q[t][t]
            p[t] += diff
            pqp = (pqp + diff * (diff * q[t][t] + 2 * qp[t])) / (1 + diff) / (1 + diff)
            for j in 0..<k {
                qp[j] = (qp[j] + diff * q[t][j]) / (1 + diff)
                p[j] /= 1 + diff
            }
        }
    }
    return p
}
