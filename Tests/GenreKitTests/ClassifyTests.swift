import AudioIO
import Foundation
import Testing
import Features
import Learning
import TestSupport
@testable import GenreKit

/// `genre classify` end to end with the bundled model: probabilities, nearest tracks, novelty,
/// long-recording windows, format invariance and per-file errors in a batch.
@Suite(.serialized) struct ClassifyTests {
    static let classifier: RecordingClassifier = {
        let (_, model) = try! DefaultModel.load(nil)
        return try! RecordingClassifier(model: model)
    }()

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("genre-classify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func probabilitiesSumToOneAndNearestTracksShareTheGenre() throws {
        guard GTZAN.available else { print("skipped: \(GTZAN.skipMessage)"); return }
        for url in GTZAN.clips().filter({ $0.lastPathComponent.hasSuffix("00000.wav") }) {
            let genre = url.deletingLastPathComponent().lastPathComponent
            let r = try Self.classifier.classify(url)
            #expect(abs(r.probabilities.values.reduce(0, +) - 1) < 1e-9)
            for s in r.segments { #expect(abs(s.probabilities.values.reduce(0, +) - 1) < 1e-9) }
            #expect(r.probabilities.count == 10)
            #expect(r.nearest.contains { $0.genre == genre }, "nearest of \(url.lastPathComponent): \(r.nearest.map(\.track))")
            #expect(!r.novelty.unfamiliar, "\(url.lastPathComponent) flagged unfamiliar")
            #expect(abs(r.durationSeconds - 30) < 1)
        }
    }

    /// Length and level alone must not make music unfamiliar: 14-s cuts (the field excerpts'
    /// length) and a 20 dB quieter copy of GTZAN clips are judged familiar, with the 14-s profile.
    @Test func shortAndQuietGTZANClipsAreFamiliar() throws {
        guard GTZAN.available else { print("skipped: \(GTZAN.skipMessage)"); return }
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["blues/blues.00000.wav", "rock/rock.00003.wav", "classical/classical.00005.wav"] {
            let clip = GTZAN.samples(GTZAN.root.appendingPathComponent("audio/\(name)"))
            let stem = URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent
            let cut = dir.appendingPathComponent("\(stem).14s.wav"), quiet = dir.appendingPathComponent("\(stem).quiet.wav")
            try AudioWriter.writeWAV([Array(clip[(8 * 22050)..<(22 * 22050)])], sampleRate: 22050, format: .pcm16, to: cut)
            try AudioWriter.writeWAV([clip.map { $0 * 0.1 }], sampleRate: 22050, format: .pcm16, to: quiet)
            for url in [cut, quiet] {
                let r = try Self.classifier.classify(url)
                #expect(!r.novelty.unfamiliar, "\(url.lastPathComponent) flagged unfamiliar: \(r.novelty)")
                #expect(r.novelty.method == RecordingResult.Novelty.gaussianMethod)
            }
            let r = try Self.classifier.classify(cut)
            #expect(abs(r.durationSeconds - 14) < 1e-6)
            let detector = try #require(Self.classifier.model.novelty)
            #expect(abs(r.novelty.threshold - detector.entries[detector.entryIndex(seconds: 14)].threshold.squareRoot()) < 1e-12)
        }
    }

    @Test func noiseAndToneAreUnfamiliar() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = SeededGenerator(seed: 11)
        let noise = (0..<(20 * 44100)).map { _ in Float(rng.nextUnit() * 0.6 - 0.3) }
        let tone = (0..<(12 * 22050)).map { Float(0.4 * sin(2 * Double.pi * 440 * Double($0) / 22050)) }
        try AudioWriter.writeWAV([noise, noise], sampleRate: 44100, format: .pcm24, to: dir.appendingPathComponent("noise.wav"))
        try AudioWriter.writeWAV([tone], sampleRate: 22050, format: .pcm16, to: dir.appendingPathComponent("tone.wav"))
        for name in ["noise.wav", "tone.wav"] {
            let r = try Self.classifier.classify(dir.appendingPathComponent(name))
            #expect(r.novelty.unfamiliar, "\(name): novelty \(r.novelty)")
        }
    }

    @Test func speechIsUnfamiliar() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("speech.wav")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["espeak-ng", "-w", url.path, "This is a field recording. The musicians are tuning their instruments and talking before the dance begins, so the first minute is speech and not music at all."]
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { print("skipped: espeak-ng is not installed"); return }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { print("skipped: espeak-ng is not installed"); return }
        let r = try Self.classifier.classify(url)
        #expect(r.novelty.unfamiliar, "speech: novelty \(r.novelty)")
    }

    @Test func longRecordingGetsATimelineCoveringIt() throws {
        guard GTZAN.available else { print("skipped: \(GTZAN.skipMessage)"); return }
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Two minutes: jazz, rock, jazz, rock clips back to back.
        let jazz = GTZAN.samples(GTZAN.root.appendingPathComponent("audio/jazz/jazz.00001.wav"))
        let rock = GTZAN.samples(GTZAN.root.appendingPathComponent("audio/rock/rock.00001.wav"))
        let joined = jazz + rock + jazz + rock
        let url = dir.appendingPathComponent("medley.flac")
        try AudioWriter.writeFLAC([joined], sampleRate: 22050, bits: 16, to: url)
        let r = try Self.classifier.classify(url)
        let total = Double(joined.count) / 22050
        #expect(abs(r.durationSeconds - total) < 1e-6)
        #expect(r.segments.first?.startSeconds == 0)
        #expect(abs((r.segments.last?.endSeconds ?? 0) - total) < 1e-6)
        // Regular windows every 15 s, each start on the STFT's 512-sample frame grid (so within
        // 256 samples of k·15 s), then one aligned to the end.
        for (k, segment) in r.segments.dropLast().enumerated() {
            let start = segment.startSeconds * 22050
            #expect(abs(start - start.rounded()) < 1e-6 && Int(start.rounded()) % 512 == 0)
            #expect(abs(segment.startSeconds - Double(k) * 15) <= 256 / 22050 + 1e-9)
        }
        #expect(r.segments.first?.genre == "jazz")
        #expect(Set(r.segments.map(\.genre)).isSuperset(of: ["jazz", "rock"]), "\(r.segments.map(\.genre))")
    }

    @Test func resampledStereoVariantsKeepTheirGenreAndProbabilities() throws {
        guard GTZAN.available else { print("skipped: \(GTZAN.skipMessage)"); return }
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = GTZAN.root.appendingPathComponent("audio/blues/blues.00000.wav")
        let original = try Self.classifier.classify(source)
        let clip = GTZAN.samples(source)
        let variants: [(String, Int, Bool)] = [("a.wav", 44100, true), ("b.flac", 48000, true), ("c.wav", 96000, false)]
        for (name, rate, stereo) in variants {
            let resampler = Resampler(from: 22050, to: Double(rate))
            let x = resampler.process(clip) + resampler.flush()
            let channels = stereo ? [x, [0] + x.dropLast().map { 0.8 * $0 }] : [x]
            let url = dir.appendingPathComponent(name)
            if name.hasSuffix(".flac") {
                try AudioWriter.writeFLAC(channels, sampleRate: rate, bits: 24, to: url)
            } else {
                try AudioWriter.writeWAV(channels, sampleRate: rate, format: stereo ? .pcm24 : .float32, to: url)
            }
            let r = try Self.classifier.classify(url)
            #expect(r.genre == original.genre, "\(name)")
            for (genre, p) in original.probabilities {
                #expect(abs((r.probabilities[genre] ?? -1) - p) <= 0.05, "\(name) \(genre): \(r.probabilities[genre] ?? -1) vs \(p)")
            }
        }
    }

    @Test func aBatchReportsBrokenFilesAndClassifiesTheRest() throws {
        guard GTZAN.available else { print("skipped: \(GTZAN.skipMessage)"); return }
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = dir.appendingPathComponent("empty.wav")
        try Data().write(to: empty)
        let short = dir.appendingPathComponent("short.wav")
        try AudioWriter.writeWAV([[Float](repeating: 0.1, count: 22050)], sampleRate: 22050, format: .pcm16, to: short)
        let good = GTZAN.root.appendingPathComponent("audio/metal/metal.00000.wav")
        let bad = GTZAN.root.appendingPathComponent("bad/jazz.00054.wav")
        let classifier = Self.classifier
        let outcome = runBatch([empty.path, good.path, bad.path, short.path, dir.appendingPathComponent("missing.wav").path]) {
            try classifier.classify($0)
        }
        #expect(outcome.results.map(\.file.lastPathComponent) == ["metal.00000.wav"])
        #expect(outcome.problems.count == 4)
        for problem in outcome.problems { #expect(!problem.description.contains("\n")) }
        #expect(Set(outcome.problems.map { URL(fileURLWithPath: $0.file).lastPathComponent })
                == ["empty.wav", "jazz.00054.wav", "short.wav", "missing.wav"])
    }

    /// A float WAV with a NaN or infinite sample (or samples so large the spectrum overflows)
    /// gives non-finite features: one line naming the file and the window, not a crash.
    @Test func nonFiniteSamplesAreAOneLineProblem() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tone = (0..<(22050 * 4)).map { Float(0.3 * sin(Double($0) * 0.05)) }
        var withNaN = tone; withNaN[30000] = .nan
        var withInf = tone; withInf[50] = .infinity
        let huge = tone.map { $0 * 1e38 }
        for (name, samples) in [("nan", withNaN), ("inf", withInf), ("huge", huge)] {
            let url = dir.appendingPathComponent("\(name).wav")
            try AudioWriter.writeWAV([samples], sampleRate: 22050, format: .float32, to: url)
            #expect {
                _ = try Self.classifier.classify(url)
            } throws: { error in
                let text = String(describing: error)
                return text.contains(url.path) && text.contains("non-finite") && !text.contains("\n")
            }
        }
        // The same tone without the bad sample classifies.
        let clean = dir.appendingPathComponent("clean.wav")
        try AudioWriter.writeWAV([tone], sampleRate: 22050, format: .float32, to: clean)
        #expect(try Self.classifier.classify(clean).segments.count == 1)
    }
}
