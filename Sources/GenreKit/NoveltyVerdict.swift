import Features
import Learning

extension GenreModel {
    /// The novelty verdict on a recording from its window features (raw, one row per window) and
    /// the windows' lengths in seconds. The recording's d² is the median over its windows (a
    /// long recording is judged by what most of it is like). Models without a detector (files
    /// written before it existed) get the older nearest-neighbour verdict, computed from the
    /// windows in the model's transformed space and calibrated on the training tracks themselves.
    public func novelty(windowFeatures: Matrix, windowSeconds: [Double], transformed: Matrix) -> RecordingResult.Novelty {
        guard let detector = novelty else {
            let distance = median((0..<transformed.rows).map { reference.neighbourDistance(transformed.row($0)) })
            return RecordingResult.Novelty(score: reference.percentile(ofDistance: distance) / 100,
                                           unfamiliar: distance > reference.unfamiliarDistance,
                                           distance: distance, threshold: reference.unfamiliarDistance,
                                           method: RecordingResult.Novelty.legacyMethod)
        }
        let scores = detector.score(windowFeatures, seconds: windowSeconds)
        let d2 = median(scores.map(\.squaredDistance))
        // All windows of a multi-window recording have the training length; a short one is one window.
        let entry = scores.map(\.entry).max() ?? detector.entries.count - 1
        let threshold = detector.entries[entry].threshold
        return RecordingResult.Novelty(score: detector.percentile(squaredDistance: d2, entry: entry),
                                       unfamiliar: d2 > threshold, distance: d2.squareRoot(), threshold: threshold.squareRoot(),
                                       method: RecordingResult.Novelty.gaussianMethod)
    }
}

extension RecordingResult.Novelty {
    /// The verdict in words, for the table and the report.
    public func sentence(genre: String, genreCount: Int) -> String {
        if method == Self.legacyMethod {
            return unfamiliar
                ? String(format: "unfamiliar: further from the training tracks (%.2f) than 99%% of them are from each other (%.2f); closest to %@, but unlike all %d genres. (An older model file: retrain it for the calibrated detector.)", distance, threshold, genre, genreCount)
                : String(format: "familiar (novelty %.2f; distance %.2f, unfamiliar above %.2f; an older model file: retrain it for the calibrated detector)", score, distance, threshold)
        }
        return unfamiliar
            ? String(format: "unfamiliar: less like the training music than %.1f%% of held-out training windows of its length (distance %.2f, unfamiliar above %.2f); closest to %@, but unlike all %d genres, so treat the probabilities with caution", 100 * score, distance, threshold, genre, genreCount)
            : String(format: "familiar (novelty %.2f; distance %.2f, unfamiliar above %.2f)", score, distance, threshold)
    }
}
