import Foundation

/// The renderings of `genre classify`: the JSON document, one CSV row per recording, and a
/// terminal table with probability bars.
public enum ClassificationText {
    struct Document: Encodable {
        var model: ModelMetadataView
        var recordings: [RecordingResult]
        var errors: [FileProblem]
    }

    public static func json(model: ModelMetadataView, recordings: [RecordingResult], errors: [FileProblem]) throws -> String {
        let data = try encoder(pretty: true).encode(Document(model: model, recordings: recordings, errors: errors))
        return String(decoding: data, as: UTF8.self)
    }

    /// The JSON encoder of every result the tool writes (sorted keys, NaN and infinities as
    /// strings); `pretty` for documents people read, compact for one record per line or row.
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    public static func csv(classes: [String], recordings: [RecordingResult]) -> String {
        var out = (["file", "genre"] + classes + ["unfamiliar"]).map(csvField).joined(separator: ",") + "\n"
        for r in recordings {
            out += ([csvField(r.file), csvField(r.genre)] + classes.map { String(format: "%.6f", r.probabilities[$0] ?? 0) }
                    + [r.novelty.unfamiliar ? "true" : "false"]).joined(separator: ",") + "\n"
        }
        return out
    }

    /// Per recording: the top genres with bars, the verdict on novelty, and the nearest tracks.
    public static func table(recordings: [RecordingResult], top: Int) -> String {
        var out = ""
        for r in recordings {
            out += "\(r.file)  (\(formatDuration(r.durationSeconds)), \(r.segments.count) window\(r.segments.count == 1 ? "" : "s"))\n"
            let ranked = r.ranked.prefix(max(top, 1))
            let width = (ranked.map(\.genre.count).max() ?? 5) + 2
            for (genre, p) in ranked {
                let bar = String(repeating: "█", count: p.isFinite ? Int((min(max(p, 0), 1) * 30).rounded()) : 0)
                out += "  " + genre.padding(toLength: width, withPad: " ", startingAt: 0) + String(format: "%5.1f%%  ", 100 * p) + bar + "\n"
            }
            if r.novelty.unfamiliar {
                out += String(format: "  unfamiliar: further from the training tracks than %.0f%% of them are from each other — closest to %@, but unlike all %d genres\n",
                              100 * r.novelty.score, r.genre, r.probabilities.count)
            } else {
                out += String(format: "  familiar (novelty %.2f)\n", r.novelty.score)
            }
            if !r.nearest.isEmpty {
                out += "  nearest: " + r.nearest.map { "\($0.track) (\($0.genre), \(String(format: "%.2f", $0.distance)))" }.joined(separator: ", ") + "\n"
            }
            let changes = timelineSummary(r)
            if !changes.isEmpty { out += "  timeline: " + changes + "\n" }
            out += "\n"
        }
        return out
    }

    /// Runs of the same window genre, e.g. "0:00–1:30 jazz, 1:30–3:00 blues".
    static func timelineSummary(_ r: RecordingResult) -> String {
        guard r.segments.count > 1 else { return "" }
        var runs: [(start: Double, end: Double, genre: String)] = []
        for s in r.segments {
            if let last = runs.last, last.genre == s.genre { runs[runs.count - 1].end = s.endSeconds } else {
                runs.append((runs.last.map { max($0.end, s.startSeconds) } ?? s.startSeconds, s.endSeconds, s.genre))
            }
        }
        return runs.map { "\(formatDuration($0.start))–\(formatDuration($0.end)) \($0.genre)" }.joined(separator: ", ")
    }

    public static func formatDuration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
