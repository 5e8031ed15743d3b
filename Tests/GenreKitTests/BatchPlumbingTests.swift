import Foundation
import Testing
@testable import GenreKit

@Test func parallelMapKeepsInputOrder() {
    let input = Array(0..<500)
    // Uneven work so that completion order differs from input order.
    let output = parallelMap(input) { i -> Int in
        var x = 0
        for k in 0..<((i * 7919) % 2000) { x &+= k }
        return i * i + (x & 0)
    }
    #expect(output == input.map { $0 * $0 })
    #expect(parallelMap([Int]()) { $0 }.isEmpty)
}

@Test func discoveryWalksFoldersAndReportsMissingPaths() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("genre-discovery-\(UUID().uuidString)")
    let fm = FileManager.default
    try fm.createDirectory(at: root.appendingPathComponent("b/deeper"), withIntermediateDirectories: true)
    try fm.createDirectory(at: root.appendingPathComponent("empty"), withIntermediateDirectories: true)
    defer { try? fm.removeItem(at: root) }
    for name in ["a.wav", "notes.txt", "b/z.flac", "b/deeper/y.WAV", ".hidden.wav"] {
        try Data([1]).write(to: root.appendingPathComponent(name))
    }
    let wanted: (URL) -> Bool = { ["wav", "flac"].contains($0.pathExtension.lowercased()) }
    let result = FileDiscovery.expand(
        [root.path, root.appendingPathComponent("notes.txt").path, "/no/such/thing", root.appendingPathComponent("empty").path],
        isWanted: wanted)
    #expect(result.files.map(\.lastPathComponent) == ["a.wav", "y.WAV", "z.flac", "notes.txt"])
    #expect(result.problems.map(\.file) == ["/no/such/thing", root.appendingPathComponent("empty").path])
    #expect(result.problems.allSatisfy { !$0.message.isEmpty })
}

@Test func problemsAreOneLine() {
    #expect(FileProblem(file: "x.wav", message: "bad\nheader\r\nhere").description == "x.wav: bad header here")
}

@Test func warningsKeepTheResultUnlessStrict() {
    let files = ["/a.wav", "/b.wav", "/c.wav"].map { URL(fileURLWithPath: $0) }
    let discovered = FileDiscovery.Result(files: files, problems: [])
    let work: @Sendable (URL) throws -> Warned<Int> = { url in
        switch url.lastPathComponent {
        case "a.wav": return Warned(1)
        case "b.wav": return Warned(2, warnings: ["truncated: 6.8 s of 30.0 s present", "odd chunk"])
        default: throw FileProblem(file: url.path, message: "unreadable")
        }
    }
    let lenient = runBatch(discovered, strict: false, work)
    #expect(lenient.results.map(\.value) == [1, 2])
    #expect(lenient.warnings.map(\.description) == ["/b.wav: truncated: 6.8 s of 30.0 s present", "/b.wav: odd chunk"])
    #expect(lenient.problems.map(\.description) == ["/c.wav: unreadable"])
    let strict = runBatch(discovered, strict: true, work)
    #expect(strict.results.map(\.value) == [1])
    #expect(strict.warnings.isEmpty)
    #expect(strict.problems.map(\.file) == ["/b.wav", "/b.wav", "/c.wav"])
    #expect(strict.problems[0].message.hasSuffix("(an error under --strict)"))
}
