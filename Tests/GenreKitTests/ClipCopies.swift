import Foundation
import TestSupport
@testable import GenreKit

/// A GTZAN clip (path below audio/), the bundled model's answer for it, its samples and a scratch
/// directory (removed afterwards) for copies of it: what the copy tests (`ResampledCopiesTests`,
/// `LevelInvarianceTests`) start from. Nil, with the skip message printed, without ../shared.
struct ClipCopies {
    let clip: String
    let source: URL
    let original: RecordingResult
    let samples: [Float]
    let directory: URL

    static func with(_ clip: String, _ body: (ClipCopies) throws -> Void) throws {
        guard GTZAN.available else { print("skipped: \(GTZAN.skipMessage)"); return }
        let directory = try ClassifyTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = GTZAN.root.appendingPathComponent("audio").appendingPathComponent(clip)
        try body(ClipCopies(clip: clip, source: source, original: try ClassifyTests.classifier.classify(source),
                            samples: GTZAN.samples(source), directory: directory))
    }
}
