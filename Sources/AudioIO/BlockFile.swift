import Foundation

/// A read-only file read through FileHandle in blocks, never whole, so hour-long recordings
/// stream in bounded memory. Every read is capped by the bytes actually left in the file, so a
/// header that lies about sizes cannot make us allocate more than the file holds.
final class BlockFile {
    let path: String
    let size: Int
    private let handle: FileHandle
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
            handle = try FileHandle(forReadingFrom: url)
            let end = try handle.seekToEnd()
            try handle.seek(toOffset: 0)
            size = Int(clamping: end)
        } catch {
            throw AudioError(file: url.path, message: "cannot open: \(error.localizedDescription)")
        }
    }

    deinit { try? handle.close() }

    var remaining: Int { max(0, size - position) }

    func seek(to offset: Int) throws {
        guard offset >= 0, offset <= size else {
            throw AudioError(file: path, message: "seek to \(offset) past end of file (\(size) bytes)")
        }
        do { try handle.seek(toOffset: UInt64(offset)) } catch {
            throw AudioError(file: path, message: "seek failed: \(error.localizedDescription)")
        }
        position = offset
    }

    /// Up to `count` bytes from the current position (fewer at the end of the file).
    func read(upTo count: Int) throws -> [UInt8] {
        let n = min(max(0, count), remaining)
        guard n > 0 else { return [] }
        let data: Data?
        do { data = try handle.read(upToCount: n) } catch {
            throw AudioError(file: path, message: "read failed: \(error.localizedDescription)")
        }
        let bytes = [UInt8](data ?? Data())
        position += bytes.count
        return bytes
    }

    /// Exactly `count` bytes, or an AudioError saying what was being read.
    /// Walks the chunks of an IFF-style container (RIFF: little-endian sizes; AIFF's FORM:
    /// big-endian) from byte `start`: `visit(id, size, body)` gets each chunk whose 8-byte header
    /// is in the file, with its declared size and the offset of its body, and returns how many
    /// body bytes to skip (normally `size`; RF64 has 64-bit sizes elsewhere), or nil to stop. The
    /// pad byte after an odd-sized body is skipped; a chunk reaching past the end ends the walk.
    func walkChunks(from start: Int, bigEndian: Bool,
                    _ visit: (_ id: String, _ size: UInt64, _ body: Int) throws -> UInt64?) throws {
        var pos = start
        while pos + 8 <= size {
            try seek(to: pos)
            let header = try read(exactly: 8, what: "chunk header")
            let declared = UInt64(bigEndian ? header.u32be(4) : header.u32le(4))
            guard let length = try visit(header.fourCC(0), declared, pos + 8) else { return }
            let next = UInt64(pos + 8) + length + (length & 1)
            guard next <= UInt64(size) else { return }
            pos = Int(next)
        }
    }

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
