import Foundation
import Testing
import Features
import Learning
import TestSupport
@testable import GenreKit

/// The bundled default model loads and describes itself; model files round-trip bit-exactly;
/// damaged, edited, truncated or newer files are rejected with one clear line naming the file.
@Suite struct ModelFileTests {
    static func tinyDataset() throws -> Dataset {
        var rng = SeededGenerator(seed: 7)
        var rows: [[Double]] = [], labels: [Int] = []
        for i in 0..<60 {
            let c = i % 3
            rows.append((0..<4).map { j in Double(c * (j + 1)) + rng.nextUnit() })
            labels.append(c)
        }
        return try Dataset(names: (0..<60).map { "t\($0).wav" }, featureNames: ["a_mean", "a_var", "b_mean", "b_var"],
                           x: Matrix(rows), labels: labels, classes: ["x", "y", "z"])
    }

    static func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("genre-test-\(UUID().uuidString)-\(name)")
    }

    @Test func defaultModelLoadsWithTheTenGTZANGenres() throws {
        let (metadata, model) = try DefaultModel.load(nil)
        #expect(model.classes == ["blues", "classical", "country", "disco", "hiphop", "jazz", "metal", "pop", "reggae", "rock"])
        #expect(model.featureNames == KaggleSchema.featureNames)
        #expect(metadata.classes == model.classes)
        #expect(model.reference.vectors.rows == 1000)
    }

    /// The project keeps committed files under 8 MiB; the bundled model's k-NN rows and SVM
    /// support vectors are stored at single precision for that (`StoredPrecision`).
    @Test func bundledModelFitsUnderEightMebibytes() throws {
        let url = try #require(DefaultModel.url)
        let bytes = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        #expect(bytes < 8 << 20, "the bundled model is \(bytes) bytes")
    }

    @Test func bundledModelGivesBackTheGTZANRows() throws {
        guard GTZAN.available else { print("skipped: \(GTZAN.skipMessage)"); return }
        let rows = try DefaultModel.load(nil).model.trainingRows()
        let published = GTZAN.csvRows("features_30_sec.csv")
        #expect(rows.count == 1000 && published.rows.count == 1000)
        var worst = 0.0
        for (i, name) in rows.names.enumerated() {
            // The published row: length, then the 57 features (the label is not numeric).
            guard let values = published.rows[name] else { Issue.record("\(name) not in the CSV"); continue }
            for c in 0..<rows.featureNames.count {
                let expected = values[c + 1], got = rows.x[i, c]
                worst = max(worst, abs(got - expected) / max(abs(expected), 1e-6))
            }
            #expect(rows.classes[rows.labels[i]] == String(name.prefix { $0 != "." }))
        }
        #expect(worst < 1e-9, "largest relative difference \(worst)")
    }

    @Test func roundTripIsBitExact() throws {
        let data = try Self.tinyDataset()
        for algorithm in [Algorithm.logistic, .svm, .knn] {
            let model = try GenreModel.train(data, algorithm: algorithm, seed: 3)
            let url = Self.temporaryFile("\(algorithm).genremodel")
            defer { try? FileManager.default.removeItem(at: url) }
            try model.write(to: url, name: "tiny", trainingData: data, cvAccuracy: nil)
            let (_, loaded) = try GenreModel.read(from: url)
            #expect(loaded.probabilities(data.x) == model.probabilities(data.x), "\(algorithm)")
            #expect(loaded.reference.calibration == model.reference.calibration)
        }
    }

    @Test func formatOneFilesStillLoadAndSayTheyAreUncalibrated() throws {
        let data = try Self.tinyDataset()
        let calibrated = try GenreModel.train(data, algorithm: .logistic, seed: 1)
        #expect(calibrated.isCalibrated)
        // A format-1 file: written before calibration existed, so with the classifier alone.
        let old = try GenreModel.train(data, algorithm: .logistic, seed: 1, calibration: .none)
        let url = Self.temporaryFile("old.genremodel")
        defer { try? FileManager.default.removeItem(at: url) }
        try old.write(to: url, name: "old", trainingData: data, cvAccuracy: nil)
        try uncompressedModelFile(json: ModelEnvelope<GenreModel>.json(from: url), version: 1).write(to: url)
        let (metadata, loaded) = try DefaultModel.load(url.path)
        #expect(metadata.version == 1 && !metadata.calibrated && !loaded.isCalibrated)
        #expect(metadata.calibrationWarning?.contains("uncalibrated probabilities") == true)
        #expect(loaded.probabilities(data.x) == old.probabilities(data.x))
        // Calibration keeps the predictions and softens this over-confident model's probabilities.
        let p = calibrated.probabilities(data.x), q = old.probabilities(data.x)
        for r in 0..<p.rows {
            #expect(p.row(r).firstIndex(of: p.row(r).max()!) == q.row(r).firstIndex(of: q.row(r).max()!))
        }
    }

    @Test func damagedFilesAreRejectedWithOneLineNamingTheFile() throws {
        let data = try Self.tinyDataset()
        let model = try GenreModel.train(data, algorithm: .logistic, seed: 1)
        let good = Self.temporaryFile("good.genremodel")
        defer { try? FileManager.default.removeItem(at: good) }
        try model.write(to: good, name: "tiny", trainingData: data, cvAccuracy: nil)
        let bytes = try Data(contentsOf: good)
        let header = String(decoding: bytes.prefix(while: { $0 != 10 }), as: UTF8.self)
        var edited = bytes
        edited[bytes.count - 20] = edited[bytes.count - 20] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
        let newer = Data(header.replacingOccurrences(of: "GENRE-MODEL 3 ", with: "GENRE-MODEL 99 ").utf8) + bytes.dropFirst(header.utf8.count)
        let cases: [(String, Data)] = [
            ("empty", Data()), ("truncated", bytes.prefix(bytes.count / 2)), ("edited", edited), ("newer", newer),
            ("random", Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 7) })),
        ]
        for (name, content) in cases {
            let url = Self.temporaryFile("\(name).genremodel")
            defer { try? FileManager.default.removeItem(at: url) }
            try content.write(to: url)
            do {
                _ = try GenreModel.read(from: url)
                Issue.record("\(name) model file was accepted")
            } catch let problem as FileProblem {
                #expect(problem.file == url.path)
                #expect(!problem.description.contains("\n"), "\(name): \(problem)")
            }
        }
    }

    @Test func aModelTrainedOnOtherFeaturesCannotClassifyAudio() throws {
        let model = try GenreModel.train(try Self.tinyDataset(), algorithm: .logistic, seed: 1)
        #expect(throws: FileProblem.self) { try RecordingClassifier(model: model) }
    }
}
