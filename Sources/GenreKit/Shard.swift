import Foundation
import Learning

/// One of `count` deterministic shares of a collection (`--shard K/N`), for splitting the work
/// across machines: a file belongs to shard `index` when the first eight bytes of the SHA-256 of
/// its path relative to the argument it was found under (Unicode NFC, `/`-separated, UTF-8),
/// read as a big-endian integer, leave remainder `index` when divided by `count`.
///
/// The relative path, not the absolute one, so two checkouts or mounts of a collection at
/// different places split it identically; a stable, published hash (not Swift's `Hasher`,
/// which is seeded anew in every process) so every machine agrees, whatever it runs. The same
/// share in Python: `int.from_bytes(hashlib.sha256(unicodedata.normalize("NFC", path).encode()).digest()[:8], "big") % N`.
/// The shards of `N` are disjoint and together hold every file.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 0 ..< count (Slurm's `SLURM_ARRAY_TASK_ID` for `--array=0-(N-1)`).
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws {
        guard count >= 1 else { throw FileProblem(file: "--shard", message: "N must be at least 1 (K/N, e.g. 0/4)") }
        guard (0..<count).contains(index) else {
            throw FileProblem(file: "--shard", message: "K must be between 0 and \(count - 1) for N = \(count) (K/N, e.g. 0/\(count))")
        }
        self.index = index
        self.count = count
    }

    /// Parses `K/N`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let n = Int(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw FileProblem(file: "--shard", message: "expected K/N, e.g. 0/4 (shard K of N, counting from 0), not '\(text)'")
        }
        try self.init(index: k, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// The 64-bit key a relative path is sharded by (see the type's documentation).
    public static func key(_ relativePath: String) -> UInt64 {
        let digest = SHA256.hash(Array(relativePath.precomposedStringWithCanonicalMapping.utf8))
        return digest.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Whether the file at `relativePath` (relative to its argument) is in this shard.
    public func contains(_ relativePath: String) -> Bool {
        Self.key(relativePath) % UInt64(count) == UInt64(index)
    }
}

extension FileDiscovery.Result {
    /// The files of `shard` (all of them when nil). Problems with the arguments themselves
    /// (a missing path, an empty folder) are kept in every shard: each machine was given them.
    public func sharded(_ shard: Shard?) -> FileDiscovery.Result {
        guard let shard else { return self }
        let kept = relativePaths.indices.filter { shard.contains(relativePaths[$0]) }
        return FileDiscovery.Result(files: kept.map { files[$0] }, problems: problems, relativePaths: kept.map { relativePaths[$0] })
    }
}
