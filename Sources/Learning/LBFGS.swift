/// Limited-memory BFGS minimiser for smooth convex objectives (Nocedal 1980; Nocedal & Wright,
/// *Numerical Optimization*, 2nd ed., algorithm 7.4 two-loop recursion) with an Armijo
/// backtracking line search. Curvature pairs with `sᵀy <= 0` are skipped, which keeps the
/// inverse-Hessian approximation positive definite. Used by `LogisticRegression`.
struct LBFGS {
    /// Number of correction pairs kept (scipy's L-BFGS-B default `maxcor=10`).
    var memory = 10
    var maxIterations = 1000
    /// Stop when the largest absolute gradient component is at most this (scipy's `pgtol`).
    var gradientTolerance = 1e-8

    struct Result {
        var x: [Double]
        var value: Double
        var iterations: Int
        var converged: Bool
    }

    /// Minimises `f`, which returns the objective at `x` and writes its gradient into `grad`.
    func minimize(_ x0: [Double], _ f: (_ x: [Double], _ grad: inout [Double]) -> Double) -> Result {
        let n = x0.count
        var x = x0
        var g = [Double](repeating: 0, count: n)
        var fx = f(x, &g)
        var sList: [[Double]] = [], yList: [[Double]] = [], rhoList: [Double] = []
        var direction = [Double](repeating: 0, count: n)
        var alphas = [Double](repeating: 0, count: memory)
        var xNew = x, gNew = g
        for iteration in 0..<maxIterations {
            if maxAbs(g) <= gradientTolerance { return Result(x: x, value: fx, iterations: iteration, converged: true) }
            // Two-loop recursion: direction = -H g.
            for i in 0..<n { direction[i] = -g[i] }
            let m = sList.count
            for k in stride(from: m - 1, through: 0, by: -1) {
                let a = rhoList[k] * dot(sList[k], direction)
                alphas[k] = a
                axpy(-a, yList[k], &direction)
            }
            if m > 0 {
                let gamma = dot(sList[m - 1], yList[m - 1]) / dot(yList[m - 1], yList[m - 1])
                for i in 0..<n { direction[i] *= gamma }
            } else {
                // First step: unit length, as scipy does, so the line search starts sensibly.
                let norm = dot(g, g).squareRoot()
                if norm > 0 { for i in 0..<n { direction[i] /= norm } }
            }
            for k in 0..<m {
                let b = rhoList[k] * dot(yList[k], direction)
                axpy(alphas[k] - b, sList[k], &direction)
            }
            var slope = dot(g, direction)
            if slope >= 0 {
                // Not a descent direction (numerical trouble): restart with steepest descent.
                sList.removeAll(); yList.removeAll(); rhoList.removeAll()
                for i in 0..<n { direction[i] = -g[i] }
                slope = -dot(g, g)
            }
            var step = 1.0
            var accepted = false
            var fNew = fx
            for _ in 0..<60 {
                for i in 0..<n { xNew[i] = x[i] + step * direction[i] }
                fNew = f(xNew, &gNew)
                if fNew <= fx + 1e-4 * step * slope { accepted = true; break }
                step *= 0.5
            }
            // No decrease is representable any more: we are at the optimum to machine precision.
            if !accepted { return Result(x: x, value: fx, iterations: iteration, converged: maxAbs(g) <= gradientTolerance * 100) }
            var s = [Double](repeating: 0, count: n), y = s
            for i in 0..<n { s[i] = xNew[i] - x[i]; y[i] = gNew[i] - g[i] }
            let sy = dot(s, y)
            if sy > 1e-16 * dot(y, y).squareRoot() * dot(s, s).squareRoot() && sy > 0 {
                if sList.count == memory { sList.removeFirst(); yList.removeFirst(); rhoList.removeFirst() }
                sList.append(s); yList.append(y); rhoList.append(1 / sy)
            }
            swap(&x, &xNew); swap(&g, &gNew)
            let previous = fx
            fx = fNew
            if previous - fx <= 1e-15 * max(abs(fx), abs(previous), 1) && maxAbs(g) <= gradientTolerance * 100 {
                return Result(x: x, value: fx, iterations: iteration + 1, converged: true)
            }
        }
        return Result(x: x, value: fx, iterations: maxIterations, converged: maxAbs(g) <= gradientTolerance)
    }
}

@inline(__always) func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in 0..<a.count { s += a[i] * b[i] }
    return s
}

@inline(__always) private func axpy(_ a: Double, _ x: [Double], _ y: inout [Double]) {
    for i in 0..<x.count { y[i] += a * x[i] }
}

@inline(__always) private func maxAbs(_ a: [Double]) -> Double {
    var m = 0.0
    for v in a { m = max(m, abs(v)) }
    return m
}
