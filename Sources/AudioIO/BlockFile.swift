import Foundation

/// A read-only file read through FileHandle in blocks, never whole, so hour-long recordings
/// stream in bounded memory. Every read is capped by the bytes actually left in the file, so a
/// header that lies about sizes cannot make us allocate more than the file holds.
///
/// It can also serve bytes already in memory (`init(bytes:path:)`), so a fuzz harness or a test
/// can run every parser on a buffer without writing a file.
final class BlockFile {
    let path: String
    let size: Int
    private enum Source {
        case handle(FileHandle)
        case memory([UInt8])
    }
    private let source: Source
    /// Absolute offset of the next byte `read` returns.
    private(set) var position: Int = 0

    init(url: URL) throws {
        path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw AudioError(file: url.path, message: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw AudioError(file: url.path, message: "is a directory, not an audio file")
        }
        do {
            let handle = try FileHandle(forReadingFrom: url)
            let end = try handle.seekToEnd()
            try handle.seek(toOffset: 0)
            size = Int(clamping: end)
            source = .handle(handle)
        } catch {
            throw AudioError(file: url.path, message: "cannot open: \(error.localizedDescription)")
        }
    }

    /// The bytes of a file already read (or made up by a fuzzer); `path` names it in messages.
    init(bytes: [UInt8], path: String) {
        self.path = path
        size = bytes.count
        source = .memory(bytes)
    }

    deinit { if case .handle(let handle) = source { try? handle.close() } }

    var remaining: Int { max(0, size - position) }

    /// Whether the bytes are a file on disk (that other tools, e.g. ffprobe, can open by `path`).
    var isOnDisk: Bool {
        if case .handle = source { return true }
        return false
    }

    func seek(to offset: Int) throws {
        guard offset >= 0, offset <= size else {
            throw AudioError(file: path, message: "seek to \(offset) past end of file (\(size) bytes)")
        }
        if case .handle(let handle) = source {
            do { try handle.seek(toOffset: UInt64(offset)) } catch {
                throw AudioError(file: path, message: "seek failed: \(error.localizedDescription)")
            }
        }
        position = offset
    }

    /// Up to `count` bytes from the current position (fewer at the end of the file).
    func read(upTo count: Int) throws -> [UInt8] {
        let n = min(max(0, count), remaining)
        guard n > 0 else { return [] }
        let bytes: [UInt8]
        switch source {
        case .memory(let all):
            bytes = Array(all[position..<position + n])
        case .handle(let handle):
            let data: Data?
            do { data = try handle.read(upToCount: n) } catch {
                throw AudioError(file: path, message: "read failed: \(error.localizedDescription)")
            }
            bytes = [UInt8](data ?? Data())
        }
        position += bytes.count
        return bytes
    }

    /// Walks the chunks of an IFF-style container (RIFF: little-endian sizes; AIFF's FORM:
    /// big-endian) from byte `start`: `visit(id, size, body)` gets each chunk whose 8-byte header
    /// is in the file, with its declared size and the offset of its body, and returns how many
    /// body bytes to skip (normally `size`; RF64 has 64-bit sizes elsewhere), or nil to stop. The
    /// pad byte after an odd-sized body is skipped. A chunk reaching past the end ends the walk.
    /// Metadata readers (bext, iXML, LIST/INFO, NAME, ANNO) can walk the same way.
    @discardableResult
    func walkChunks(from start: Int, bigEndian: Bool,
                    _ visit: (_ id: String, _ size: UInt64, _ body: Int) throws -> UInt64?) throws -> ChunkWalk {
        var walk = ChunkWalk()
        var pos = start
        while pos + 8 <= size {
            try seek(to: pos)
            let header = try read(exactly: 8, what: "chunk header")
            let chunk = ChunkWalk.Chunk(id: header.fourCC(0), size: UInt64(bigEndian ? header.u32be(4) : header.u32le(4)), body: pos + 8)
            walk.chunks.append(chunk)
            guard let length = try visit(chunk.id, chunk.size, chunk.body) else { return walk }
            // A length beyond the file's size runs past the end; checking it first keeps the sums
            // below from overflowing (RF64's ds64 sizes are 64 bits and can claim 2^64 − 1).
            let end = length <= UInt64(size) ? UInt64(pos + 8) + length : UInt64.max
            let next = end == UInt64.max ? end : end + (length & 1)
            // A last chunk that ends exactly at the end of the file but lacks its pad byte is whole.
            guard next <= UInt64(size) || end == UInt64(size) else {
                walk.cut = ChunkWalk.Chunk(id: chunk.id, size: length, body: chunk.body)
                return walk
            }
            pos = Int(next)
        }
        return walk
    }

    /// After a walk that ended before the chunk `id` was seen because some chunk's size lied
    /// (running past the end of the file, or into bytes that are no chunk header), looks for `id`
    /// by its name from the body of the last chunk whose header was sound, past its
    /// `knownContent[id]` bytes (fmt's 16, COMM's 18). Returns `id`'s body offset and declared
    /// size, and the warning that says what was done; nil when the walk was not cut short or
    /// `id` is nowhere after.
    func recover(_ id: String, after walk: ChunkWalk, knownContent: [String: Int] = [:], bigEndian: Bool)
        throws -> (body: Int, size: UInt64, warning: String)? {
        guard walk.cut != nil, let liar = walk.chunks.last(where: { $0.hasSoundID }) else { return nil }
        let from = liar.body + (knownContent[liar.id] ?? 0)
        guard let offset = try find(id, from: from, limit: Self.chunkSearchBytes), offset + 8 <= size else { return nil }
        try seek(to: offset + 4)
        let b = try read(exactly: 4, what: "\(id) chunk size")
        return (offset + 8, UInt64(bigEndian ? b.u32be(0) : b.u32le(0)),
                "chunk '\(liar.id)' has a wrong size (\(liar.size) bytes): the \(id.trimmingCharacters(in: .whitespaces)) chunk was found by its name at byte \(offset)")
    }

    /// "WAV has no data chunk", saying which chunk's size cut the walk short, if one did.
    func missing(_ id: String, in container: String, walk: ChunkWalk) -> AudioError {
        var message = "\(container) has no \(id) chunk"
        if let cut = walk.cut {
            message += " (chunk '\(cut.id)' claims \(cut.size) bytes, \(max(0, size - cut.body)) left in the file)"
        }
        return AudioError(file: path, message: message)
    }

    /// How far past a chunk whose size runs off the end of the file the parsers look for the
    /// chunk they still need, by its name.
    static let chunkSearchBytes = 1 << 20

    /// Offset of the first occurrence of the four-character `id` at or after `from` (any byte
    /// alignment), looking at most `limit` bytes ahead; nil when absent.
    func find(_ id: String, from: Int, limit: Int) throws -> Int? {
        guard from >= 0, from < size else { return nil }
        try seek(to: from)
        let window = try read(upTo: limit)
        let needle = Array(id.utf8)
        guard needle.count == 4, window.count >= 8 else { return nil }
        for i in 0...(window.count - 8) where window[i] == needle[0] {
            if window[i + 1] == needle[1], window[i + 2] == needle[2], window[i + 3] == needle[3] { return from + i }
        }
        return nil
    }

    /// Exactly `count` bytes, or an AudioError saying what was being read.
    func read(exactly count: Int, what: String) throws -> [UInt8] {
        guard count <= remaining else {
            throw AudioError(file: path, message: "truncated: \(what) needs \(count) bytes, \(remaining) left")
        }
        let bytes = try read(upTo: count)
        guard bytes.count == count else {
            throw AudioError(file: path, message: "truncated: short read in \(what)")
        }
        return bytes
    }
}

/// The chunks an IFF/RIFF walk visited, and the one that ran past the end of the file.
struct ChunkWalk {
    struct Chunk: Equatable {
        var id: String
        var size: UInt64
        /// Offset of the body.
        var body: Int
        /// Letters, digits and spaces only: a real chunk id, not bytes a wrong size led to.
        var hasSoundID: Bool {
            id.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == " " }
        }
    }
    var chunks: [Chunk] = []
    var cut: Chunk?
}

/// Endian-explicit integer loads from byte arrays (bounds are the caller's job).
extension Array where Element == UInt8 {
    func u16le(_ o: Int) -> Int { Int(self[o]) | Int(self[o + 1]) << 8 }
    func u32le(_ o: Int) -> Int { u16le(o) | u16le(o + 2) << 16 }
    func u64le(_ o: Int) -> UInt64 { UInt64(u32le(o)) | UInt64(u32le(o + 4)) << 32 }
    func u16be(_ o: Int) -> Int { Int(self[o]) << 8 | Int(self[o + 1]) }
    func u32be(_ o: Int) -> Int { u16be(o) << 16 | u16be(o + 2) }
    func fourCC(_ o: Int) -> String {
        String(decoding: self[o..<o + 4].map { (0x20...0x7e).contains($0) ? $0 : 0x3f }, as: UTF8.self)
    }
}
