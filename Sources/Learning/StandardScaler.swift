import Foundation

/// Standardisation to zero mean and unit variance per column: `z = (x - mean) / scale`,
/// matching scikit-learn's `StandardScaler()` (with_mean=True, with_std=True).
///
/// `scale` is the population standard deviation (ddof = 0). Constant columns get `scale = 1`
/// (so they map to 0 instead of dividing by zero), using scikit-learn's test for "constant":
/// `var <= n * eps * var + (n * mean * eps)^2` (`sklearn.preprocessing._data._is_constant_feature`).
public struct StandardScaler: FeatureTransform, Equatable {
    /// Column means learnt by `fit`.
    public private(set) var mean: [Double] = []
    /// Column scales (population standard deviations, 1 for constant columns) learnt by `fit`.
    public private(set) var scale: [Double] = []

    public init() {}

    /// Learns `mean` and `scale` from the training rows. Throws for no rows or non-finite values.
    public mutating func fit(_ x: Matrix) throws {
        guard x.rows > 0 else { throw LearningError.emptyTrainingSet }
        guard x.values.allSatisfy(\.isFinite) else { throw LearningError.invalidValue("StandardScaler: non-finite feature value") }
        let n = Double(x.rows)
        var mean = Array(repeating: 0.0, count: x.columns)
        for r in 0..<x.rows { for c in 0..<x.columns { mean[c] += x[r, c] } }
        for c in 0..<x.columns { mean[c] /= n }
        // Two-pass variance: numerically stable for columns with a large mean (spectral variances ~1e6).
        var variance = Array(repeating: 0.0, count: x.columns)
        for r in 0..<x.rows { for c in 0..<x.columns { let d = x[r, c] - mean[c]; variance[c] += d * d } }
        let eps = Double.ulpOfOne
        var scale = Array(repeating: 1.0, count: x.columns)
        for c in 0..<x.columns {
            variance[c] /= n
            let bound = n * eps * variance[c] + (n * mean[c] * eps) * (n * mean[c] * eps)
            scale[c] = variance[c] <= bound ? 1 : variance[c].squareRoot()
        }
        self.mean = mean
        self.scale = scale
    }

    /// `(x - mean) / scale` column-wise. `x` must have the fitted column count.
    public func transform(_ x: Matrix) -> Matrix {
        precondition(x.columns == mean.count, "StandardScaler: \(x.columns) columns, fitted on \(mean.count)")
        var out = x
        for r in 0..<x.rows {
            let base = r * x.columns
            for c in 0..<x.columns { out.values[base + c] = (x.values[base + c] - mean[c]) / scale[c] }
        }
        return out
    }

    /// `z * scale + mean` column-wise: the rows `transform` maps to `z`.
    public func inverseTransform(_ z: Matrix) -> Matrix {
        precondition(z.columns == mean.count, "StandardScaler: \(z.columns) columns, fitted on \(mean.count)")
        var out = z
        for r in 0..<z.rows {
            let base = r * z.columns
            for c in 0..<z.columns { out.values[base + c] = z.values[base + c] * scale[c] + mean[c] }
        }
        return out
    }
}
