import Foundation
import TestSupport
import Testing
@testable import Features

/// The extractor against the published GTZAN features (features_30_sec.csv and the 3-second
/// segment CSV), on every clip in ../shared/gtzan/audio: each feature within a fraction of that
/// column's standard deviation over the 1000 published rows.
@Suite struct KaggleFeatureTests {
    /// Columns produced by the spectral/time-frame code of this target (all but HPSS and tempo,
    /// which have their own tolerances).
    static let hpssColumns: Set<String> = ["harmony_mean", "harmony_var", "perceptr_mean", "perceptr_var"]

    /// Standard deviation of every feature column over features_30_sec.csv.
    static func columnDeviations(_ rows: [String: [Double]]) -> [Double] {
        (0..<KaggleSchema.featureCount).map { c in
            meanAndVariance(rows.values.map { $0[c + 1] }).variance.squareRoot()
        }
    }

    struct Mismatch: CustomStringConvertible {
        let clip: String, column: String, ours: Double, published: Double, deviations: Double
        var description: String { "\(clip) \(column): ours \(ours) vs \(published) (\(deviations) std)" }
    }

    /// Compares one feature vector with its published row; returns the columns out of tolerance.
    static func compare(_ clip: String, ours: [Double], published: [Double], deviations: [Double],
                        hpssTolerance: Double = 1e-4, tolerance: Double = 1e-4) -> [Mismatch] {
        var bad: [Mismatch] = []
        for (c, name) in KaggleSchema.featureNames.enumerated() where name != "tempo" {
            let limit = (hpssColumns.contains(name) ? hpssTolerance : tolerance) * deviations[c]
            let diff = abs(ours[c] - published[c + 1])
            if !(diff <= limit) {
                bad.append(Mismatch(clip: clip, column: name, ours: ours[c], published: published[c + 1],
                                    deviations: diff / deviations[c]))
            }
        }
        return bad
    }

    @Test func thirtySecondClipsMatchPublishedFeatures() throws {
        guard GTZAN.available else { print("skipped: \(GTZAN.skipMessage)"); return }
        let (_, rows) = GTZAN.csvRows("features_30_sec.csv")
        let deviations = Self.columnDeviations(rows)
        let extractor = KaggleFeatureExtractor()
        var mismatches: [Mismatch] = []
        var tempoMatches = 0
        let clips = GTZAN.clips()
        #expect(clips.count >= 30)
        for url in clips {
            let name = url.lastPathComponent
            let published = try #require(rows[name], "no CSV row for \(name)")
            let y = GTZAN.samples(url).map(Double.init)
            #expect(Double(y.count) == published[0], "length of \(name)")
            let ours = extractor.features(y)
            mismatches += Self.compare(name, ours: ours, published: published, deviations: deviations)
            let tempoColumn = KaggleSchema.featureNames.firstIndex(of: "tempo")!
            if abs(ours[tempoColumn] - published[tempoColumn + 1]) < 1e-3 { tempoMatches += 1 }
        }
        let report = mismatches.prefix(40).map(\.description).joined(separator: "\n")
        #expect(mismatches.count == 0, "\(mismatches.count) features out of tolerance:\n\(report)")
        #expect(Double(tempoMatches) >= 0.95 * Double(clips.count), "tempo equal on \(tempoMatches) of \(clips.count) clips")
    }
}
