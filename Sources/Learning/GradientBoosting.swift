import Foundation

/// Gradient-boosted trees for multi-class probabilities: XGBoost's algorithm with
/// `objective="multi:softprob"`, `tree_method="hist"`, `grow_policy="depthwise"` (Chen & Guestrin
/// 2016).
///
/// Each round computes the softmax probabilities p of the current margins and, for every class k,
/// the gradient gᵢ = pᵢₖ − [yᵢ = k] and hessian hᵢ = max(2 pᵢₖ(1 − pᵢₖ), 1e-16) (XGBoost's softmax
/// hessian), then grows one regression tree per class on them. Features are bucketed once into at
/// most `maxBins` quantile bins; a node's best split maximises
/// `G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)` over bin boundaries (children need hessian sums ≥
/// `minChildWeight`; a split needs gain > `gamma`), histograms of a node's larger child come from
/// parent − smaller child. Leaves hold −η·G/(H+λ). The class trees of a round grow in parallel.
///
/// Defaults are XGBoost's (`eta=0.3, max_depth=6, lambda=1, gamma=0, min_child_weight=1,
/// subsample=1, colsample_bytree=1, max_bin=256`) except the number of rounds. Margins start at
/// the centred log class priors, XGBoost 3's multi-class `base_score` (so round 0 predicts the
/// class frequencies). Classes absent from the training labels get probability 0. Deterministic
/// for a seed (sub-sampling only).
public struct GradientBoosting: Classifier {
    /// Boosting rounds (XGBoost `n_estimators`); default 300.
    public var nRounds: Int
    /// Shrinkage η applied to every leaf; default 0.3.
    public var learningRate: Double
    /// Depth of each tree; default 6.
    public var maxDepth: Int
    /// L2 penalty λ on leaf weights; default 1.
    public var lambda: Double
    /// Minimum gain (XGBoost `min_split_loss`) for a split; default 0.
    public var gamma: Double
    /// Minimum hessian sum in a child; default 1.
    public var minChildWeight: Double
    /// Fraction of rows each tree sees (Bernoulli per row, per tree); default 1.
    public var subsample: Double
    /// Fraction of features each tree may use; default 1.
    public var colsampleByTree: Double
    /// Histogram bins per feature, 2...256; default 256.
    public var maxBins: Int
    /// Default 0.
    public var seed: UInt64

    /// Trees round by round: tree `r * classes.count + k` is round r, class `classes[k]`.
    /// Leaf values already include the learning rate.
    public private(set) var trees: [TreeNodes] = []
    public private(set) var classes: [Int] = []
    public private(set) var classCount = 0
    /// Columns of the training matrix (0 before `fit`).
    public private(set) var featureCount = 0
    /// Starting margin of each present class: log prior − mean log prior.
    public private(set) var baseMargins: [Double] = []

    public init(nRounds: Int = 300, learningRate: Double = 0.3, maxDepth: Int = 6, lambda: Double = 1,
                gamma: Double = 0, minChildWeight: Double = 1, subsample: Double = 1, colsampleByTree: Double = 1,
                maxBins: Int = 256, seed: UInt64 = 0) {
        self.nRounds = nRounds
        self.learningRate = learningRate
        self.maxDepth = maxDepth
        self.lambda = lambda
        self.gamma = gamma
        self.minChildWeight = minChildWeight
        self.subsample = subsample
        self.colsampleByTree = colsampleByTree
        self.maxBins = maxBins
        self.seed = seed
    }

    public mutating func fit(_ x: Matrix, labels: [Int], classCount: Int) throws {
        guard nRounds >= 1 else { throw LearningError.invalidHyperParameter("nRounds must be >= 1, got \(nRounds)") }
        guard learningRate > 0 else { throw LearningError.invalidHyperParameter("learningRate must be > 0") }
        guard maxDepth >= 1 && maxDepth <= 30 else { throw LearningError.invalidHyperParameter("maxDepth must be in 1...30") }
        guard lambda >= 0, gamma >= 0, minChildWeight >= 0 else {
            throw LearningError.invalidHyperParameter("lambda, gamma and minChildWeight must be >= 0")
        }
        guard subsample > 0 && subsample <= 1, colsampleByTree > 0 && colsampleByTree <= 1 else {
            throw LearningError.invalidHyperParameter("subsample and colsampleByTree must be in (0, 1]")
        }
        guard maxBins >= 2 && maxBins <= 256 else { throw LearningError.invalidHyperParameter("maxBins must be in 2...256") }
        let present = try FitInput.check(x, labels: labels, classCount: classCount)
        let n = x.rows, d = x.columns, k = present.count
        var classIndex = [Int](repeating: -1, count: classCount)
        for (i, c) in present.enumerated() { classIndex[c] = i }
        let y = labels.map { classIndex[$0] }
        let binned = BinnedFeatures(x, maxBins: maxBins)
        let params = BoostTreeParameters(maxDepth: maxDepth, lambda: lambda, gamma: gamma,
                                         minChildWeight: minChildWeight, learningRate: learningRate)
        let workspaces = (0..<k).map { _ in BoostWorkspace(n: n, totalBins: binned.totalBins) }
        var counts = [Double](repeating: 0, count: k)
        for label in y { counts[label] += 1 }
        let logPriors = counts.map { log($0 / Double(n)) }
        let meanLogPrior = logPriors.reduce(0, +) / Double(k)
        let base = logPriors.map { $0 - meanLogPrior }
        var margins = [Double](repeating: 0, count: n * k)
        for i in 0..<n { for c in 0..<k { margins[i * k + c] = base[c] } }
        var gradHess = [SIMD2<Double>](repeating: .zero, count: n * k)
        // Per-round leaf value of every row, class-major; written by the class trees in parallel.
        let delta = UnsafeMutableBufferPointer<Double>.allocate(capacity: n * k)
        defer { delta.deallocate() }
        var fitted: [TreeNodes] = []
        fitted.reserveCapacity(nRounds * k)
        let root = SeededGenerator(seed: seed)
        let columnsPerTree = max(1, Int(colsampleByTree * Double(d)))
        let subsample = self.subsample
        for round in 0..<nRounds {
            // Softmax gradients and hessians, class-major so each class tree reads contiguously.
            for i in 0..<n {
                var m = -Double.infinity
                for c in 0..<k { m = max(m, margins[i * k + c]) }
                var sum = 0.0
                for c in 0..<k { sum += exp(margins[i * k + c] - m) }
                for c in 0..<k {
                    let p = exp(margins[i * k + c] - m) / sum
                    gradHess[c * n + i] = SIMD2(p - (y[i] == c ? 1 : 0), max(2 * p * (1 - p), 1e-16))
                }
            }
            let gh = gradHess
            let deltaBase = SharedPointer(delta.baseAddress!)
            let roundTrees: [TreeNodes] = parallelMapPure(k) { c in
                var rng = root.derived(round * k + c)
                var rows: [Int32] = []
                rows.reserveCapacity(n)
                for i in 0..<n where subsample >= 1 || rng.nextUnit() < subsample { rows.append(Int32(i)) }
                var features = Array(0..<d)
                if columnsPerTree < d {
                    for j in 0..<columnsPerTree { features.swapAt(j, j + Int(rng.next() % UInt64(d - j))) }
                    features = Array(features[0..<columnsPerTree]).sorted()
                }
                let out = deltaBase.pointer + c * n
                let tree = gh.withUnsafeBufferPointer { b in
                    workspaces[c].grow(binned: binned, gh: b.baseAddress! + c * n, rows: rows, features: features,
                                       parameters: params, delta: out)
                }
                if rows.count < n {  // rows left out by sub-sampling still move with the tree
                    var inTree = [Bool](repeating: false, count: n)
                    for r in rows { inTree[Int(r)] = true }
                    for i in 0..<n where !inTree[i] { out[i] = tree.leafValues[tree.leaf(for: x.row(i))] }
                }
                return tree
            }
            for c in 0..<k { for i in 0..<n { margins[i * k + c] += delta[c * n + i] } }
            fitted.append(contentsOf: roundTrees)
        }
        trees = fitted
        baseMargins = base
        self.featureCount = d
        classes = present
        self.classCount = classCount
    }

    /// Raw margins (XGBoost `output_margin=True`), n x classes.count.
    public func margins(_ x: Matrix) -> Matrix {
        precondition(x.columns == featureCount, "GradientBoosting: \(x.columns) features, fitted on \(featureCount)")
        let k = classes.count, trees = self.trees, base = baseMargins
        return parallelRows(x.rows, k, minimumChunk: 8) { range, out in
            for i in range {
                let row = x.row(i)
                for c in 0..<k { out[i * k + c] = base[c] }
                for (t, tree) in trees.enumerated() { out[i * k + t % k] += tree.leafValues[tree.leaf(for: row)] }
            }
        }
    }

    public func predictProbabilities(_ x: Matrix) -> Matrix {
        let raw = margins(x), k = classes.count
        var out = Matrix(rows: x.rows, columns: classCount)
        for i in 0..<x.rows {
            var m = -Double.infinity
            for c in 0..<k { m = max(m, raw.values[i * k + c]) }
            var sum = 0.0
            for c in 0..<k { sum += exp(raw.values[i * k + c] - m) }
            for c in 0..<k { out[i, classes[c]] = exp(raw.values[i * k + c] - m) / sum }
        }
        return out
    }
}

/// Features bucketed into quantile bins (XGBoost's `hist` input). Feature f has `cuts[f].count + 1`
/// bins; a value's bin is the number of cuts ≤ it, so "bin ≤ b" ⇔ "value < cuts[f][b]".
/// With at most `maxBins` distinct values the cuts are midpoints between them (exact splits).
struct BinnedFeatures: Sendable {
    let n: Int, d: Int
    let cuts: [[Double]]
    /// bins[f * n + i], column-major for per-feature histogram passes.
    let bins: [UInt8]
    /// Start of feature f in a histogram of `totalBins` bins.
    let offsets: [Int]
    /// Number of bins of feature f (`cuts[f].count + 1`).
    let binCounts: [Int]
    let totalBins: Int

    init(_ x: Matrix, maxBins: Int) {
        n = x.rows; d = x.columns
        var cuts: [[Double]] = [], bins = [UInt8](repeating: 0, count: n * d), offsets: [Int] = []
        var total = 0
        for f in 0..<d {
            let sorted = x.column(f).sorted()
            var distinct: [Double] = []
            for v in sorted where distinct.last != v { distinct.append(v) }
            var c: [Double] = []
            if distinct.count <= maxBins {
                for j in 1..<max(distinct.count, 1) { c.append((distinct[j - 1] + distinct[j]) / 2) }
            } else {
                // Equal-count quantile cuts, at midpoints between neighbouring sorted values.
                for q in 1..<maxBins {
                    let pos = q * sorted.count / maxBins
                    let cut = (sorted[pos - 1] + sorted[pos]) / 2
                    if cut > sorted[pos - 1], c.last.map({ cut > $0 }) ?? true { c.append(cut) }
                }
            }
            for i in 0..<n {
                let v = x.values[i * d + f]
                var lo = 0, hi = c.count  // first cut > v
                while lo < hi { let mid = (lo + hi) / 2; if c[mid] <= v { lo = mid + 1 } else { hi = mid } }
                bins[f * n + i] = UInt8(lo)
            }
            offsets.append(total)
            total += c.count + 1
            cuts.append(c)
        }
        self.cuts = cuts; self.bins = bins; self.offsets = offsets; self.totalBins = total
        binCounts = cuts.map { $0.count + 1 }
    }
}

struct BoostTreeParameters: Sendable {
    var maxDepth: Int, lambda: Double, gamma: Double, minChildWeight: Double, learningRate: Double
}

/// Scratch buffers for growing boosted trees of one class, reused across rounds: the row
/// partition, gathered gradients and a pool of histogram buffers (allocating 2 x totalBins
/// doubles per node would dominate the run time).
final class BoostWorkspace: @unchecked Sendable {
    private var rows: [Int32]
    private var ghNode: [SIMD2<Double>]
    private let histogramSize: Int
    private var pool: [UnsafeMutablePointer<SIMD2<Double>>] = []
    private var allocated: [UnsafeMutablePointer<SIMD2<Double>>] = []

    init(n: Int, totalBins: Int) {
        rows = [Int32](repeating: 0, count: n)
        ghNode = [SIMD2<Double>](repeating: .zero, count: n)
        histogramSize = totalBins
    }

    deinit { for p in allocated { p.deallocate() } }

    private func takeHistogram() -> UnsafeMutablePointer<SIMD2<Double>> {
        if let p = pool.popLast() { return p }
        let p = UnsafeMutablePointer<SIMD2<Double>>.allocate(capacity: histogramSize)
        allocated.append(p)
        return p
    }

    private struct Open {
        var start: Int, end: Int, g: Double, h: Double, node: Int
        var hist: UnsafeMutablePointer<SIMD2<Double>>?
    }

    /// Grows one depth-wise tree on gradients `g`, hessians `h` of the rows in `rows`, and adds
    /// each grown row's leaf value to `delta[row]`.
    func grow(binned: BinnedFeatures, gh: UnsafePointer<SIMD2<Double>>, rows sampled: [Int32],
              features: [Int], parameters p: BoostTreeParameters, delta: UnsafeMutablePointer<Double>) -> TreeNodes {
        let n = binned.n
        let m = sampled.count
        for q in 0..<m { rows[q] = sampled[q] }
        var tree = TreeNodes()
        var total = SIMD2<Double>.zero
        for q in 0..<m { total += gh[Int(rows[q])] }
        let gSum = total.x, hSum = total.y
        func addLeaf(_ open: Open) {
            tree.feature[open.node] = -1
            tree.left[open.node] = Int32(tree.leafValues.count)
            let value = -p.learningRate * open.g / (open.h + p.lambda)
            tree.leafValues.append(value)
            for q in open.start..<open.end { delta[Int(rows[q])] = value }
            if let hist = open.hist { pool.append(hist) }
        }
        func newNode() -> Int {
            tree.feature.append(-1); tree.threshold.append(0); tree.left.append(-1); tree.right.append(-1)
            return tree.feature.count - 1
        }
        _ = newNode()
        // Only nodes that could still split need a histogram (late rounds: tiny hessians).
        func splittable(_ o: Open) -> Bool { o.end - o.start >= 2 && o.h >= 2 * p.minChildWeight }
        var rootOpen = Open(start: 0, end: m, g: gSum, h: hSum, node: 0, hist: nil)
        if m == 0 || p.maxDepth == 0 || !splittable(rootOpen) { addLeaf(rootOpen); return tree }
        rootOpen.hist = buildHistogram(binned, gh, 0, m, features)
        var level = [rootOpen]
        for depth in 0..<p.maxDepth {
            var next: [Open] = []
            let lastLevel = depth + 1 == p.maxDepth
            // (smaller child, larger child, parent histogram): the smaller child's histogram is
            // built, the larger one's is parent − smaller, computed in the parent's buffer.
            var pending: [(small: Int, large: Int, parent: UnsafeMutablePointer<SIMD2<Double>>, needSmall: Bool, needLarge: Bool)] = []
            for open in level {
                let parentGain = open.g * open.g / (open.h + p.lambda)
                var bestGain = max(p.gamma, 1e-6), bestFeature = -1, bestBin = 0
                var bestGL = 0.0, bestHL = 0.0
                if splittable(open), let hist = open.hist {
                    for f in features {
                        let off = binned.offsets[f], count = binned.binCounts[f]
                        if count < 2 { continue }
                        let fh = hist + off
                        var acc = SIMD2<Double>.zero
                        for b in 0..<(count - 1) {
                            let bin = fh[b]
                            acc += bin
                            let gl = acc.x, hl = acc.y, hb = bin.y
                            // An empty bin gives the same partition as the previous boundary: skip the
                            // division-heavy gain (sums above still include any rounding residue).
                            if hb == 0 { continue }
                            if hl < p.minChildWeight { continue }
                            let hr = open.h - hl
                            if hr < p.minChildWeight { break }
                            let gr = open.g - gl
                            // gain > best ⇔ GL²(HR+λ) + GR²(HL+λ) > (best + parent)(HL+λ)(HR+λ): no division
                            // on the common path.
                            let dl = hl + p.lambda, dr = hr + p.lambda
                            if gl * gl * dr + gr * gr * dl > (bestGain + parentGain) * dl * dr {
                                let gain = gl * gl / dl + gr * gr / dr - parentGain
                                if gain > bestGain { bestGain = gain; bestFeature = f; bestBin = b; bestGL = gl; bestHL = hl }
                            }
                        }
                    }
                }
                if bestFeature < 0 { addLeaf(open); continue }
                // Partition rows: bin ≤ bestBin goes left.
                let column = bestFeature * n
                var i = open.start, j = open.end - 1
                binned.bins.withUnsafeBufferPointer { bins in
                    while i <= j {
                        if Int(bins[column + Int(rows[i])]) <= bestBin { i += 1 } else { rows.swapAt(i, j); j -= 1 }
                    }
                }
                let left = newNode(), right = newNode()
                tree.feature[open.node] = Int32(bestFeature)
                tree.threshold[open.node] = binned.cuts[bestFeature][bestBin].nextDown  // x < cut ⇔ x ≤ cut⁻
                tree.left[open.node] = Int32(left); tree.right[open.node] = Int32(right)
                next.append(Open(start: open.start, end: i, g: bestGL, h: bestHL, node: left, hist: nil))
                next.append(Open(start: i, end: open.end, g: open.g - bestGL, h: open.h - bestHL, node: right, hist: nil))
                if let hist = open.hist {
                    let l = next.count - 2, r = next.count - 1
                    let needL = !lastLevel && splittable(next[l]), needR = !lastLevel && splittable(next[r])
                    if needL || needR {
                        let leftSmaller = i - open.start <= open.end - i
                        pending.append(leftSmaller ? (l, r, hist, needL, needR) : (r, l, hist, needR, needL))
                    } else {
                        pool.append(hist)
                    }
                }
            }
            for (small, large, parent, needSmall, needLarge) in pending {
                let built = buildHistogram(binned, gh, next[small].start, next[small].end, features)
                if needLarge {
                    for f in features {
                        let lo = binned.offsets[f], hi = lo + binned.binCounts[f]
                        for b in lo..<hi { parent[b] -= built[b] }
                    }
                    next[large].hist = parent
                } else {
                    pool.append(parent)
                }
                if needSmall { next[small].hist = built } else { pool.append(built) }
            }
            level = next
            if level.isEmpty { break }
        }
        for open in level { addLeaf(open) }
        return tree
    }

    /// Gradient/hessian sums per bin of `features` over `rows[start..<end]` (interleaved g, h),
    /// in a pooled buffer; only the ranges of `features` are meaningful.
    private func buildHistogram(_ binned: BinnedFeatures, _ gh: UnsafePointer<SIMD2<Double>>,
                                _ start: Int, _ end: Int, _ features: [Int]) -> UnsafeMutablePointer<SIMD2<Double>> {
        let hist = takeHistogram()
        let m = end - start
        for q in 0..<m { ghNode[q] = gh[Int(rows[start + q])] }
        binned.bins.withUnsafeBufferPointer { bins in
            rows.withUnsafeBufferPointer { rb in
                ghNode.withUnsafeBufferPointer { ghb in
                    let rowsHere = rb.baseAddress! + start, values = ghb.baseAddress!
                    for f in features {
                        let column = bins.baseAddress! + f * binned.n
                        let out = hist + binned.offsets[f]
                        out.initialize(repeating: .zero, count: binned.binCounts[f])
                        for q in 0..<m { out[Int(column[Int(rowsHere[q])])] += values[q] }
                    }
                }
            }
        }
        return hist
    }
}
