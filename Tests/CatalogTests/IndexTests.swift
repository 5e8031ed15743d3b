import AudioIO
import Features
import Foundation
import GRDB
import Learning
import Testing
import TestSupport
@testable import Catalog
@testable import GenreKit

/// `genre index` through the library: what a first run stores, and what later runs do with
/// unchanged, changed, moved, copied and vanished files and with a new model.
@Suite(.serialized) struct IndexTests {
    static let classifier: RecordingClassifier = {
        let (_, model) = try! DefaultModel.load(nil)
        return try! RecordingClassifier(model: model)
    }()

    func index(_ paths: [String], into url: URL, model: String? = nil) throws -> IndexSummary {
        var indexer = Indexer(catalog: try Catalog(url: url), modelPath: model)
        indexer.progress = false
        return try indexer.run(paths)
    }

    @Test func firstRunStoresEveryRecordingAndEveryError() throws {
        let collection = try TestCollection.make(count: 7, longEvery: 4)
        defer { collection.remove() }
        let url = collection.root.appendingPathComponent("catalogue.sqlite")
        let summary = try index([collection.root.path], into: url)
        #expect(summary.indexed == 7 && summary.failed == 4 && summary.unchanged == 0, "\(summary)")
        #expect(Set(summary.problems.map(\.file)) == Set(collection.bad.map(collection.path)))
        #expect(summary.description.hasPrefix("indexed 7, unchanged 0, failed 4"))

        let raw = try RawCatalog(url)
        #expect(try raw.consistencyProblems() == [])
        for name in collection.good {
            let path = collection.path(name)
            let rows = try raw.rows("SELECT f.status, f.recording_id, f.relative_path, f.root, r.result, r.total_samples FROM file f JOIN recording r ON r.id = f.recording_id WHERE f.path = '\(path)'")
            #expect(rows.count == 1, "\(name)")
            guard let row = rows.first else { continue }
            #expect(row[0] as String == "present")
            // The content key is the file's SHA-256 (checked against sha256sum in ContentKeyTests).
            #expect(row[1] as String == (try ContentKey.file(URL(fileURLWithPath: path)).key))
            #expect(row[2] as String == name && row[3] as String == collection.root.path)
            // The stored result is what `genre classify` gives for the file.
            let direct = try Self.classifier.classify(URL(fileURLWithPath: path))
            let stored = try JSONDecoder().decode(RecordingResult.self, from: Data((row[4] as String).utf8))
            #expect(stored.genre == direct.genre && stored.segments.count == direct.segments.count)
            for (genre, p) in direct.probabilities { #expect(abs((stored.probabilities[genre] ?? -1) - p) < 1e-12) }
            #expect(row[5] as Int == Int((direct.durationSeconds * 22050).rounded()))
        }
        // The 50-s recording (take-3.flac) has three 30-s windows, the last aligned to the end; the
        // second starts on the 512-sample frame grid nearest to 15 s (330 752 = 646 · 512).
        let long = try raw.rows("SELECT s.start_sample, s.end_sample, length(s.features) FROM segment s JOIN file f ON f.recording_id = s.recording_id WHERE f.path LIKE '%take-3.flac' ORDER BY s.position")
        #expect(long.map { [$0[0] as Int, $0[1] as Int, $0[2] as Int] } == [[0, 661_500, 456], [330_752, 992_252, 456], [441_000, 1_102_500, 456]])
        for name in collection.bad {
            let rows = try raw.rows("SELECT status, error, recording_id FROM file WHERE path = '\(collection.path(name))'")
            #expect(rows.count == 1 && rows.first?[0] as String? == "failed", "\(name)")
            #expect(!(rows.first?[1] as String? ?? "").isEmpty && (rows.first?[2] as String?) == nil, "\(name)")
        }
        #expect(try raw.strings("SELECT error FROM file WHERE path LIKE '%too-short.wav'").first?.contains("too short") == true)

        let again = try index([collection.root.path], into: url)
        #expect(again.indexed == 0 && again.unchanged == 7 && again.failed == 4, "\(again)")
        #expect(try raw.int("SELECT count(*) FROM file") == 11 && raw.int("SELECT count(*) FROM recording") == 7)
    }

    @Test func laterRunsFollowChangesMovesCopiesAndDeletions() throws {
        let collection = try TestCollection.make(count: 6, broken: false)
        defer { collection.remove() }
        let url = collection.root.appendingPathComponent("catalogue.sqlite")
        #expect(try index([collection.root.path], into: url).indexed == 6)
        let catalog = try Catalog(url: url)
        let raw = try RawCatalog(url)
        func recording(_ name: String) throws -> String? {
            try raw.strings("SELECT recording_id FROM file WHERE path = '\(collection.path(name))' AND status = 'present'").first
        }
        let fm = FileManager.default
        let moved = collection.good[0], changed = collection.good[1], copied = collection.good[2], deleted = collection.good[4]
        let movedID = try #require(try recording(moved)), changedID = try #require(try recording(changed)), copiedID = try #require(try recording(copied))
        try catalog.setLabels(of: movedID, to: ["lullaby", " ", "wedding"])
        try catalog.setLabels(of: changedID, to: ["needs review"])

        try fm.createDirectory(at: collection.root.appendingPathComponent("renamed"), withIntermediateDirectories: true)
        try fm.moveItem(atPath: collection.path(moved), toPath: collection.path("renamed/moved.wav"))
        try TestCollection.writeRecording(index: 100, seconds: 6, to: URL(fileURLWithPath: collection.path(changed)))
        try fm.copyItem(atPath: collection.path(copied), toPath: collection.path("renamed/copy.wav"))
        try fm.removeItem(atPath: collection.path(deleted))

        let summary = try index([collection.root.path], into: url)
        #expect(summary.indexed == 1 && summary.recognised == 2 && summary.missing == 2 && summary.unchanged == 3 && summary.failed == 0, "\(summary)")
        #expect(try recording("renamed/moved.wav") == movedID)
        #expect(try catalog.labels(of: movedID) == ["lullaby", "wedding"])
        #expect(try recording("renamed/copy.wav") == copiedID && recording(copied) == copiedID)
        let newID = try #require(try recording(changed))
        #expect(newID != changedID)
        // The edited file's old analysis is gone and its labels went with the file.
        #expect(try raw.int("SELECT count(*) FROM recording WHERE id = '\(changedID)'") == 0)
        #expect(try catalog.labels(of: newID) == ["needs review"])
        #expect(try raw.strings("SELECT status FROM file WHERE path IN ('\(collection.path(moved))', '\(collection.path(deleted))')") == ["missing", "missing"])
        #expect(try catalog.presentRecordingCount() == 5)  // 6 - deleted + changed (new content) - changed (old)
        #expect(try raw.consistencyProblems() == [])

        // Indexing one sub-folder marks nothing outside it missing; a vanished file that
        // reappears is present again without analysis.
        try fm.moveItem(atPath: collection.path("renamed/moved.wav"), toPath: collection.path(moved))
        let partial = try index([collection.root.appendingPathComponent("trip-1998").path], into: url)
        #expect(partial.recognised == 1 && partial.missing == 0 && partial.indexed == 0, "\(partial)")
        #expect(try raw.strings("SELECT status FROM file WHERE path = '\(collection.path("renamed/moved.wav"))'") == ["present"])

        // A folder that is gone altogether: one problem naming it, and its files are missing.
        let tapes = collection.root.appendingPathComponent("tapes")
        let inTapes = try raw.int("SELECT count(*) FROM file WHERE folder = '\(tapes.path)' AND status = 'present'")
        #expect(inTapes == 2)
        try fm.removeItem(at: tapes)
        let gone = try index([tapes.path], into: url)
        #expect(gone.failed == 1 && gone.problems.first?.file == tapes.path && gone.missing == inTapes, "\(gone)")
    }

    @Test func anotherModelReclassifiesFromStoredFeaturesAndIsKept() throws {
        let collection = try TestCollection.make(count: 5, longEvery: 5, broken: false)
        defer { collection.remove() }
        let url = collection.root.appendingPathComponent("catalogue.sqlite")
        #expect(try index([collection.root.path], into: url).indexed == 5)

        // A small two-class model trained on features of the recordings themselves (logistic: fast).
        let builder = try FeatureTableBuilder()
        var names: [String] = [], values: [Double] = [], labels: [Int] = []
        for (i, name) in collection.good.enumerated() {
            let row = try builder.rows(for: URL(fileURLWithPath: collection.path(name))).value[0]
            for copy in 0..<4 {
                names.append("\(name).\(copy)"); labels.append(i % 2)
                values += row.features.map { $0 * (1 + 0.01 * Double(copy)) }
            }
        }
        let data = try Dataset(names: names, featureNames: KaggleSchema.featureNames,
                               x: Matrix(rows: names.count, columns: KaggleSchema.featureCount, values: values),
                               labels: labels, classes: ["drone", "pulse"])
        let trained = try GenreModel.train(data, algorithm: .logistic)
        let modelURL = collection.root.appendingPathComponent("mine.genremodel")
        try trained.write(to: modelURL, name: "mine", trainingData: data, cvAccuracy: nil)

        let summary = try index([collection.root.path], into: url, model: modelURL.path)
        #expect(summary.reclassified == 5 && summary.indexed == 0, "\(summary)")
        let own = try RecordingClassifier(model: GenreModel.read(from: modelURL).model)
        let raw = try RawCatalog(url)
        for name in collection.good {
            let json = try #require(try raw.strings("SELECT r.result FROM recording r JOIN file f ON f.recording_id = r.id WHERE f.path = '\(collection.path(name))'").first)
            let stored = try JSONDecoder().decode(RecordingResult.self, from: Data(json.utf8))
            let direct = try own.classify(URL(fileURLWithPath: collection.path(name)))
            #expect(Set(stored.probabilities.keys) == ["drone", "pulse"])
            for (genre, p) in direct.probabilities { #expect(abs((stored.probabilities[genre] ?? -1) - p) < 1e-9, "\(name) \(genre)") }
            #expect(stored.segments.map(\.genre) == direct.segments.map(\.genre))
        }
        // The catalogue keeps the model (stored in it) for later runs without --model.
        #expect(try raw.int("SELECT count(*) FROM model WHERE file IS NOT NULL") == 1)
        let later = try index([collection.root.path], into: url)
        #expect(later.unchanged == 5 && later.reclassified == 0, "\(later)")
        try TestCollection.writeRecording(index: 200, seconds: 6, to: URL(fileURLWithPath: collection.path("tapes/new.wav")))
        let added = try index([collection.root.path], into: url)
        #expect(added.indexed == 1, "\(added)")
        let newJSON = try #require(try raw.strings("SELECT r.result FROM recording r JOIN file f ON f.recording_id = r.id WHERE f.path LIKE '%new.wav'").first)
        #expect(newJSON.contains("\"drone\""))
    }

    @Test func refusesFilesThatAreNotCatalogues() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("genre-notcat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func problem(_ url: URL, create: Bool = true) -> String {
            do { _ = try Catalog(url: url, create: create); return "opened" } catch { return "\(error)" }
        }
        let text = dir.appendingPathComponent("notes.sqlite")
        try Data(String(repeating: "field notes, not a database\n", count: 200).utf8).write(to: text)
        #expect(problem(text) == "\(text.path): not a genre catalogue (not an SQLite database)")
        let foreign = dir.appendingPathComponent("other.sqlite")
        try DatabaseQueue(path: foreign.path).write { try $0.execute(sql: "CREATE TABLE birds (name TEXT)") }
        #expect(problem(foreign) == "\(foreign.path): is an SQLite database but not a genre catalogue")
        let newer = dir.appendingPathComponent("newer.sqlite")
        _ = try Catalog(url: newer)
        try DatabaseQueue(path: newer.path).write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-from-the-future')") }
        #expect(problem(newer).contains("written by a newer genre"))
        #expect(problem(dir.appendingPathComponent("absent.sqlite"), create: false).contains("no such catalogue"))
        #expect(problem(dir).contains("is a folder"))
    }
}
