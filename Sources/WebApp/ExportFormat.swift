import Catalog
import Foundation
import GenreKit

/// The collection as data: `GET /api/recordings` and the JSON export
/// (`{"recordings": [{"id", "file", "duration_seconds", "genre", "probabilities", "novelty", "labels"}]}`),
/// the CSV export, and one recording in full (`GET /api/recordings/{id}`).
enum ExportFormat {
    static func json(_ rows: [RecordingSummary]) throws -> Data {
        let recordings = rows.map { r -> [String: Any] in
            ["id": r.id, "file": r.file, "duration_seconds": r.durationSeconds, "genre": r.genre, "probabilities": r.probabilities,
             "novelty": (try? JSONSerialization.jsonObject(with: Data(r.noveltyJSON.utf8))) ?? [:], "labels": r.labels,
             "missing": r.missing]
        }
        return try JSONSerialization.data(withJSONObject: ["recordings": recordings], options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// One line per recording: where it is, what it resembles, how unfamiliar, labels, then the
    /// probability of every class in the model's order.
    static func csv(_ rows: [RecordingSummary], classes: [String]) -> String {
        var out = (["id", "file", "folder", "duration_seconds", "genre", "probability", "novelty", "unfamiliar", "date", "labels"] + classes)
            .map(csvField).joined(separator: ",") + "\n"
        for r in rows {
            let fields = [r.id, r.file, r.folder, String(format: "%.3f", r.durationSeconds), r.genre, String(format: "%.6f", r.probability),
                          String(format: "%.4f", r.noveltyScore), r.unfamiliar ? "true" : "false", r.date, r.labels.joined(separator: "; ")]
                + classes.map { String(format: "%.6f", r.probabilities[$0] ?? 0) }
            out += fields.map(csvField).joined(separator: ",") + "\n"
        }
        return out
    }

    /// The stored result with what the catalogue adds: id, labels, the file on disk, every file, model, time of analysis.
    static func detail(_ d: RecordingDetail) throws -> Data {
        var object = (try JSONSerialization.jsonObject(with: Data(d.resultJSON.utf8)) as? [String: Any]) ?? [:]
        object["id"] = d.id
        object["labels"] = d.labels
        if let present = d.files.first(where: { $0.status == "present" }) { object["file"] = present.path }
        object["files"] = d.files.map { ["path": $0.path, "status": $0.status] }
        object["model"] = ["id": d.modelID, "name": d.modelName]
        object["analysed_at"] = d.analysedAt
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// A CSV field (GenreKit's quoting); text starting with =, +, - or @ (a file name, a label)
    /// is prefixed with ' so a spreadsheet shows it instead of running it as a formula.
    static func csvField(_ value: String) -> String {
        guard let first = value.first, "=+-@".contains(first), Double(value) == nil else { return GenreKit.csvField(value) }
        return GenreKit.csvField("'" + value)
    }
}
