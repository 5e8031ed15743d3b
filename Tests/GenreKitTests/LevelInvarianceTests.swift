import AudioIO
import Foundation
import Testing
import TestSupport
@testable import GenreKit

/// Issue 9: a recording's gain must not change the answer. The bundled default model on GTZAN
/// clips and copies of them at another level, made here by scaling the samples and written as
/// float WAV (no quantisation, no clipping): −3.01 dB (ffmpeg's `-ac 2` pan law, which moved a
/// probability by ≈0.5 before the recipe's level step), −12 dB and +6 dB. Top genre kept, every
/// probability and every aspect's probabilities within 0.05 of the original's.
@Suite(.serialized) struct LevelInvarianceTests {
    static let clips = ["jazz/jazz.00005.wav", "classical/classical.00003.wav", "reggae/reggae.00000.wav"]

    @Test(arguments: clips)
    func aCopyAtAnotherLevelKeepsTheAnswer(_ clip: String) throws {
        try ClipCopies.with(clip) { c in
            // The bundled model keeps the level as a feature (`--level absolute`, the default: the level
            // step costs 1.4 points of 10-fold CV), so it is known to fail this; a model trained with
            // `--level invariant` must pass.
            guard case .levelNormalization? = ClassifyTests.classifier.model.pipeline.transforms.first else {
                withKnownIssue("the bundled model is trained with --level absolute") {
                    try Self.compare(c.samples, clip, c.original, c.directory)
                }
                return
            }
            try Self.compare(c.samples, clip, c.original, c.directory)
        }
    }

    static func compare(_ x: [Float], _ clip: String, _ original: RecordingResult, _ dir: URL) throws {
        for db in [-3.0103, -12, 6] {
            let gain = Float(pow(10, db / 20))
            let url = dir.appendingPathComponent("gain\(db).wav")
            try AudioWriter.writeWAV([x.map { $0 * gain }], sampleRate: 22050, format: .float32, to: url)
            let r = try ClassifyTests.classifier.classify(url)
            #expect(r.genre == original.genre, "\(clip) at \(db) dB: \(r.genre) instead of \(original.genre)")
            for (genre, p) in original.probabilities {
                #expect(abs((r.probabilities[genre] ?? -1) - p) <= 0.05, "\(clip) at \(db) dB, \(genre): \(r.probabilities[genre] ?? -1) vs \(p)")
            }
            for (aspect, a) in original.aspects ?? [:] {
                for (genre, p) in a.probabilities {
                    let q = r.aspects?[aspect]?.probabilities[genre] ?? -1
                    #expect(abs(q - p) <= 0.05, "\(clip) at \(db) dB, \(aspect) \(genre): \(q) vs \(p)")
                }
            }
        }
    }
}
