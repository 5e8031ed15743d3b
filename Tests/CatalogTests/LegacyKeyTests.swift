import Foundation
import GRDB
import Testing
import TestSupport
@testable import Catalog

/// Catalogues written when content keys were XXH64 (16 hexadecimal digits): the next
/// `genre index` gives every recording its SHA-256 key once, keeping labels, and finds the
/// labels of a file moved in the meantime; stored models are re-keyed when the catalogue opens.
@Suite(.serialized) struct LegacyKeyTests {
    /// Rewrites a catalogue as a genre with XXH64 keys left it: every recording and model under
    /// a 16-digit key, and the v3 migration not applied. Returns the old key of each new one.
    static func makeLegacy(_ url: URL) throws -> [String: String] {
        var config = Configuration()
        config.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: url.path, configuration: config)
        defer { try? queue.close() }
        return try queue.write { db in
            var old: [String: String] = [:]
            let tables = [("recording", "id"), ("probability", "recording_id"), ("segment", "recording_id"), ("metadata", "recording_id"),
                          ("file", "recording_id"), ("label", "recording_id")]
            for (i, id) in try String.fetchAll(db, sql: "SELECT id FROM recording ORDER BY id").enumerated() {
                let legacy = String(format: "%016llx", 0xA000 + i)
                old[id] = legacy
                for (table, column) in tables { try db.execute(sql: "UPDATE \(table) SET \(column) = ? WHERE \(column) = ?", arguments: [legacy, id]) }
            }
            for (i, id) in try String.fetchAll(db, sql: "SELECT id FROM model ORDER BY id").enumerated() {
                let legacy = String(format: "%016llx", 0xB000 + i)
                old[id] = legacy
                try db.execute(sql: "UPDATE model SET id = ? WHERE id = ?", arguments: [legacy, id])
                try db.execute(sql: "UPDATE recording SET model_id = ? WHERE model_id = ?", arguments: [legacy, id])
                try db.execute(sql: "UPDATE run SET model_id = ? WHERE model_id = ?", arguments: [legacy, id])
            }
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v4-sha256-keys'")
            return old
        }
    }

    func index(_ paths: [String], into url: URL) throws -> IndexSummary {
        var indexer = Indexer(catalog: try Catalog(url: url))
        indexer.progress = false
        return try indexer.run(paths)
    }

    @Test func recordingsAreReKeyedOnceKeepingLabelsAndMovedFilesFindTheirs() throws {
        let collection = try TestCollection.make(count: 6, broken: false)
        defer { collection.remove() }
        let url = collection.root.appendingPathComponent("catalogue.sqlite")
        #expect(try index([collection.root.path], into: url).indexed == 6)
        let raw = try RawCatalog(url)
        func key(_ name: String) throws -> String? {
            try raw.strings("SELECT recording_id FROM file WHERE path = '\(collection.path(name))' AND status = 'present'").first
        }
        let moved = collection.good[0], kept = collection.good[1]
        let old = try Self.makeLegacy(url)
        #expect(try raw.int("SELECT count(*) FROM recording WHERE length(id) = 16") == 6)
        let catalog = try Catalog(url: url)  // opens (and migrates) a legacy catalogue
        let oldMoved = try #require(try key(moved)), oldKept = try #require(try key(kept))
        #expect(try catalog.setLabels(of: oldMoved, to: ["lullaby"]))
        #expect(try catalog.setLabels(of: oldKept, to: ["wedding", "1998"]))
        // The web app still serves the old ids until the next index.
        #expect(try catalog.recording(oldKept) != nil && Catalog.isRecordingID(oldKept))

        try FileManager.default.createDirectory(at: collection.root.appendingPathComponent("renamed"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: collection.path(moved), toPath: collection.path("renamed/moved.wav"))
        let summary = try index([collection.root.path], into: url)
        // Five unchanged files re-keyed (and re-classified: the old bundled model's id is
        // unknown now); the moved one analysed again and matched to its old recording.
        #expect(summary.rekeyed == 5 && summary.reclassified == 5 && summary.indexed == 1 && summary.missing == 1 && summary.failed == 0, "\(summary)")
        #expect(summary.description.contains("5 content keys upgraded to SHA-256"))
        #expect(try raw.int("SELECT count(*) FROM recording WHERE length(id) = 16") == 0)
        #expect(try raw.int("SELECT count(*) FROM recording") == 6)
        for name in collection.good.dropFirst() + ["renamed/moved.wav"] {
            #expect(try key(name) == ContentKey.file(URL(fileURLWithPath: collection.path(name))).key, "\(name)")
        }
        let newMoved = try #require(try key("renamed/moved.wav")), newKept = try #require(try key(kept))
        #expect(try catalog.labels(of: newMoved) == ["lullaby"])
        #expect(try catalog.labels(of: newKept) == ["1998", "wedding"])
        #expect(try raw.consistencyProblems() == [])
        #expect(Set(try raw.strings("SELECT DISTINCT model_id FROM recording")) == [try CatalogModel.bundledDefault().id])
        #expect(!old.values.contains { (try? key($0)) != nil })

        let again = try index([collection.root.path], into: url)
        #expect(again.unchanged == 6 && again.rekeyed == 0 && again.indexed == 0 && again.reclassified == 0, "\(again)")
    }

    @Test func storedModelsAreReKeyedWhenTheCatalogueOpens() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("genre-legacy-\(UUID().uuidString).sqlite")
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: url.path + suffix) } }
        _ = try Catalog(url: url)
        let bytes = Data("a personal model's bytes".utf8)
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO model VALUES ('00000000000b0001', 'personal', 'logistic', '[]', ?, 'now'), ('00000000000b0002', 'default', 'stack', '[]', NULL, 'now')",
                           arguments: [bytes])
            try db.execute(sql: "INSERT INTO setting VALUES ('model', '00000000000b0001')")
            try db.execute(sql: "INSERT INTO run (started_at, roots, model_id) VALUES ('now', '[]', '00000000000b0001')")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v4-sha256-keys'")
        }
        try queue.close()
        let catalog = try Catalog(url: url)
        let expected = "390e7fecd68d53af50160f12f8a01aca1c87dce7bd6d03d3e6c81551328e10b5"  // sha256sum of the bytes
        #expect(try catalog.setting("model") == expected)
        let raw = try RawCatalog(url)
        #expect(try raw.strings("SELECT id FROM model ORDER BY name") == ["00000000000b0002", expected])
        #expect(try raw.strings("SELECT model_id FROM run") == [expected])
        #expect(try CatalogModel.resolve(nil, in: catalog).id == expected)
    }
}
