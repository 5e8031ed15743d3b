import Foundation
import GenreKit
import Learning

/// The content key of a catalogued recording (and of a model): the SHA-256 of the file's bytes
/// (swift-crypto), 64 lower-case hexadecimal digits as `sha256sum` prints them. A file moved,
/// renamed or copied to another machine keeps its key, so its analysis is found again and
/// catalogues made on different machines merge by key.
///
/// Why SHA-256 and not a faster non-cryptographic hash: swift-crypto's SHA-256 (BoringSSL's
/// assembly, with the SHA extensions where the CPU has them) hashes a 1.3 MB 30-s clip in about
/// 0.7 ms here, under 2% of that clip's feature extraction (bench/index), so the hand-written
/// XXH64 this replaced bought too little to keep code of our own.
///
/// Catalogues written before (genre with XXH64 keys, 16 hexadecimal digits) still open: their
/// keys are recognised by their length (`isLegacy`) and replaced once, on the next
/// `genre index`, by the SHA-256 of a file still holding the content (`Indexer`), with labels,
/// windows and results kept. Models stored in the catalogue are re-keyed when it is opened
/// (`CatalogSchema.v4SHA256Keys`).
public enum ContentKey {
    /// The key of `data`.
    public static func of<D: DataProtocol>(_ data: D) -> String { SHA256.hexDigest(data) }

    /// The key and byte count of a file, read in 1 MiB blocks.
    public static func file(_ url: URL) throws -> (key: String, size: Int) {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw FileProblem(file: url.path, message: "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var hasher = SHA256()
        var size = 0
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { block.deallocate() }
        while true {
            let n = read(fd, block.baseAddress, block.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileProblem(file: url.path, message: "cannot read: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(start: block.baseAddress, count: n))
            size += n
        }
        return (hasher.finalize().hex, size)
    }

    /// Whether `key` was written by a genre that keyed content by XXH64 (16 hexadecimal digits).
    public static func isLegacy(_ key: String) -> Bool { key.utf8.count == 16 }
}
