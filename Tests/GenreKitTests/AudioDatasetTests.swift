import AudioIO
import Foundation
import Testing
import Features
import Learning
import TestSupport
@testable import GenreKit

/// Training from folders of recordings: one sub-folder per genre, features cached so unchanged
/// files are not decoded again, merged with the GTZAN features when both are given.
@Suite struct AudioDatasetTests {
    /// drones/ (tones) and rain/ (noise): three 4-second recordings each, one of them 70 s long
    /// so it contributes several windows.
    static func makeFolder() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("genre-audio-\(UUID().uuidString)")
        var rng = SeededGenerator(seed: 5)
        for genre in ["drones", "rain"] {
            let dir = root.appendingPathComponent(genre)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            for k in 0..<3 {
                let seconds = k == 0 ? 70 : 4
                let n = seconds * 22050
                let x: [Float] = genre == "drones"
                    ? (0..<n).map { Float(0.3 * sin(2 * Double.pi * Double(110 * (k + 1)) * Double($0) / 22050)) }
                    : (0..<n).map { _ in Float(rng.nextUnit() * 0.4 - 0.2) }
                try AudioWriter.writeWAV([x], sampleRate: 22050, format: .pcm16, to: dir.appendingPathComponent("\(genre)\(k).wav"))
            }
        }
        try Data("not audio".utf8).write(to: root.appendingPathComponent("rain/notes.wav"))
        return root
    }

    @Test func foldersBecomeLabelledWindowsAndTheCacheIsUsed() throws {
        let root = try Self.makeFolder()
        let cacheDir = root.appendingPathComponent(".cache")
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = FeatureCache(directory: cacheDir)
        let (data, groups, problems, _) = try AudioDataset.load(root, cache: cache)
        #expect(data.classes == ["drones", "rain"])
        // 70 s gives windows 0-30 and 30-60 plus one aligned to the end; 4 s gives one.
        #expect(data.count == 2 * (3 + 2))
        #expect(Set(groups).count == 6)
        #expect(problems.count == 1 && problems[0].file.hasSuffix("notes.wav"))
        let cached = try FileManager.default.contentsOfDirectory(atPath: cacheDir.path).filter { $0.hasSuffix(".json") }
        #expect(cached.count == 6)

        // A second load reads the cache: plant a marker value in every entry and see it come back.
        for name in cached {
            let url = cacheDir.appendingPathComponent(name)
            var rows = try JSONDecoder().decode([FeatureRow].self, from: Data(contentsOf: url))
            for i in rows.indices { rows[i].features[0] = 12345 }
            try JSONEncoder().encode(rows).write(to: url)
        }
        let again = try AudioDataset.load(root, cache: cache).data
        #expect(again.x.column(0).allSatisfy { $0 == 12345 })

        // A changed file is decoded again.
        let changed = root.appendingPathComponent("drones/drones1.wav")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: changed.path)
        let third = try AudioDataset.load(root, cache: cache).data
        #expect(third.x.column(0).filter { $0 != 12345 }.count == 1)
    }

    @Test func ownGenresJoinTheGTZANFeatures() throws {
        guard GTZAN.available else { print("skipped: \(GTZAN.skipMessage)"); return }
        let root = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let training = try TrainingData.load(featureCSVs: [GTZAN.root.appendingPathComponent("features_30_sec.csv").path],
                                             audioFolders: [root.path], cache: FeatureCache(directory: root.appendingPathComponent(".cache")))
        #expect(training.dataset.classes.count == 12)
        #expect(training.dataset.classes.contains("drones") && training.dataset.classes.contains("rain"))
        #expect(training.dataset.count == 1000 + 10)
        let model = try GenreModel.train(training.dataset, algorithm: .logistic, seed: 1)
        let classifier = try RecordingClassifier(model: model)
        let result = try classifier.classify(root.appendingPathComponent("drones/drones2.wav"))
        #expect(result.genre == "drones")
        #expect(result.probabilities.count == 12)
    }
}
