import Foundation

/// How many features a tree split considers (scikit-learn `max_features`).
public enum MaxFeatures: Sendable, Codable, Equatable {
    /// Every feature (scikit-learn `None`).
    case all
    /// max(1, ⌊√d⌋) (scikit-learn `"sqrt"`).
    case sqrt
    /// max(1, ⌊log₂ d⌋) (scikit-learn `"log2"`).
    case log2
    /// A fixed number, clamped to 1...d.
    case count(Int)
    /// max(1, ⌊fraction · d⌋).
    case fraction(Double)

    func resolve(_ d: Int) -> Int {
        switch self {
        case .all: return d
        case .sqrt: return max(1, Int(Double(d).squareRoot()))
        case .log2: return max(1, Int(Foundation.log2(Double(d))))
        case .count(let k): return min(max(1, k), d)
        case .fraction(let f): return min(max(1, Int(f * Double(d))), d)
        }
    }
}

/// A CART classification tree with Gini impurity (Breiman et al. 1984), as scikit-learn's
/// `DecisionTreeClassifier(criterion="gini")`: best split over a random subset of `maxFeatures`
/// features per node (constant features do not count, as in scikit-learn's splitter), threshold
/// halfway between consecutive distinct values, left branch `x[f] <= threshold`, grown
/// depth-first until pure or a limit stops it. Leaves hold class probabilities (weighted class
/// shares of their training rows), which is what `predictProbabilities` returns.
public struct DecisionTree: Classifier {
    /// Depth limit; default nil (grow until pure), scikit-learn `max_depth`.
    public var maxDepth: Int?
    /// A node with fewer rows is a leaf; default 2 (`min_samples_split`).
    public var minSamplesSplit: Int
    /// Each child keeps at least this many rows; default 1 (`min_samples_leaf`).
    public var minSamplesLeaf: Int
    /// Features tried per split; default `.all` (`max_features=None`).
    public var maxFeatures: MaxFeatures
    /// Seed for the feature sub-sampling; default 0.
    public var seed: UInt64

    /// The fitted tree, flattened.
    public private(set) var nodes = TreeNodes()
    public private(set) var classCount = 0
    /// Columns of the training matrix (0 before `fit`).
    public private(set) var featureCount = 0

    public init(maxDepth: Int? = nil, minSamplesSplit: Int = 2, minSamplesLeaf: Int = 1,
                maxFeatures: MaxFeatures = .all, seed: UInt64 = 0) {
        self.maxDepth = maxDepth
        self.minSamplesSplit = minSamplesSplit
        self.minSamplesLeaf = minSamplesLeaf
        self.maxFeatures = maxFeatures
        self.seed = seed
    }

    func checkHyperParameters() throws {
        if let depth = maxDepth, depth < 1 { throw LearningError.invalidHyperParameter("maxDepth must be >= 1, got \(depth)") }
        guard minSamplesSplit >= 2 else { throw LearningError.invalidHyperParameter("minSamplesSplit must be >= 2") }
        guard minSamplesLeaf >= 1 else { throw LearningError.invalidHyperParameter("minSamplesLeaf must be >= 1") }
        if case .fraction(let f) = maxFeatures, !(f > 0 && f <= 1) {
            throw LearningError.invalidHyperParameter("maxFeatures fraction must be in (0, 1], got \(f)")
        }
        if case .count(let k) = maxFeatures, k < 1 { throw LearningError.invalidHyperParameter("maxFeatures count must be >= 1") }
    }

    public mutating func fit(_ x: Matrix, labels: [Int], classCount: Int) throws {
        try checkHyperParameters()
        _ = try FitInput.check(x, labels: labels, classCount: classCount, minimumClasses: 1)
        let data = TreeTrainingData(x, labels: labels, classCount: classCount)
        var rng = SeededGenerator(seed: seed)
        nodes = data.grow(weights: [Double](repeating: 1, count: x.rows), tree: self, rng: &rng)
        self.classCount = classCount
        featureCount = x.columns
    }

    public func predictProbabilities(_ x: Matrix) -> Matrix {
        precondition(x.columns == featureCount, "DecisionTree: \(x.columns) features, fitted on \(featureCount)")
        let tree = nodes, k = classCount
        return parallelRows(x.rows, k, minimumChunk: 64) { range, out in
            for i in range {
                let leaf = tree.leaf(for: x.row(i))
                for c in 0..<k { out[i * k + c] = tree.leafValues[leaf * k + c] }
            }
        }
    }
}

/// A flattened binary tree. Internal node i tests `x[feature[i]] <= threshold[i]` and continues at
/// `left[i]` or `right[i]`; a leaf has `feature[i] == -1` and `left[i]` is its row in `leafValues`
/// (`classCount` class probabilities per leaf).
public struct TreeNodes: Sendable, Codable, Equatable {
    public var feature: [Int32] = []
    public var threshold: [Double] = []
    public var left: [Int32] = []
    public var right: [Int32] = []
    public var leafValues: [Double] = []

    public var nodeCount: Int { feature.count }

    /// Index of the leaf (row of `leafValues`) that `row` falls into.
    @inlinable func leaf(for row: ArraySlice<Double>) -> Int {
        var node = 0
        let base = row.startIndex
        while feature[node] >= 0 {
            node = Int(row[base + Int(feature[node])] <= threshold[node] ? left[node] : right[node])
        }
        return Int(left[node])
    }
}

/// Training rows prepared once for many trees: column-major values, dense per-feature ranks
/// (so sorting a node sorts integers) and each feature's sorted distinct values.
struct TreeTrainingData: Sendable {
    let n: Int, d: Int, classCount: Int
    let labels: [Int32]
    /// rank[f * n + i]: position of x[i, f] among the distinct values of feature f.
    let rank: [UInt32]
    /// distinct[f]: sorted distinct values of feature f.
    let distinct: [[Double]]

    init(_ x: Matrix, labels: [Int], classCount: Int) {
        n = x.rows; d = x.columns; self.classCount = classCount
        self.labels = labels.map { Int32($0) }
        var rank = [UInt32](repeating: 0, count: n * d)
        var distinct: [[Double]] = []
        var order = Array(0..<n)
        for f in 0..<d {
            order.sort { x.values[$0 * x.columns + f] < x.values[$1 * x.columns + f] }
            var values: [Double] = []
            for i in order {
                let v = x.values[i * x.columns + f]
                if values.last != v { values.append(v) }
                rank[f * n + i] = UInt32(values.count - 1)
            }
            distinct.append(values)
        }
        self.rank = rank
        self.distinct = distinct
    }

    /// Grows one tree on the rows with positive `weights` (bootstrap counts for a forest).
    func grow(weights: [Double], tree p: DecisionTree, rng: inout SeededGenerator) -> TreeNodes {
        let k = classCount
        var samples = (0..<n).filter { weights[$0] > 0 }
        var out = TreeNodes()
        let mtry = p.maxFeatures.resolve(d)
        let maxDepth = p.maxDepth ?? Int.max
        var keys = [UInt64](repeating: 0, count: samples.count)
        var scratch = keys
        var bucketCounts: [Int] = []
        var features = Array(0..<d)
        var leftCounts = [Double](repeating: 0, count: k)
        var rightCounts = [Double](repeating: 0, count: k)
        var totals = [Double](repeating: 0, count: k)
        // Depth-first work list: (start, end, depth, parent node, is left child).
        var stack: [(start: Int, end: Int, depth: Int, parent: Int, isLeft: Bool)] = [(0, samples.count, 0, -1, false)]
        while let item = stack.popLast() {
            let (start, end, depth) = (item.start, item.end, item.depth)
            let m = end - start
            let nodeIndex = out.feature.count
            if item.parent >= 0 {
                if item.isLeft { out.left[item.parent] = Int32(nodeIndex) } else { out.right[item.parent] = Int32(nodeIndex) }
            }
            for c in 0..<k { totals[c] = 0 }
            var weightTotal = 0.0
            for s in samples[start..<end] { totals[Int(labels[s])] += weights[s]; weightTotal += weights[s] }
            var sumSquares = 0.0
            for c in 0..<k { sumSquares += totals[c] * totals[c] }
            let gini = 1 - sumSquares / (weightTotal * weightTotal)
            var bestFeature = -1, bestRankLow = 0, bestRankHigh = 0
            if depth < maxDepth && m >= p.minSamplesSplit && m >= 2 * p.minSamplesLeaf && gini > 1e-7 {
                var bestProxy = -Double.infinity
                var visited = 0, drawn = 0
                // Partial Fisher–Yates over the features: stop after `mtry` non-constant ones.
                while visited < mtry && drawn < d {
                    let j = drawn + Int(rng.next() % UInt64(d - drawn))
                    features.swapAt(drawn, j)
                    let f = features[drawn]
                    drawn += 1
                    let rankBase = f * n
                    var lo = UInt32.max, hi = UInt32.min
                    for (q, s) in samples[start..<end].enumerated() {
                        let r = rank[rankBase + s]
                        lo = min(lo, r); hi = max(hi, r)
                        keys[q] = UInt64(r) << 32 | UInt64(s)
                    }
                    if lo == hi { continue }  // constant in this node: does not count
                    visited += 1
                    sortKeys(&keys, m, lo, hi, &scratch, &bucketCounts)
                    for c in 0..<k { leftCounts[c] = 0; rightCounts[c] = totals[c] }
                    var sqLeft = 0.0, sqRight = sumSquares, wLeft = 0.0
                    for q in 0..<(m - 1) {
                        let s = Int(keys[q] & 0xFFFF_FFFF)
                        let c = Int(labels[s]), w = weights[s]
                        let l = leftCounts[c], r = rightCounts[c]
                        sqLeft += w * (2 * l + w)
                        sqRight -= w * (2 * r - w)
                        leftCounts[c] = l + w; rightCounts[c] = r - w
                        wLeft += w
                        let rankHere = keys[q] >> 32, rankNext = keys[q + 1] >> 32
                        if rankHere == rankNext { continue }
                        if q + 1 < p.minSamplesLeaf || m - q - 1 < p.minSamplesLeaf { continue }
                        // Maximising Σ L²/wL + Σ R²/wR minimises the weighted child Gini.
                        let wRight = weightTotal - wLeft
                        // proxy > best ⇔ sqL·wR + sqR·wL > best·wL·wR (skips two divisions per position).
                        if sqLeft * wRight + sqRight * wLeft <= bestProxy * wLeft * wRight { continue }
                        let proxy = sqLeft / wLeft + sqRight / wRight
                        if proxy > bestProxy {
                            bestProxy = proxy
                            bestFeature = f; bestRankLow = Int(rankHere); bestRankHigh = Int(rankNext)
                        }
                    }
                }
            }
            if bestFeature < 0 {
                out.feature.append(-1); out.threshold.append(0)
                out.left.append(Int32(out.leafValues.count / k)); out.right.append(-1)
                for c in 0..<k { out.leafValues.append(totals[c] / weightTotal) }
                continue
            }
            let values = distinct[bestFeature]
            var threshold = (values[bestRankLow] + values[bestRankHigh]) / 2
            if threshold >= values[bestRankHigh] { threshold = values[bestRankLow] }  // rounding guard, as scikit-learn
            // Partition the node's rows: rank <= bestRankLow goes left.
            var i = start, j = end - 1
            let rankBase = bestFeature * n
            while i <= j {
                if rank[rankBase + samples[i]] <= UInt32(bestRankLow) { i += 1 } else { samples.swapAt(i, j); j -= 1 }
            }
            out.feature.append(Int32(bestFeature)); out.threshold.append(threshold)
            out.left.append(-1); out.right.append(-1)
            stack.append((i, end, depth + 1, nodeIndex, false))
            stack.append((start, i, depth + 1, nodeIndex, true))
        }
        return out
    }
}

/// Sorts `keys[0..<m]` (rank in the high 32 bits, row in the low 32 bits, all ranks in lo...hi):
/// insertion sort for tiny nodes, a counting sort on the rank when the rank range is at most a
/// few times the node size (typical near the root), the standard library sort otherwise.
/// Rows with equal rank may come out in different orders per branch; the split scan only stops
/// between distinct ranks and weights are integer counts, so the chosen split is the same.
@inline(__always)
private func sortKeys(_ keys: inout [UInt64], _ m: Int, _ lo: UInt32, _ hi: UInt32,
                      _ scratch: inout [UInt64], _ counts: inout [Int]) {
    keys.withUnsafeMutableBufferPointer { k in
        if m <= 24 {
            for i in 1..<max(m, 1) {
                let v = k[i]
                var j = i
                while j > 0 && k[j - 1] > v { k[j] = k[j - 1]; j -= 1 }
                k[j] = v
            }
            return
        }
        let range = Int(hi - lo) + 1
        if range <= 4 * m {
            if counts.count < range + 1 { counts = [Int](repeating: 0, count: range + 1) }
            for b in 0...range { counts[b] = 0 }
            for i in 0..<m { counts[Int(UInt32(k[i] >> 32) - lo) + 1] += 1 }
            for b in 0..<range { counts[b + 1] += counts[b] }
            scratch.withUnsafeMutableBufferPointer { t in
                for i in 0..<m {
                    let b = Int(UInt32(k[i] >> 32) - lo)
                    t[counts[b]] = k[i]
                    counts[b] += 1
                }
                for i in 0..<m { k[i] = t[i] }
            }
            return
        }
        var head = UnsafeMutableBufferPointer(rebasing: k[0..<m])
        head.sort()
    }
}
