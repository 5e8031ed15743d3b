import Foundation
import Testing
import TestSupport
@testable import Catalog
import GenreKit

/// `genre index --shard K/N`: the shards are disjoint, together hold the whole collection, are
/// the shares `features` and `classify` take (`FileDiscovery.Result.sharded`) and are the same
/// for two checkouts at different paths; a shard's run never marks another shard's files missing.
@Suite(.serialized) struct ShardIndexTests {
    static func index(_ paths: [String], into url: URL, shard: Shard?) throws -> IndexSummary {
        var indexer = Indexer(catalog: try Catalog(url: url))
        indexer.progress = false
        indexer.shard = shard
        return try indexer.run(paths)
    }

    static func relativePaths(_ url: URL) throws -> Set<String> {
        Set(try RawCatalog(url).strings("SELECT relative_path FROM file WHERE status = 'present'"))
    }

    @Test func shardsAreDisjointCompleteAndTheSameOnTwoCheckouts() throws {
        let collection = try TestCollection.make(count: 12, seconds: 4, broken: false)
        defer { collection.remove() }
        // A second checkout of the same files, deeper and elsewhere.
        let other = collection.root.deletingLastPathComponent().appendingPathComponent("genre-shard-copy-\(UUID().uuidString)/mnt/archive/field")
        try FileManager.default.createDirectory(at: other.deletingLastPathComponent(), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: other.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()) }
        try FileManager.default.copyItem(at: collection.root, to: other)
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("genre-shards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: out) }

        let n = 4
        var union = Set<String>()
        var nonEmpty = 0
        for k in 0..<n {
            let shard = try Shard(index: k, count: n)
            let a = out.appendingPathComponent("a-\(k).sqlite"), b = out.appendingPathComponent("b-\(k).sqlite")
            let summary = try Self.index([collection.root.path], into: a, shard: shard)
            _ = try Self.index([other.path], into: b, shard: shard)
            let mine = try Self.relativePaths(a)
            #expect(summary.failed == 0 && summary.indexed == mine.count, "\(summary)")
            #expect(try Self.relativePaths(b) == mine, "shard \(k)/\(n) differs between the checkouts")
            // The share features and classify take with --shard, by the same rule.
            let discovered = FileDiscovery.expand([collection.root.path], isWanted: Recording.isAudioFile).sharded(shard)
            #expect(Set(discovered.relativePaths) == mine)
            #expect(mine.allSatisfy(shard.contains))
            #expect(union.isDisjoint(with: mine), "shard \(k) overlaps an earlier one")
            union.formUnion(mine)
            if !mine.isEmpty { nonEmpty += 1 }
        }
        #expect(union == Set(collection.good), "the shards together miss \(Set(collection.good).subtracting(union))")
        #expect(nonEmpty >= 2)

        // The command line: `genre index --shard` takes the same share.
        let shard = try Shard(index: 1, count: n)
        let cli = out.appendingPathComponent("cli.sqlite")
        let run = try GenreProcess.run(["index", collection.root.path, "--shard", "1/\(n)", "--catalog", cli.path])
        #expect(run.status == 0, "\(run.output)")
        #expect(try Self.relativePaths(cli) == Self.relativePaths(out.appendingPathComponent("a-1.sqlite")))
        let bad = try GenreProcess.run(["index", collection.root.path, "--shard", "4/4", "--catalog", cli.path])
        #expect(bad.status != 0 && bad.output.contains("K must be between 0 and 3"), "\(bad.output)")

        // A vanished file is missed only by the shard it belongs to.
        let gone = try #require(collection.good.first { !shard.contains($0) })
        let owner = (0..<n).first { try! Shard(index: $0, count: n).contains(gone) }!
        try FileManager.default.removeItem(atPath: collection.path(gone))
        let again = try Self.index([collection.root.path], into: out.appendingPathComponent("a-1.sqlite"), shard: shard)
        let shardSize = try Self.relativePaths(cli).count
        #expect(again.missing == 0 && again.unchanged == shardSize, "\(again)")
        let ownerRun = try Self.index([collection.root.path], into: out.appendingPathComponent("a-\(owner).sqlite"),
                                      shard: try Shard(index: owner, count: n))
        #expect(ownerRun.missing == 1, "\(ownerRun)")
    }
}
