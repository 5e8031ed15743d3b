import Foundation
import Testing
import Features
import TestSupport
@testable import GenreKit

/// `genre features --segment-seconds 3` against features_3_sec_classical_jazz_rock.csv: the
/// segments of every classical, jazz and rock clip in ../shared/gtzan/audio, each feature within
/// 1e-4 x the column's standard deviation over features_30_sec.csv, tempo on >= 95% of segments.
@Suite struct SegmentFeatureTests {
    @Test func threeSecondSegmentsMatchPublishedFeatures() throws {
        guard GTZAN.available else { print("skipped: \(GTZAN.skipMessage)"); return }
        let (_, published) = GTZAN.csvRows("features_3_sec_classical_jazz_rock.csv")
        let (_, whole) = GTZAN.csvRows("features_30_sec.csv")
        let deviations = (0..<KaggleSchema.featureCount).map { c in meanAndVariance(whole.values.map { $0[c + 1] }).variance.squareRoot() }
        let builder = try FeatureTableBuilder(segmentSeconds: 3)
        let clips = GTZAN.clips().filter { ["classical", "jazz", "rock"].contains($0.deletingLastPathComponent().lastPathComponent) }
        #expect(clips.count == 30)
        let rows = parallelMap(clips) { url in (try? builder.rows(for: url).value) ?? [] }.flatMap { $0 }
        var compared = 0, tempoEqual = 0
        var worst: [String] = []
        let tempo = KaggleSchema.featureNames.firstIndex(of: "tempo")!
        for row in rows {
            guard let reference = published[row.filename] else { Issue.record("no published row for \(row.filename)"); continue }
            compared += 1
            #expect(Double(row.length) == reference[0])
            for (c, name) in KaggleSchema.featureNames.enumerated() where c != tempo {
                let diff = abs(row.features[c] - reference[c + 1]) / deviations[c]
                if !(diff <= 1e-4) { worst.append("\(row.filename) \(name): \(diff) std") }
            }
            if abs(row.features[tempo] - reference[tempo + 1]) < 1e-3 { tempoEqual += 1 }
        }
        #expect(compared == published.keys.filter { name in clips.contains { name.hasPrefix(($0.lastPathComponent as NSString).deletingPathExtension + ".") } }.count)
        let report = worst.prefix(30).joined(separator: "\n")
        #expect(worst.count == 0, "\(worst.count) values out of tolerance:\n\(report)")
        #expect(Double(tempoEqual) >= 0.95 * Double(compared), "tempo equal on \(tempoEqual) of \(compared) segments")
    }
}
