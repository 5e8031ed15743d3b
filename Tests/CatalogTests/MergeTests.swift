import Foundation
import Testing
import TestSupport
@testable import Catalog
import GenreKit

/// `genre catalog merge`: shards of a collection indexed separately merge into what indexing the
/// whole collection at once gives.
@Suite(.serialized) struct MergeTests {
    @Test func shardsMergeIntoWhatOneRunGives() throws {
        let collection = try TestCollection.make(count: 8, longEvery: 8)
        defer { collection.remove() }
        func index(_ paths: [String], _ name: String) throws -> URL {
            let url = collection.root.appendingPathComponent(name)
            var indexer = Indexer(catalog: try Catalog(url: url))
            indexer.progress = false
            _ = try indexer.run(paths)
            return url
        }
        let whole = try index([collection.root.path], "whole.sqlite")
        let shardA = try index([collection.root.appendingPathComponent("trip-1998").path], "a.sqlite")
        let shardB = try index([collection.root.appendingPathComponent("tapes").path], "b.sqlite")
        let a = try Catalog(url: shardA), b = try Catalog(url: shardB)
        let first = try #require(try a.recordings(CollectionQuery()).first)
        try a.setLabels(of: first.id, to: ["lullaby"])
        try b.setLabels(of: try #require(try b.recordings(CollectionQuery()).first).id, to: ["work song"])

        let outURL = collection.root.appendingPathComponent("merged.sqlite")
        let out = try Catalog(url: outURL)
        let summary = try CatalogMerge.merge([shardA, shardB], into: out)
        #expect(summary.inputs == 2 && summary.recordings == 8 && summary.files == 12 && summary.notes.isEmpty, "\(summary)")
        #expect(throws: FileProblem.self) { try CatalogMerge.merge([outURL], into: out) }

        let merged = try RawCatalog(outURL), reference = try RawCatalog(whole)
        #expect(try merged.consistencyProblems() == [])
        let files = "SELECT path || '|' || COALESCE(recording_id, '-') || '|' || status || '|' || COALESCE(error, '') FROM file ORDER BY path"
        #expect(try merged.strings(files) == reference.strings(files))
        let recordings = "SELECT id || '|' || model_id || '|' || genre || '|' || printf('%.12f', probability) || '|' || total_samples FROM recording ORDER BY id"
        #expect(try merged.strings(recordings) == reference.strings(recordings))
        let segments = "SELECT recording_id || '|' || position || '|' || start_sample || '|' || hex(features) FROM segment ORDER BY recording_id, position"
        #expect(try merged.strings(segments) == reference.strings(segments))
        #expect(try merged.strings("SELECT label FROM label ORDER BY label") == ["lullaby", "work song"])
        #expect(try out.setting("model") == "default")
        let command = try GenreProcess.run(["catalog", "merge", shardA.path, shardB.path, "--catalog", collection.root.appendingPathComponent("cli.sqlite").path])
        #expect(command.status == 0 && command.output.contains("merged 2 catalogues: 8 recordings, 12 files"), "\(command.output)")

        // Merging again changes nothing; a later re-analysis in a shard wins.
        _ = try CatalogMerge.merge([shardA, shardB], into: out)
        #expect(try merged.int("SELECT count(*) FROM recording") == 8 && merged.int("SELECT count(*) FROM label") == 2)
        try TestCollection.writeRecording(index: 500, seconds: 6, to: URL(fileURLWithPath: first.file))
        Thread.sleep(forTimeInterval: 1.1)  // checked_at has one-second resolution
        _ = try index([collection.root.appendingPathComponent("trip-1998").path], "a.sqlite")
        _ = try CatalogMerge.merge([shardA], into: out)
        let newID = try #require(try RawCatalog(shardA).strings("SELECT recording_id FROM file WHERE path = '\(first.file)'").first)
        #expect(newID != first.id)
        #expect(try merged.strings("SELECT recording_id FROM file WHERE path = '\(first.file)'") == [newID])
    }
}
