import AudioIO
import Features
import Foundation
import Learning
import Testing
import TestSupport
@testable import GenreKit

/// The narrow-band variant (`NarrowbandVariant`): chosen for a recording whose content stops
/// below its limit, not for a full-band one, said in JSON and in the bandwidth warning; model
/// files without it still load and answer with the main pipeline.
@Suite struct NarrowbandVariantTests {
    /// A small model with the variant: a linear classifier on random rows of the 57 features
    /// (classes told apart by their means), the bundled transfer table.
    static let model: GenreModel = {
        var rng = SeededGenerator(seed: 7)
        let names = KaggleSchema.featureNames
        let n = 90, d = names.count
        var x = Matrix(rows: n, columns: d)
        var labels: [Int] = []
        let ranges = try! DefaultModel.load(nil).model.featureRanges!
        for i in 0..<n {
            let label = i % 3
            labels.append(label)
            for j in 0..<d {
                let r = ranges[j]
                let spread = max(r.p95 - r.p5, 1e-9)
                x[i, j] = r.median + spread * (0.15 * Double(label - 1) + 0.2 * (rng.nextUnit() - 0.5))
            }
        }
        let data = try! Dataset(names: (0..<n).map { "row\($0)" }, featureNames: names, x: x, labels: labels,
                                classes: ["a", "b", "c"])
        return try! GenreModel.train(data, algorithm: .lda, seed: 1, augmentation: .bundled, noveltyProfile: nil)
    }()

    /// Chords of partials below `cutoff` changing every 250 ms (`musicLikeNotes`, as the
    /// condition meter's tests use), at 22050 Hz.
    static func notes(seconds: Double, cutoff: Double, seed: UInt64) -> [Float] {
        musicLikeNotes(seconds: seconds, rate: 22050, cutoff: cutoff, seed: seed).map(Float.init)
    }

    static func wav(_ x: [Float], in dir: URL, _ name: String) throws -> URL {
        let url = dir.appendingPathComponent(name)
        try AudioWriter.writeWAV([x], sampleRate: 22050, format: .pcm16, to: url)
        return url
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("genre-narrowband-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The variant's recipe draws only its conditions; one the main recipe never draws (weight 0)
    /// is drawn with weight 1, and the main recipe's weights are left as they were.
    @Test func theVariantsRecipeDrawsOnlyItsConditions() throws {
        var main = TrainingAugmentation.bundled
        var table = try #require(main.transfer)
        let names = table.conditions.map(\.name)
        let (chosen, silent) = (try #require(names.first), try #require(names.last))
        table.conditions[table.conditions.count - 1].weight = 0
        main.transfer = table
        let narrowed = try #require(main.narrowed(to: [chosen, silent]))
        let weights = Dictionary(uniqueKeysWithValues: try #require(narrowed.transfer).conditions.map { ($0.name, $0.weight) })
        #expect(weights[chosen] == table.conditions[0].weight && weights[silent] == 1)
        #expect(weights.filter { $0.key != chosen && $0.key != silent }.values.allSatisfy { $0 == 0 })
        #expect(narrowed.narrowbandConditions.isEmpty)
        #expect(main.transfer?.conditions.last?.weight == 0)
        // None of the table's conditions: no variant.
        #expect(main.narrowed(to: ["no-such-condition"]) == nil)
    }

    @Test func theVariantIsChosenByMeasuredBandwidth() throws {
        let model = Self.model
        let variant = try #require(model.narrowband)
        #expect(variant.conditions == NarrowbandVariant.defaultConditions)
        #expect(variant.maximumBandwidthHz == 7500)
        #expect(model.variant(bandwidthHz: 4000) == .narrowband)
        #expect(model.variant(bandwidthHz: 7499) == .narrowband)
        #expect(model.variant(bandwidthHz: 7500) == .main)
        #expect(model.variant(bandwidthHz: 10800) == .main)
        #expect(model.variant(bandwidthHz: nil) == .main)
        #expect(model.variant(bandwidthHz: 0) == .main)
    }

    @Test func classifyPicksTheNarrowBandVariantForA4kHzSignalAndTheMainOneForFullBand() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let narrow = try Self.wav(Self.notes(seconds: 8, cutoff: 4000, seed: 1), in: dir, "narrow.wav")
        let full = try Self.wav(Self.notes(seconds: 8, cutoff: 10800, seed: 1), in: dir, "full.wav")
        var options = ClassifyOptions()
        options.nearestCount = 0
        let classifier = try RecordingClassifier(model: Self.model, options: options)

        let (r, features) = try classifier.classifyWithFeatures(narrow)
        let bandwidth = try #require(r.condition?.bandwidthHz)
        #expect(bandwidth < 4200, "measured \(bandwidth) Hz")
        #expect(r.modelVariant == .narrowband)
        // The variant answers from the recording analysed through its input band (a second pass).
        let banded = try classifier.windowFeatures(narrow, band: NarrowbandVariant.inputFilter()).features
        let expected = Self.model.probabilities(banded, variant: .narrowband).columnMeans()
        let unbanded = Self.model.probabilities(features, variant: .narrowband).columnMeans()
        let main = Self.model.probabilities(features).columnMeans()
        #expect(zip(expected, main).contains { abs($0 - $1) > 1e-6 }, "the two pipelines agree exactly")
        #expect(zip(expected, unbanded).contains { abs($0 - $1) > 1e-6 }, "the band changes nothing")
        for (k, c) in Self.model.classes.enumerated() { #expect(abs(r.probabilities[c]! - expected[k]) < 1e-9) }
        #expect(r.warnings.contains { $0.hasPrefix("content stops at") && $0.contains("answered by the narrow-band model") }, "\(r.warnings)")
        let json = String(decoding: try JSONEncoder().encode(r), as: UTF8.self)
        #expect(json.contains("\"model_variant\":\"narrowband\""))

        let f = try classifier.classify(full)
        #expect((f.condition?.bandwidthHz ?? 0) > 9000, "measured \(f.condition?.bandwidthHz ?? -1) Hz")
        #expect(f.modelVariant == .main)
        #expect(!f.warnings.contains { $0.contains("narrow-band model") })
    }

    @Test func modelFilesWithoutTheVariantStillLoadAndAnswerWithTheMainPipeline() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var old = Self.model
        old.narrowband = nil  // encoded without the key, as files written before the variant existed
        let data = try old.trainingRows()
        let url = dir.appendingPathComponent("old.genremodel")
        try old.write(to: url, name: "old", trainingData: data, cvAccuracy: nil)
        let (_, read) = try GenreModel.read(from: url)
        #expect(read.narrowband == nil)
        #expect(read.variant(bandwidthHz: 4000) == .main)
        var options = ClassifyOptions()
        options.nearestCount = 0
        let narrow = try Self.wav(Self.notes(seconds: 8, cutoff: 4000, seed: 2), in: dir, "narrow.wav")
        let r = try RecordingClassifier(model: read, options: options).classify(narrow)
        #expect(r.modelVariant == .main)
        #expect(r.warnings.contains { $0.hasPrefix("content stops at") && !$0.contains("narrow-band model") }, "\(r.warnings)")

        // And one with the variant keeps it through a file.
        let withVariant = dir.appendingPathComponent("new.genremodel")
        try Self.model.write(to: withVariant, name: "new", trainingData: data, cvAccuracy: nil)
        let (_, back) = try GenreModel.read(from: withVariant)
        #expect(back.narrowband?.conditions == NarrowbandVariant.defaultConditions)
        #expect(back.variant(bandwidthHz: 4000) == .narrowband)
    }
}
