import Foundation

/// Directions in feature space along which something other than the music moves the features
/// (here: what resamplers and the top-band roll-off of a recording chain do), stored by feature
/// name so a model on any subset of the features can use them. `directions` are orthonormal in
/// the space z = x / `scale` (x: the features after `LevelNormalization` and
/// `LogVarianceTransform`); derived by bench/chains/transfer.py from the principal components of
/// the feature changes that format copies of GTZAN clips showed.
public struct NuisanceBasis: Sendable, Codable, Equatable {
    public var featureNames: [String]
    /// Per-feature scale of the space the directions are orthonormal in (the column's std).
    public var scale: [Double]
    /// k directions of `featureNames.count` values each.
    public var directions: [[Double]]
    /// What the directions were learnt from, for the record.
    public var source: String

    public init(featureNames: [String], scale: [Double], directions: [[Double]], source: String = "") {
        self.featureNames = featureNames
        self.scale = scale
        self.directions = directions
        self.source = source
    }

    enum CodingKeys: String, CodingKey { case featureNames = "feature_names", scale, directions, source }

    /// Checks the shapes; throws `LearningError.invalidValue` naming the problem.
    public func validate() throws {
        let d = featureNames.count
        guard scale.count == d, scale.allSatisfy({ $0 > 0 && $0.isFinite }),
              directions.allSatisfy({ $0.count == d && $0.allSatisfy(\.isFinite) }) else {
            throw LearningError.invalidValue("nuisance basis: \(scale.count) scales and directions of the wrong length for \(d) features")
        }
    }
}

/// Nuisance attribute projection (Solomonoff, Campbell & Boardman, "Advances in channel
/// compensation for SVM speaker recognition", ICASSP 2005): removes from every row its component
/// along the directions of a `NuisanceBasis`, so a move along them (the same music through
/// another resampler) leaves the classifier's input unchanged, whatever the classifier. In the
/// scaled space z = x / s: z ← z − Eᵀ(E z), with E's rows orthonormal; then x = z · s. Without
/// centring: a constant offset is removed by the `StandardScaler` that follows.
/// No scikit-learn counterpart (a fixed linear `FunctionTransformer`). Nothing is fitted: the
/// directions come from recordings, not from the training rows.
///
/// Built for the columns of `featureNames` the basis names, the directions are restricted to
/// those columns and re-orthonormalised (Gram–Schmidt); a direction that keeps less than
/// `minimumNorm` of its length there (less than 9% of its energy by default) is dropped, so a
/// model on the rhythm columns alone does not lose tempo to a direction that lives in the MFCCs.
public struct NuisanceProjection: FeatureTransform, Equatable {
    /// Input columns the directions act on.
    public var columns: [Int]
    /// Scale of each of `columns`.
    public var scale: [Double]
    /// Orthonormal directions over `columns` (each `columns.count` values).
    public var directions: [[Double]]

    public static let minimumNorm = 0.3

    public init(featureNames: [String], basis: NuisanceBasis) {
        let index = Dictionary(basis.featureNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let pairs = featureNames.enumerated().compactMap { c, name in index[name].map { (c, $0) } }
        columns = pairs.map(\.0)
        scale = pairs.map { basis.scale[$0.1] }
        var kept: [[Double]] = []
        for direction in basis.directions {
            var v = pairs.map { direction[$0.1] }
            for e in kept {
                let dot = zip(v, e).reduce(0) { $0 + $1.0 * $1.1 }
                for i in v.indices { v[i] -= dot * e[i] }
            }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm >= Self.minimumNorm { kept.append(v.map { $0 / norm }) }
        }
        directions = kept
    }

    /// Nothing to learn; checks that the columns lie inside `x`.
    public mutating func fit(_ x: Matrix) throws {
        guard x.rows > 0 else { throw LearningError.emptyTrainingSet }
        if let problem = problem(inputColumns: x.columns) { throw LearningError.sizeMismatch("NuisanceProjection: " + problem) }
    }

    /// Each row's coordinates along the directions (k values per row): what `transform` removes.
    public func coordinates(_ x: Matrix) -> Matrix {
        var out = Matrix(rows: x.rows, columns: directions.count)
        for r in 0..<x.rows {
            for (k, e) in directions.enumerated() {
                var dot = 0.0
                for (i, c) in columns.enumerated() { dot += e[i] * x[r, c] / scale[i] }
                out[r, k] = dot
            }
        }
        return out
    }

    public func transform(_ x: Matrix) -> Matrix { adding(coordinates(x), times: -1, to: x) }

    /// The projection cannot be undone from its output alone: this returns `x` unchanged (a
    /// row already without nuisance components). `restoring(_:coordinates:)` undoes it exactly.
    public func inverseTransform(_ x: Matrix) -> Matrix { x }

    /// The rows `transform` mapped to `x`, given the `coordinates` it removed from them.
    public func restoring(_ x: Matrix, coordinates: Matrix) -> Matrix { adding(coordinates, times: 1, to: x) }

    private func adding(_ coordinates: Matrix, times sign: Double, to x: Matrix) -> Matrix {
        var out = x
        for r in 0..<x.rows {
            for (k, e) in directions.enumerated() {
                let a = sign * coordinates[r, k]
                for (i, c) in columns.enumerated() { out[r, c] += a * e[i] * scale[i] }
            }
        }
        return out
    }

    /// Every column must exist and every direction span them (an edited model file could say anything).
    public func problem(inputColumns: Int) -> String? {
        columns.allSatisfy({ (0..<inputColumns).contains($0) }) && scale.count == columns.count
            && scale.allSatisfy({ $0 > 0 && $0.isFinite })
            && directions.allSatisfy({ $0.count == columns.count && $0.allSatisfy(\.isFinite) })
            ? nil : "the nuisance projection refers to columns outside \(inputColumns) features"
    }
}
