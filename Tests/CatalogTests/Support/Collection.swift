import AudioIO
import Foundation
import GRDB
import Learning

/// A generated collection for the catalogue tests: recordings with distinct content in nested
/// folders (written with the project's own AudioWriter) and files that cannot be analysed.
struct TestCollection {
    let root: URL
    /// Files that analyse, relative to `root`.
    var good: [String] = []
    /// Files that fail, relative to `root`.
    var bad: [String] = []

    /// - Parameters:
    ///   - count: recordings to write (each distinct: tone frequencies and noise differ).
    ///   - seconds: length of each (30 s or less is one window; 50 s gives three).
    static func make(count: Int, seconds: Double = 6, longEvery: Int = 0, broken: Bool = true) throws -> TestCollection {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("genre-catalog-\(UUID().uuidString)")
        var collection = TestCollection(root: root)
        let fm = FileManager.default
        for folder in ["trip-1998/day-1", "trip-1998/day-2", "tapes"] {
            try fm.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for i in 0..<count {
            let folder = ["trip-1998/day-1", "trip-1998/day-2", "tapes"][i % 3]
            let name = "\(folder)/take-\(i).\(i % 4 == 3 ? "flac" : "wav")"
            let length = longEvery > 0 && i % longEvery == longEvery - 1 ? 50 : seconds
            try writeRecording(index: i, seconds: length, to: root.appendingPathComponent(name))
            collection.good.append(name)
        }
        if broken {
            // No RIFF header; a WAV header cut short; an empty FLAC; a recording under 3 s.
            try Data((0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }).write(to: root.appendingPathComponent("tapes/garbage.wav"))
            let header = try Data(contentsOf: root.appendingPathComponent(collection.good[0])).prefix(30)
            try header.write(to: root.appendingPathComponent("tapes/truncated.wav"))
            try Data().write(to: root.appendingPathComponent("trip-1998/empty.flac"))
            try writeRecording(index: 999, seconds: 1, to: root.appendingPathComponent("trip-1998/too-short.wav"))
            collection.bad = ["tapes/garbage.wav", "tapes/truncated.wav", "trip-1998/empty.flac", "trip-1998/too-short.wav"]
        }
        return collection
    }

    /// A recording whose content depends on `index`: two tones, a pulse and some noise.
    static func writeRecording(index: Int, seconds: Double, to url: URL) throws {
        var rng = SeededGenerator(seed: UInt64(index) + 1)
        let rate = index % 2 == 0 ? 22050 : 16000
        let n = Int(seconds * Double(rate))
        let f1 = 110 + 37 * Double(index % 17), f2 = 660 + 91 * Double(index % 11)
        let beat = Double(rate) * 60 / (70 + 7 * Double(index % 9))
        let samples = (0..<n).map { t -> Float in
            let x = Double(t) / Double(rate)
            let pulse = Double(t).truncatingRemainder(dividingBy: beat) < 300 ? 0.3 : 0
            return Float(0.3 * sin(2 * .pi * f1 * x) + 0.15 * sin(2 * .pi * f2 * x) + pulse + 0.05 * (rng.nextUnit() - 0.5))
        }
        if url.pathExtension == "flac" {
            try AudioWriter.writeFLAC([samples], sampleRate: rate, bits: 16, to: url)
        } else {
            try AudioWriter.writeWAV([samples], sampleRate: rate, format: .pcm16, to: url)
        }
    }

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

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
