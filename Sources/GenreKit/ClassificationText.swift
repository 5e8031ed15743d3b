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
            out += "  " + r.novelty.sentence(genre: r.genre, genreCount: r.probabilities.count) + "\n"
            if !r.nearest.isEmpty {
                out += "  nearest: " + r.nearest.map { "\($0.track) (\($0.genre), \(String(format: "%.2f", $0.distance)))" }.joined(separator: ", ") + "\n"
            }
            if let metadata = MetadataSummary.line(r.metadata) { out += "  metadata: \(metadata)\n" }
            if let condition = r.condition { out += "  condition: \(condition.summary)\n" }
            if let evidence = evidence(r) { out += "  evidence: \(evidence)\n" }
            for warning in r.warnings { out += "  warning: \(warning)\n" }
            let changes = timelineSummary(r)
            if !changes.isEmpty { out += "  timeline: " + changes + "\n" }
            out += "\n"
        }
        return out
    }

    /// Below this cross-validated accuracy an aspect's verdict is called weak (chance is 10%).
    public static let weakAspectAccuracy = 0.3

    /// The aspects' verdicts in one sentence, most reliable aspect first, e.g. "timbrally
    /// closest to blues (+0.42), in dynamics to rock (+0.10), harmonically to jazz (+0.03),
    /// rhythmically to reggae (+0.02, weak); the recording is band-limited and noisy, so the
    /// timbre reading is unreliable". The numbers are margins: the genre's probability minus the
    /// runner-up's. nil without aspect models.
    public static func evidence(_ r: RecordingResult) -> String? {
        guard let aspects = r.aspects, !aspects.isEmpty else { return nil }
        let ordered = Aspect.allCases.compactMap { a in aspects[a.rawValue].map { (a, $0) } }
            .sorted { ($0.1.cvAccuracy ?? 0) > ($1.1.cvAccuracy ?? 0) }
        var parts: [String] = []
        for (i, (aspect, verdict)) in ordered.enumerated() {
            let weak = (verdict.cvAccuracy ?? 0) < weakAspectAccuracy ? ", weak" : ""
            parts.append("\(aspect.adverb) \(i == 0 ? "closest " : "")to \(verdict.genre) (\(String(format: "+%.2f", verdict.margin))\(weak))")
        }
        var sentence = parts.joined(separator: ", ")
        if let condition = r.condition {
            let traits = ConditionLimits.gtzan.traits(condition)
            if !traits.isEmpty {
                let list = traits.count == 1 ? traits[0] : traits.dropLast().joined(separator: ", ") + " and " + traits.last!
                sentence += "; the recording is \(list), so the timbre reading is unreliable"
            }
        }
        return sentence
    }

    /// The genre regions (`RecordingResult.regions`), e.g. "0:00–1:08 jazz 0.81, 1:08–2:00 rock 0.64".
    static func timelineSummary(_ r: RecordingResult) -> String {
        guard r.segments.count > 1 else { return "" }
        return r.regions.map { "\(formatDuration($0.startSeconds))–\(formatDuration($0.endSeconds)) \($0.label)" }.joined(separator: ", ")
    }

    public static func formatDuration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
