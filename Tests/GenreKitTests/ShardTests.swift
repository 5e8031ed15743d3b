import Foundation
import Testing
@testable import GenreKit

/// `--shard K/N`: a published hash of each file's path below its argument, so the shards are
/// disjoint, complete, balanced, and the same for two checkouts at different places.
struct ShardTests {
    @Test func theKeyIsTheFirstEightBytesOfSHA256() {
        // FIPS 180-2 appendix B.1: SHA-256("abc") = ba7816bf 8f01cfea 414140de …
        #expect(Shard.key("abc") == 0xba78_16bf_8f01_cfea)
        // SHA-256("") = e3b0c442 98fc1c14 …
        #expect(Shard.key("") == 0xe3b0_c442_98fc_1c14)
        // Unicode normalisation: "é" composed or decomposed is one path.
        #expect(Shard.key("caf\u{e9}.wav") == Shard.key("cafe\u{301}.wav"))
    }

    @Test func shardsAreDisjointCompleteAndBalanced() throws {
        let paths = (0..<2000).map { i in "genre\(i % 10)/day \(i / 10)/take.\(String(format: "%05d", i)).wav" }
        for n in [1, 2, 3, 4, 7, 16] {
            var owner: [String: Int] = [:]
            for k in 0..<n {
                let shard = try Shard(index: k, count: n)
                for p in paths where shard.contains(p) {
                    #expect(owner[p] == nil, "\(p) in shards \(owner[p]!) and \(k) of \(n)")
                    owner[p] = k
                }
            }
            #expect(owner.count == paths.count, "N = \(n): \(paths.count - owner.count) files in no shard")
            let sizes = (0..<n).map { k in owner.values.filter { $0 == k }.count }
            let even = Double(paths.count) / Double(n)
            // Binomial spread: within 5 standard deviations of an even share.
            #expect(sizes.allSatisfy { abs(Double($0) - even) <= 5 * sqrt(even) }, "N = \(n): \(sizes)")
        }
    }

    @Test func parsingKOfN() throws {
        #expect(try Shard(parsing: "3/4") == Shard(index: 3, count: 4))
        for bad in ["4/4", "-1/4", "1/0", "1", "a/b", "1/2/3", ""] {
            #expect(throws: FileProblem.self, "\(bad)") { try Shard(parsing: bad) }
        }
    }

    /// The same collection in two checkouts at different depths, given as a folder and as
    /// files: every shard holds the same recordings in both, and the shards of each cover it.
    @Test func twoCheckoutsAtDifferentPathsShardAlike() throws {
        let fm = FileManager.default
        let base = fm.temporaryDirectory.appendingPathComponent("genre-shard-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: base) }
        let a = base.appendingPathComponent("one/collection"), b = base.appendingPathComponent("two/much/deeper/copy")
        let names = (0..<60).map { "\(["blues", "jazz", "field"][$0 % 3])/\($0 % 2 == 0 ? "tape" : "dat") \($0 / 6)/rec\($0).wav" }
        for root in [a, b] {
            for name in names {
                let url = root.appendingPathComponent(name)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data([1]).write(to: url)
            }
            try Data([1]).write(to: root.appendingPathComponent("loose.wav"))
        }
        func share(_ root: URL, _ k: Int) throws -> Set<String> {
            let found = FileDiscovery.expand([root.appendingPathComponent("blues").path, root.appendingPathComponent("jazz").path,
                                              root.appendingPathComponent("field").path, root.appendingPathComponent("loose.wav").path],
                                             isWanted: { $0.pathExtension == "wav" }).sharded(try Shard(index: k, count: 4))
            return Set(found.files.map { String($0.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count)) })
        }
        var union = Set<String>()
        for k in 0..<4 {
            let left = try share(a, k), right = try share(b, k)
            #expect(left == right, "shard \(k)/4 differs between the checkouts")
            #expect(union.isDisjoint(with: left))
            union.formUnion(left)
        }
        #expect(union == Set(names.map { "/" + $0 } + ["/loose.wav"]))
    }
}
