import AudioIO
import Foundation
import Learning
import Testing
@testable import GenreKit

/// `--format jsonl`: each recording's line is out (written and readable by another process)
/// while later files of the batch are still being decoded; errors are lines of their own.
@Suite(.serialized) struct StreamingOutputTests {
    /// The batch's last file is slow: its decoding pauses at its first block until the output
    /// file (read back from disk, as a consumer would) holds the first recording's line, for
    /// at most 60 s. A batch that printed only at the end would keep it waiting the full time
    /// and the test would fail.
    @Test func theFirstLineIsOutBeforeTheLastFileIsDecoded() throws {
        let dir = try ClassifyTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fast = dir.appendingPathComponent("fast.wav"), bad = dir.appendingPathComponent("bad.wav"), slow = dir.appendingPathComponent("slow.wav")
        try AudioWriter.writeWAV([(0..<(22050 * 4)).map { Float(0.3 * sin(Double($0) * 0.05)) }], sampleRate: 22050, format: .pcm16, to: fast)
        try Data("not audio at all".utf8).write(to: bad)
        var rng = SeededGenerator(seed: 5)
        try AudioWriter.writeWAV([(0..<(22050 * 40)).map { _ in Float(rng.nextUnit() * 0.4 - 0.2) }], sampleRate: 22050, format: .pcm16, to: slow)
        let output = dir.appendingPathComponent("out.jsonl")
        let lines = try JSONLinesWriter(streamingTo: output)
        let partial = URL(fileURLWithPath: output.path + ".partial")
        let classifier = ClassifyTests.classifier
        let sawFirstLine = Flag()
        // Files in this order so that one worker (a one-core machine) also gets there without waiting.
        let discovered = FileDiscovery.expand([fast.path, bad.path, slow.path], isWanted: { _ in true })
        let outcome = runBatch(discovered, strict: false, onEach: { (done: BatchOutcome<RecordingResult>) in
            for (_, result) in done.results { lines.write(result) }
            for problem in done.problems { lines.write(problem) }
        }) { url -> Warned<RecordingResult> in
            var first = true
            let (result, _) = try classifier.classifyWithFeatures(url) { _, _ in
                guard url == slow, first else { return }
                first = false
                let deadline = Date().addingTimeInterval(60)
                while Date() < deadline {
                    let text = (try? String(contentsOf: partial, encoding: .utf8)) ?? ""
                    if text.contains(#""file":"\#(fast.path)""#) && text.contains("\n") { sawFirstLine.set(); return }
                    Thread.sleep(forTimeInterval: 0.01)
                }
            }
            return Warned(result)
        }
        try lines.finish()
        #expect(sawFirstLine.value, "the fast file's line was not written while the slow file was being decoded")
        #expect(!FileManager.default.fileExists(atPath: partial.path))
        #expect(outcome.results.count == 2 && outcome.problems.count == 1)
        let written = try String(contentsOf: output, encoding: .utf8)
        #expect(written.hasSuffix("\n"))
        let objects = try written.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        #expect(objects.count == 3)
        let files = objects.map { $0["file"] as? String ?? "" }
        #expect(Set(files) == [fast.path, bad.path, slow.path])
        let errors = objects.filter { $0["error"] != nil }
        #expect(errors.count == 1)
        #expect(errors.first.map { Set($0.keys) } == ["file", "error"])
        #expect(errors.first?["file"] as? String == bad.path)
        for record in objects where record["error"] == nil {
            #expect(record["genre"] is String && record["segments"] is [Any] && record["probabilities"] is [String: Any])
        }
        #expect(files.last == slow.path)
    }
}

/// Set once from any thread.
final class Flag: @unchecked Sendable {
    private var storage = false
    private let lock = NSLock()
    func set() { lock.withLock { storage = true } }
    var value: Bool { lock.withLock { storage } }
}
