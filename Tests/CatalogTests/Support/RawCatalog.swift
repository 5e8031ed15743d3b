import Foundation
import GRDB

/// Direct SQL on a catalogue file, independent of the Catalog module's own queries.
struct RawCatalog {
    let queue: DatabaseQueue

    init(_ url: URL) throws {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        queue = try DatabaseQueue(path: url.path, configuration: config)
    }

    func strings(_ sql: String) throws -> [String] { try queue.read { try String.fetchAll($0, sql: sql) } }
    func int(_ sql: String) throws -> Int { try queue.read { try Int.fetchOne($0, sql: sql) ?? -1 } }
    func rows(_ sql: String) throws -> [Row] { try queue.read { try Row.fetchAll($0, sql: sql) } }

    /// Everything that must hold after any run, finished or killed: SQLite's own checks, and no
    /// recording without all its parts.
    func consistencyProblems() throws -> [String] {
        var problems: [String] = []
        let integrity = try strings("PRAGMA integrity_check")
        if integrity != ["ok"] { problems.append("integrity_check: \(integrity)") }
        let foreign = try rows("PRAGMA foreign_key_check")
        if !foreign.isEmpty { problems.append("foreign_key_check: \(foreign)") }
        for row in try rows("SELECT id, result, (SELECT count(*) FROM segment WHERE recording_id = r.id), (SELECT count(*) FROM probability WHERE recording_id = r.id) FROM recording r") {
            let id: String = row[0], json: String = row[1], segments: Int = row[2], probabilities: Int = row[3]
            guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
                  let expected = object["segments"] as? [Any] else {
                problems.append("\(id): result is not a JSON object with segments"); continue
            }
            if segments != expected.count || segments == 0 { problems.append("\(id): \(segments) segment rows for \(expected.count) segments") }
            if probabilities != 10 { problems.append("\(id): \(probabilities) probability rows") }
        }
        let dangling = try int("SELECT count(*) FROM file WHERE status = 'present' AND recording_id IS NULL")
        if dangling > 0 { problems.append("\(dangling) present files without a recording") }
        let failedLinked = try int("SELECT count(*) FROM file WHERE status = 'failed' AND (recording_id IS NOT NULL OR error IS NULL)")
        if failedLinked > 0 { problems.append("\(failedLinked) failed files linked or without an error") }
        return problems
    }
}
