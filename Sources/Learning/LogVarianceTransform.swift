import Foundation

/// Log-compression of the variance columns (`*_var` in the Kaggle schema). Those columns are
/// heavy-tailed and span orders of magnitude (e.g. `spectral_centroid_var` from ~1e3 to ~3e6),
/// which hurts models that assume roughly Gaussian or similarly scaled inputs (logistic
/// regression, QDA, SVM, k-NN). No scikit-learn counterpart; closest is
/// `FunctionTransformer(np.log)` on those columns.
///
/// Formula, for each selected column j: `y = log(max(x, 0) + c_j)` with
/// `c_j = 1e-6 * median of the column's positive training values` (or `c_j = 1` when the
/// column has no positive value). The offset keeps exact zeros (silence) finite at about
/// `log(median) - 13.8` instead of -infinity, while leaving typical values essentially unchanged
/// (a relative change of 1e-6 at the median). Other columns pass through unchanged.
public struct LogVarianceTransform: FeatureTransform, Equatable {
    /// The columns transformed, as indices into the feature vector.
    public var columns: [Int]
    /// The per-column offsets `c_j`, aligned with `columns`, learnt by `fit`.
    public private(set) var offsets: [Double] = []

    /// Transforms the given column indices.
    public init(columns: [Int]) { self.columns = columns }

    /// Transforms every column whose name ends in `suffix` (default `_var`).
    public init(featureNames: [String], suffix: String = "_var") {
        self.columns = featureNames.indices.filter { featureNames[$0].hasSuffix(suffix) }
    }

    /// Learns the offsets. Throws for no rows, a column index outside the matrix, or non-finite values.
    public mutating func fit(_ x: Matrix) throws {
        guard x.rows > 0 else { throw LearningError.emptyTrainingSet }
        if let bad = columns.first(where: { $0 < 0 || $0 >= x.columns }) {
            throw LearningError.sizeMismatch("LogVarianceTransform: column \(bad) outside a \(x.columns)-column matrix")
        }
        var offsets: [Double] = []
        for c in columns {
            let column = x.column(c)
            guard column.allSatisfy(\.isFinite) else {
                throw LearningError.invalidValue("LogVarianceTransform: non-finite value in column \(c)")
            }
            let positive = column.filter { $0 > 0 }.sorted()
            offsets.append(positive.isEmpty ? 1 : 1e-6 * Self.median(sortedValues: positive))
        }
        self.offsets = offsets
    }

    /// Applies `log(max(x, 0) + c_j)` to the selected columns.
    public func transform(_ x: Matrix) -> Matrix {
        precondition(offsets.count == columns.count, "LogVarianceTransform: transform before fit")
        var out = x
        for (k, c) in columns.enumerated() {
            precondition(c < x.columns, "LogVarianceTransform: column \(c) outside a \(x.columns)-column matrix")
            for r in 0..<x.rows { out[r, c] = Foundation.log(Swift.max(x[r, c], 0) + offsets[k]) }
        }
        return out
    }

    /// `exp(y) - c_j` on the selected columns: the rows `transform` maps to `y` (exact up to
    /// rounding for the non-negative values variances have).
    public func inverseTransform(_ y: Matrix) -> Matrix {
        precondition(offsets.count == columns.count, "LogVarianceTransform: inverse before fit")
        var out = y
        for (k, c) in columns.enumerated() {
            for r in 0..<y.rows { out[r, c] = Foundation.exp(y[r, c]) - offsets[k] }
        }
        return out
    }

    /// The median as numpy defines it (mean of the two middle values for an even count).
    static func median(sortedValues v: [Double]) -> Double {
        let m = v.count / 2
        return v.count % 2 == 1 ? v[m] : 0.5 * (v[m - 1] + v[m])
    }
}
