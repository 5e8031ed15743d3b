import Foundation
import Testing
@testable import Catalog

/// XXH64 against the reference implementation: published digests, and `xxhsum -H64` (Debian's
/// xxhash package, when installed) over lengths that exercise every tail path.
struct ContentHashTests {
    @Test func publishedDigests() {
        // From the xxHash README / python-xxhash documentation, seed 0.
        #expect(XXH64.hex(XXH64.hash([])) == "ef46db3751d8e999")
        #expect(XXH64.hex(XXH64.hash(Array("abc".utf8))) == "44bc2cf5ad770999")
        #expect(XXH64.hex(XXH64.hash(Array("Nobody inspects the spammish repetition".utf8))) == "fbcea83c8a378bf1")
    }

    @Test func streamingInAnyPiecesEqualsOneShot() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
        let whole = XXH64.hash(bytes)
        for piece in [1, 3, 7, 31, 32, 33, 64, 999] {
            var h = XXH64()
            var i = 0
            while i < bytes.count { h.update(Array(bytes[i..<min(i + piece, bytes.count)])); i += piece }
            #expect(h.finalize() == whole, "pieces of \(piece)")
        }
    }

    @Test func agreesWithXxhsum() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("genre-xxh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [(URL, [UInt8])] = []
        for length in Array(0...70) + [1 << 20, (1 << 20) + 13, 3_000_001] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 11) }
            let url = dir.appendingPathComponent("f\(length).bin")
            try Data(bytes).write(to: url)
            files.append((url, bytes))
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["xxhsum", "-H64"] + files.map(\.0.path)
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { print("skipped: xxhsum (Debian package xxhash) is not installed"); return }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { print("skipped: xxhsum is not installed"); return }
        var reference: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { reference[parts[1]] = parts[0] }
        }
        for (url, bytes) in files {
            #expect(XXH64.hex(XXH64.hash(bytes)) == reference[url.path], "\(bytes.count) bytes")
            #expect(try XXH64.hex(XXH64.file(url).digest) == reference[url.path], "\(bytes.count) bytes, from the file")
        }
    }
}
