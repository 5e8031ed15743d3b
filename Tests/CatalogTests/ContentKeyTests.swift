import Foundation
import Testing
import TestSupport
@testable import Catalog

/// Content keys against independent SHA-256s: the FIPS 180-2 examples, and coreutils'
/// `sha256sum` over lengths around the 64-byte block and the 1 MiB read size.
struct ContentKeyTests {
    @Test func publishedDigests() {
        #expect(ContentKey.of(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ContentKey.of(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentKey.of(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func filesAgreeWithSha256sum() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("genre-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [(url: URL, size: Int)] = []
        for length in [0, 1, 55, 56, 63, 64, 65, 127, 1 << 20, (1 << 20) + 13, 3_000_001] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 11) }
            let url = dir.appendingPathComponent("f\(length).bin")
            try Data(bytes).write(to: url)
            files.append((url, length))
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["sha256sum"] + files.map(\.url.path)
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { print("skipped: sha256sum (coreutils) is not installed"); return }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { print("skipped: sha256sum failed"); return }
        var reference: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { reference[parts[1]] = parts[0] }
        }
        for file in files {
            let key = try ContentKey.file(file.url)
            #expect(key.key == reference[file.url.path] && key.size == file.size, "\(file.size) bytes")
            #expect(!ContentKey.isLegacy(key.key))
        }
    }
}
