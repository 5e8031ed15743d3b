import Features
import Learning

/// The training set as the model saw it (after its transforms), kept in the model file so a
/// prediction can name the closest known tracks and say how unlike all of them a recording is.
///
/// Novelty is calibrated on the training set itself: for every training track we record the
/// mean Euclidean distance to its `neighbourCount` nearest *other* training tracks. A recording's
/// score is the percentile of its own mean neighbour distance among those; past the 99th
/// percentile (further from the training data than 99% of training tracks are from each other)
/// it is flagged unfamiliar.
public struct ReferenceSet: Sendable, Codable {
    public var names: [String]
    public var labels: [Int]
    /// Transformed training vectors, one row per track.
    public var vectors: Matrix
    public var neighbourCount: Int
    /// Leave-one-out mean neighbour distances of the training tracks, sorted ascending.
    public var calibration: [Double]
    /// Each track's playback level (`rms_mean`) when the pipeline's level step drops it from the
    /// vectors, so `GenreModel.trainingRows` can restore the raw rows; nil otherwise (and in
    /// files from before the level step).
    public var levels: [Double]?
    /// Each track's coordinates along the directions the pipeline's `NuisanceProjection` removes
    /// (one row per track), so `GenreModel.trainingRows` can put them back; nil without that step.
    public var nuisance: Matrix?

    public init(names: [String], labels: [Int], vectors: Matrix, neighbourCount: Int = 5, levels: [Double]? = nil,
                nuisance: Matrix? = nil) {
        self.levels = levels
        self.nuisance = nuisance
        self.names = names
        self.labels = labels
        self.vectors = vectors
        self.neighbourCount = max(1, min(neighbourCount, vectors.rows - 1))
        let k = self.neighbourCount
        calibration = (0..<vectors.rows).map { i in
            let nearest = KNearestNeighbors.nearest(vectors.row(i), in: vectors, k: k + 1)
            let others = nearest.filter { $0.index != i }.prefix(k)
            return others.map(\.distance).reduce(0, +) / Double(max(others.count, 1))
        }.sorted()
    }

    /// The `count` closest training tracks to a transformed vector.
    public func nearest(_ vector: ArraySlice<Double>, count: Int) -> [(index: Int, distance: Double)] {
        KNearestNeighbors.nearest(vector, in: vectors, k: min(count, vectors.rows))
    }

    /// Mean distance to the `neighbourCount` nearest training tracks.
    public func neighbourDistance(_ vector: ArraySlice<Double>) -> Double {
        let n = nearest(vector, count: neighbourCount)
        return n.map(\.distance).reduce(0, +) / Double(max(n.count, 1))
    }

    /// The percentile (0–100) of `distance` among the training tracks' own neighbour distances.
    public func percentile(ofDistance distance: Double) -> Double {
        guard !calibration.isEmpty else { return 100 }
        var low = 0, high = calibration.count
        while low < high {  // count of calibration values strictly below `distance`
            let mid = (low + high) / 2
            if calibration[mid] < distance { low = mid + 1 } else { high = mid }
        }
        return 100 * Double(low) / Double(calibration.count)
    }

    /// The neighbour distance above which a recording is unfamiliar: the 99th percentile.
    public var unfamiliarDistance: Double {
        calibration.isEmpty ? 0 : quantile(sorted: calibration, 0.99)
    }
}
