import Foundation

/// Support-vector classification with an RBF kernel, matching scikit-learn's
/// `SVC(kernel="rbf", C, gamma, probability=True, decision_function_shape="ovo")` (libsvm).
///
/// - Kernel K(x, z) = exp(−γ‖x − z‖²); `gamma` `.scale` is 1 / (d · Var(X)) over all entries of X
///   (scikit-learn's default), `.auto` is 1/d.
/// - One binary C-SVC per pair of classes (one-vs-one), solved by SMO with libsvm's working-set
///   selection (see `SMOSolver`); pairs train in parallel.
/// - Probabilities as libsvm: for each pair, decision values from an internal 5-fold
///   cross-validation (random permutation, seeded here) are fitted with Platt's sigmoid, and the
///   pairwise probabilities (clipped to [1e-7, 1 − 1e-7]) are coupled by Wu, Lin & Weng's
///   method 2. The folds differ from libsvm's random ones, so probabilities agree with
///   scikit-learn's closely but not exactly; decision values agree to the solver tolerance.
///
/// The kernel of each pair's rows is held densely, so a pair of classes may have at most 6000
/// rows. Classes absent from the training labels get probability 0.
public struct SVM: Classifier {
    public enum Gamma: Sendable, Codable, Equatable {
        case scale, auto, value(Double)
    }

    /// Penalty C; default 1.0 (scikit-learn `C`).
    public var c: Double
    /// RBF width; default `.scale`.
    public var gamma: Gamma
    /// SMO stopping tolerance; default 1e-3 (scikit-learn `tol`).
    public var tolerance: Double
    /// Fit Platt sigmoids for `predictProbabilities`; default true. Without them probabilities
    /// come from pairwise votes (one vote per pair), which is rarely what you want.
    public var probability: Bool
    /// Seed of the probability cross-validation folds; default 0.
    public var seed: UInt64
    /// The precision the support vectors are kept in once fitted; default `.double`,
    /// scikit-learn's. With `.single` the machines are solved on the rows as given and then
    /// predict from the rounded vectors (decision values move by about 1e-7 of their scale).
    public var storedPrecision: StoredPrecision

    public private(set) var classes: [Int] = []
    public private(set) var classCount = 0
    /// γ actually used (resolved from `gamma` at fit).
    public private(set) var fittedGamma = 0.0
    /// All support vectors (rows of the training set with α > 0 in some pair).
    public private(set) var supportVectors = Matrix(rows: 0, columns: 0)
    /// One binary machine per class pair, in scikit-learn's order (0,1), (0,2), ..., (1,2), ...
    public private(set) var machines: [Machine] = []

    /// A fitted pair: decision f(x) = Σ coefficients[s] · K(supportVectors[vectors[s]], x) − rho,
    /// positive for `classes[first]`; P(first | pair) = 1 / (1 + exp(A f + B)).
    public struct Machine: Sendable, Codable, Equatable {
        public var first: Int, second: Int
        public var vectors: [Int]
        public var coefficients: [Double]
        public var rho: Double
        public var probabilityA: Double, probabilityB: Double
    }

    public init(c: Double = 1.0, gamma: Gamma = .scale, tolerance: Double = 1e-3, probability: Bool = true, seed: UInt64 = 0,
                storedPrecision: StoredPrecision = .double) {
        self.c = c
        self.gamma = gamma
        self.tolerance = tolerance
        self.probability = probability
        self.seed = seed
        self.storedPrecision = storedPrecision
    }

    private enum CodingKeys: String, CodingKey {
        case c, gamma, tolerance, probability, seed, storedPrecision, classes, classCount, fittedGamma, supportVectors, machines
    }

    /// Model files written before `storedPrecision` existed decode with `.double` (their vectors
    /// are Doubles).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        c = try container.decode(Double.self, forKey: .c)
        gamma = try container.decode(Gamma.self, forKey: .gamma)
        tolerance = try container.decode(Double.self, forKey: .tolerance)
        probability = try container.decode(Bool.self, forKey: .probability)
        seed = try container.decode(UInt64.self, forKey: .seed)
        storedPrecision = try container.decodeIfPresent(StoredPrecision.self, forKey: .storedPrecision) ?? .double
        classes = try container.decode([Int].self, forKey: .classes)
        classCount = try container.decode(Int.self, forKey: .classCount)
        fittedGamma = try container.decode(Double.self, forKey: .fittedGamma)
        supportVectors = try container.decode(Matrix.self, forKey: .supportVectors)
        machines = try container.decode([Machine].self, forKey: .machines)
    }

    public mutating func fit(_ x: Matrix, labels: [Int], classCount: Int) throws {
        try fit(x, labels: labels, classCount: classCount, groups: nil)
    }

    /// With `groups` (a group id per row, e.g. a recording and its augmented copies), the
    /// probability cross-validation keeps each group in one fold, so a copy's decision value never
    /// comes from a machine trained on its source (which would make the sigmoid overconfident).
    public mutating func fit(_ x: Matrix, labels: [Int], classCount: Int, groups: [Int]?) throws {
        guard c > 0, c.isFinite else { throw LearningError.invalidHyperParameter("SVM c must be > 0, got \(c)") }
        guard tolerance > 0 else { throw LearningError.invalidHyperParameter("SVM tolerance must be > 0") }
        if case .value(let g) = gamma, !(g > 0 && g.isFinite) { throw LearningError.invalidHyperParameter("SVM gamma must be > 0, got \(g)") }
        let present = try FitInput.check(x, labels: labels, classCount: classCount)
        let d = x.columns
        let g: Double
        switch gamma {
        case .value(let v): g = v
        case .auto: g = 1 / Double(d)
        case .scale:
            let mean = x.values.reduce(0, +) / Double(x.values.count)
            let variance = x.values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.values.count)
            g = variance > 0 ? 1 / (Double(d) * variance) : 1
        }
        if let groups, groups.count != labels.count {
            throw LearningError.sizeMismatch("SVM: \(groups.count) groups for \(labels.count) rows")
        }
        let members = present.map { cls in labels.indices.filter { labels[$0] == cls } }
        let pairs: [(Int, Int)] = (0..<present.count).flatMap { a in ((a + 1)..<present.count).map { (a, $0) } }
        for (a, b) in pairs where members[a].count + members[b].count > 6000 {
            throw LearningError.invalidValue("SVM: classes \(present[a]) and \(present[b]) have \(members[a].count + members[b].count) rows together; at most 6000 are supported")
        }
        let root = SeededGenerator(seed: seed)
        let (c, tolerance, probability) = (self.c, self.tolerance, self.probability)
        let trained: [(rows: [Int], coefficients: [Double], rho: Double, a: Double, b: Double)] = parallelMapPure(pairs.count) { p in
            let (a, b) = pairs[p]
            let rows = members[a] + members[b]
            let l = rows.count
            let y = (0..<l).map { $0 < members[a].count ? 1.0 : -1.0 }
            let kernel = rbfKernel(x, rows, g)
            let solver = SMOSolver(c: c, tolerance: tolerance, maxIterations: max(1_000_000, 100 * l))  // libsvm: max(1e7, 100 l)
            let solution = solver.solve(kernel: kernel, y: y)
            var sigmoid = (a: 0.0, b: 0.0)
            if probability {
                var rng = root.derived(p)
                sigmoid = crossValidatedSigmoid(kernel: kernel, y: y, solver: solver, rng: &rng,
                                                groups: groups.map { g in rows.map { g[$0] } })
            }
            var svRows: [Int] = [], coefficients: [Double] = []
            for t in 0..<l where solution.alpha[t] > 0 { svRows.append(rows[t]); coefficients.append(y[t] * solution.alpha[t]) }
            return (svRows, coefficients, solution.rho, sigmoid.a, sigmoid.b)
        }
        // Shared support-vector table, rows in training order.
        var isSupport = [Bool](repeating: false, count: x.rows)
        for t in trained { for r in t.rows { isSupport[r] = true } }
        var position = [Int](repeating: -1, count: x.rows)
        var svRows: [Int] = []
        for r in 0..<x.rows where isSupport[r] { position[r] = svRows.count; svRows.append(r) }
        supportVectors = storedPrecision.stored(x.selectingRows(svRows))
        machines = zip(pairs, trained).map { pair, t in
            Machine(first: pair.0, second: pair.1, vectors: t.rows.map { position[$0] }, coefficients: t.coefficients,
                    rho: t.rho, probabilityA: t.a, probabilityB: t.b)
        }
        classes = present
        self.classCount = classCount
        fittedGamma = g
    }

    /// One-vs-one decision values (scikit-learn `decision_function` with
    /// `decision_function_shape="ovo"`): n x pairs, positive favouring the pair's first class.
    /// (For two classes scikit-learn returns the negation, positive favouring the second class.)
    public func decisionFunction(_ x: Matrix) -> Matrix {
        let d = supportVectors.columns
        precondition(x.columns == d, "SVM: \(x.columns) features, fitted on \(d)")
        let sv = supportVectors, machines = self.machines, g = fittedGamma
        return parallelRows(x.rows, machines.count, minimumChunk: 8) { range, out in
            var k = [Double](repeating: 0, count: sv.rows)
            for i in range {
                let row = x.row(i)
                for s in 0..<sv.rows {
                    var dist = 0.0
                    for j in 0..<d { let t = sv.values[s * d + j] - row[row.startIndex + j]; dist += t * t }
                    k[s] = exp(-g * dist)
                }
                for (m, machine) in machines.enumerated() {
                    var f = -machine.rho
                    for (v, coefficient) in zip(machine.vectors, machine.coefficients) { f += coefficient * k[v] }
                    out[i * machines.count + m] = f
                }
            }
        }
    }

    public func predictProbabilities(_ x: Matrix) -> Matrix {
        let decisions = decisionFunction(x)
        let k = classes.count
        var out = Matrix(rows: x.rows, columns: classCount)
        for i in 0..<x.rows {
            var p: [Double]
            if probability {
                var r = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
                for (m, machine) in machines.enumerated() {
                    let pr = min(max(plattProbability(decisions[i, m], machine.probabilityA, machine.probabilityB), 1e-7), 1 - 1e-7)
                    r[machine.first][machine.second] = pr
                    r[machine.second][machine.first] = 1 - pr
                }
                p = k == 2 ? [r[0][1], r[1][0]] : pairwiseCoupling(r)
            } else {
                p = [Double](repeating: 0, count: k)
                for (m, machine) in machines.enumerated() { p[decisions[i, m] > 0 ? machine.first : machine.second] += 1 }
                let total = p.reduce(0, +)
                p = p.map { $0 / total }
            }
            for (c, cls) in classes.enumerated() { out[i, cls] = p[c] }
        }
        return out
    }
}

/// RBF kernel matrix of the rows `rows` of `x` (l x l, row-major).
private func rbfKernel(_ x: Matrix, _ rows: [Int], _ gamma: Double) -> [Double] {
    let l = rows.count, d = x.columns
    var k = [Double](repeating: 1, count: l * l)
    x.values.withUnsafeBufferPointer { xb in
        for a in 0..<l {
            let ra = xb.baseAddress! + rows[a] * d
            for b in (a + 1)..<max(a + 1, l) {
                let rb = xb.baseAddress! + rows[b] * d
                var dist = 0.0
                for j in 0..<d { let t = ra[j] - rb[j]; dist += t * t }
                let v = exp(-gamma * dist)
                k[a * l + b] = v; k[b * l + a] = v
            }
        }
    }
    return k
}

/// libsvm's `svm_binary_svc_probability`: 5-fold cross-validated decision values (folds are
/// consecutive blocks of a random permutation), then a Platt sigmoid fitted to them. With
/// `groups` that repeat, the permutation is of whole groups (each group's rows together, in a
/// random group order) and every group goes to the fold its first row falls in.
private func crossValidatedSigmoid(kernel: [Double], y: [Double], solver: SMOSolver,
                                   rng: inout SeededGenerator, groups: [Int]? = nil) -> (a: Double, b: Double) {
    let l = y.count, folds = 5
    var perm = Array(0..<l)
    for i in 0..<l { perm.swapAt(i, i + Int(rng.next() % UInt64(l - i))) }
    var foldOf = [Int](repeating: 0, count: l)
    if let groups, Set(groups).count < l {
        // Groups in the order the permutation first meets them; rows of a group together.
        var order: [Int] = [], rowsOf: [Int: [Int]] = [:]
        for t in perm {
            if rowsOf[groups[t]] == nil { order.append(groups[t]) }
            rowsOf[groups[t], default: []].append(t)
        }
        perm = order.flatMap { rowsOf[$0]! }
        var position = 0
        for g in order {
            let fold = position * folds / l
            for t in rowsOf[g]! { foldOf[t] = fold }
            position += rowsOf[g]!.count
        }
    } else {
        for f in 0..<folds { for t in perm[(f * l / folds)..<((f + 1) * l / folds)] { foldOf[t] = f } }
    }
    var decisions = [Double](repeating: 0, count: l)
    for f in 0..<folds {
        let train = perm.filter { foldOf[$0] != f }, test = perm.filter { foldOf[$0] == f }
        let positives = train.filter { y[$0] > 0 }.count
        if positives == train.count || positives == 0 {
            // One class only (or nothing) left: libsvm's fixed answers.
            let value: Double = train.isEmpty ? 0 : (positives > 0 ? 1 : -1)
            for t in test { decisions[t] = value }
            continue
        }
        let m = train.count
        var sub = [Double](repeating: 0, count: m * m)
        for a in 0..<m { for b in 0..<m { sub[a * m + b] = kernel[train[a] * l + train[b]] } }
        let solution = solver.solve(kernel: sub, y: train.map { y[$0] })
        for t in test {
            var value = -solution.rho
            for (a, r) in train.enumerated() where solution.alpha[a] > 0 { value += y[r] * solution.alpha[a] * kernel[t * l + r] }
            decisions[t] = value
        }
    }
    return plattSigmoid(decisions: decisions, positive: y.map { $0 > 0 })
}
