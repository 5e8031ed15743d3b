import Foundation
import GRDB
import Testing
@testable import Catalog
@testable import GenreKit

/// Migrations and the fields the catalogue reads from result JSON by name (condition, metadata,
/// warnings: GenreKit adds them in parallel work, so the catalogue must take them when they come).
struct SchemaTests {
    static let json = """
        {"condition":{"bandwidth_hz":7800.5,"clipped_fraction":0.002,"dc_offset":-0.01,"loudness_lufs":-23.4,"snr_db":31.25},
         "duration_seconds":10,"file":"/x/a.wav","genre":"jazz","metadata":{"bext.originator":"Nagra","INFO.INAM":"Wedding song"},
         "nearest":[],"novelty":{"distance":1,"score":0.5,"threshold":2,"unfamiliar":false},
         "probabilities":{"jazz":1},"segments":[{"end_seconds":10,"genre":"jazz","probabilities":{"jazz":1},"start_seconds":0}],
         "warnings":["clipped in 0.2% of samples"]}
        """

    static func temporary() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("genre-schema-\(UUID().uuidString).sqlite")
    }

    @Test func version1CataloguesGainTheConditionColumnsFilledFromTheirResults() throws {
        let url = Self.temporary()
        defer { try? FileManager.default.removeItem(at: url) }
        let queue = try DatabaseQueue(path: url.path)
        try CatalogSchema.migrator.migrate(queue, upTo: "v1")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO model VALUES ('m', 'default', 'stack', '[]', NULL, 'now')")
            try db.execute(sql: """
                INSERT INTO recording (id, size, model_id, analysis, analysed_at, total_samples, duration_seconds, genre,
                    probability, novelty_score, unfamiliar, warning_count, result)
                VALUES ('a', 1, 'm', 'v', 'now', 220500, 10, 'jazz', 1, 0.5, 0, 1, ?), ('b', 1, 'm', 'v', 'now', 1, 1, 'pop', 1, 0, 0, 0, '{}')
                """, arguments: [Self.json])
        }
        try queue.close()
        _ = try Catalog(url: url)  // opening migrates
        let raw = try RawCatalog(url)
        let a = try #require(try raw.rows("SELECT bandwidth_hz, snr_db, clipped_fraction, dc_offset, loudness_lufs FROM recording WHERE id = 'a'").first)
        #expect(a[0] as Double == 7800.5 && a[1] as Double == 31.25 && a[2] as Double == 0.002 && a[3] as Double == -0.01 && a[4] as Double == -23.4)
        #expect(try raw.int("SELECT count(*) FROM recording WHERE id = 'b' AND snr_db IS NULL") == 1)
        #expect(try raw.strings("SELECT identifier FROM grdb_migrations ORDER BY identifier") == ["v1", "v2-condition", "v3-metadata", "v4-sha256-keys",
                                                                                         "v5-narrowband-features"])
        // v5: the column for the narrow-band variant's features, empty for recordings from before.
        #expect(try raw.int("SELECT count(*) FROM segment WHERE narrowband_features IS NOT NULL") == 0)
    }

    @Test func storingAResultTakesConditionMetadataAndWarningsFromItsJSON() throws {
        let url = Self.temporary()
        defer { try? FileManager.default.removeItem(at: url) }
        let catalog = try Catalog(url: url)
        try catalog.registerModel(id: "m", metadata: ModelMetadataView(name: "t", version: 1, algorithm: "stack", classes: ["jazz"], cvAccuracy: nil, createdBy: "test", calibrated: true), file: nil)
        let data = Data(Self.json.utf8)
        let result = try JSONDecoder().decode(RecordingResult.self, from: data)
        try catalog.store(StoredAnalysis(id: "a", size: 1, modelID: "m", totalSamples: 220_500, result: result, json: Self.json,
                                         extras: ResultExtras(json: data), windows: [0..<220_500],
                                         features: .init(rows: 1, columns: 57, values: Array(repeating: 0.5, count: 57))), file: nil)
        let raw = try RawCatalog(url)
        #expect(try raw.int("SELECT warning_count FROM recording") == 1)
        #expect(try raw.rows("SELECT snr_db, loudness_lufs FROM recording").first.map { [$0[0] as Double, $0[1] as Double] } == [31.25, -23.4])
        #expect(try raw.strings("SELECT key || '=' || value FROM metadata ORDER BY key") == ["INFO.INAM=Wedding song", "bext.originator=Nagra"])
        // Shapes other than expected are ignored rather than fatal.
        #expect(ResultExtras(json: Data(#"{"metadata": [1, 2], "warnings": "one", "condition": {"snr_db": "loud"}}"#.utf8)).metadata == nil)
    }

    @Test func version2CataloguesGainMetadataRowsAndTheSummaryColumnAndSearchFindsThem() throws {
        let url = Self.temporary()
        defer { try? FileManager.default.removeItem(at: url) }
        let queue = try DatabaseQueue(path: url.path)
        try CatalogSchema.migrator.migrate(queue, upTo: "v2-condition")
        let json = #"{"duration_seconds":10,"file":"/x/a.wav","genre":"jazz","metadata":{"originator":"Nagra","title":"Wedding song","scene":"12A"},"nearest":[],"novelty":{"distance":1,"score":0.5,"threshold":2,"unfamiliar":false},"probabilities":{"jazz":1},"segments":[],"warnings":[]}"#
        try queue.write { db in
            try db.execute(sql: "INSERT INTO model VALUES ('m', 'default', 'stack', '[]', NULL, 'now')")
            try db.execute(sql: """
                INSERT INTO recording (id, size, model_id, analysis, analysed_at, total_samples, duration_seconds, genre,
                    probability, novelty_score, unfamiliar, warning_count, result)
                VALUES ('00000000000000aa', 1, 'm', 'v', 'now', 220500, 10, 'jazz', 1, 0.5, 0, 0, ?),
                       ('00000000000000bb', 1, 'm', 'v', 'now', 1, 1, 'pop', 1, 0, 0, 0, '{"metadata": {}}')
                """, arguments: [json])
            for (id, path) in [("00000000000000aa", "/x/a.wav"), ("00000000000000bb", "/x/b.wav")] {
                try db.execute(sql: "INSERT INTO file VALUES (?, '/x', ?, '/x', 1, 0, ?, 'present', NULL, 'now')",
                               arguments: [path, String(path.dropFirst(3)), id])
            }
        }
        try queue.close()
        let catalog = try Catalog(url: url)  // opening migrates
        let raw = try RawCatalog(url)
        #expect(try raw.strings("SELECT key || '=' || value FROM metadata ORDER BY key") == ["originator=Nagra", "scene=12A", "title=Wedding song"])
        #expect(try raw.strings("SELECT COALESCE(metadata_summary, '-') FROM recording ORDER BY id")
                == ["title: Wedding song · scene: 12A · originator: Nagra", "-"])
        // The collection's search over names and metadata finds the recording by its metadata.
        var query = CollectionQuery()
        query.search = "nagra wedding"
        #expect(try catalog.recordings(query).map(\.file) == ["/x/a.wav"])
        query.search = "12a"
        #expect(try catalog.recordings(query).map(\.file) == ["/x/a.wav"])
        query.search = "b.wav"
        #expect(try catalog.recordings(query).map(\.file) == ["/x/b.wav"])
    }
}
