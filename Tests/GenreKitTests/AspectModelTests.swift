import Features
import Foundation
import Learning
import Testing
import TestSupport
@testable import GenreKit

/// The per-aspect classifiers: the split of the 57 columns, verdicts on data where only one
/// aspect carries the genre, the model file (stored, versioned, old files still load).
@Suite struct AspectModelTests {
    @Test func theFiftySevenColumnsSplitIntoFourAspects() {
        let names = KaggleSchema.featureNames
        #expect(names.allSatisfy { Aspect.of(feature: $0) != nil })
        let count = { (a: Aspect) in names.filter { Aspect.of(feature: $0) == a }.count }
        #expect(count(.timbre) == 48 && count(.harmony) == 2 && count(.dynamics) == 6 && count(.rhythm) == 1)
        #expect(Aspect.of(feature: "harmony_mean") == .dynamics && Aspect.of(feature: "chroma_stft_var") == .harmony)
        #expect(Aspect.of(feature: "tempo") == .rhythm && Aspect.of(feature: "rolloff_var") == .timbre)
    }

    /// Rows in the 57-column schema whose genre shows only in tempo (every other column is noise
    /// shared by all genres): rhythm alone must find it, timbre alone must not.
    static func tempoOnlyDataset(rows: Int = 300) throws -> Dataset {
        var rng = SeededGenerator(seed: 5)
        let tempoIndex = KaggleSchema.featureNames.firstIndex(of: "tempo")!
        var x: [[Double]] = [], labels: [Int] = []
        for i in 0..<rows {
            let c = i % 3
            var row = KaggleSchema.featureNames.map { $0.hasSuffix("_var") ? 1 + rng.nextUnit() : rng.nextUnit() }
            row[tempoIndex] = [70.0, 110, 150][c] + 10 * rng.nextUnit()
            x.append(row)
            labels.append(c)
        }
        return try Dataset(names: (0..<rows).map { "r\($0).wav" }, featureNames: KaggleSchema.featureNames, x: Matrix(x),
                           labels: labels, classes: ["slow", "medium", "fast"])
    }

    @Test func eachAspectSeesOnlyItsColumns() throws {
        let data = try Self.tempoOnlyDataset()
        var aspects = try #require(try AspectModels.train(data, seed: 1))
        #expect(aspects.models.map(\.aspect) == Aspect.allCases)
        try aspects.crossValidate(data, folds: 5, seed: 1)
        let accuracy = Dictionary(uniqueKeysWithValues: aspects.models.map { ($0.aspect, $0.cvAccuracy ?? 0) })
        #expect(accuracy[.rhythm]! > 0.95, "\(accuracy)")
        for aspect in [Aspect.timbre, .harmony, .dynamics] { #expect(accuracy[aspect]! < 0.5, "\(aspect): \(accuracy)") }
        // A fast row: rhythm says "fast" clearly; timbre has nothing to go on.
        let fast = data.x.selectingRows([2])
        let verdicts = aspects.results(fast, classes: data.classes)
        #expect(verdicts["rhythm"]?.genre == "fast")
        #expect((verdicts["rhythm"]?.margin ?? 0) > 0.5)
        #expect((verdicts["timbre"]?.margin ?? 1) < (verdicts["rhythm"]?.margin ?? 0))
        for v in verdicts.values { #expect(abs(v.probabilities.values.reduce(0, +) - 1) < 1e-9) }
    }

    @Test func modelFilesStoreAspectsAndOlderFilesStillLoad() throws {
        let data = try Self.tempoOnlyDataset(rows: 90)
        var model = try GenreModel.train(data, algorithm: .logistic, seed: 2)
        #expect(model.aspects?.models.count == 4)
        let url = ModelFileTests.temporaryFile("aspects.genremodel")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.write(to: url, name: "tempo", trainingData: data, cvAccuracy: nil)
        let (_, loaded) = try GenreModel.read(from: url)
        let row = data.x.selectingRows([0, 1])
        #expect(loaded.aspects?.results(row, classes: data.classes) == model.aspects?.results(row, classes: data.classes))
        // A file written before aspect models existed has no "aspects" key: it loads without them.
        model.aspects = nil
        try model.write(to: url, name: "old", trainingData: data, cvAccuracy: nil)
        #expect(!String(decoding: try ModelEnvelope<GenreModel>.json(from: url), as: UTF8.self).contains("\"aspects\""))
        #expect(try GenreModel.read(from: url).model.aspects == nil)
        // Aspect models of a newer layout are refused, naming the file and what to do.
        model.aspects = try AspectModels.train(data, seed: 2)
        model.aspects?.version = AspectModels.formatVersion + 1
        try model.write(to: url, name: "future", trainingData: data, cvAccuracy: nil)
        #expect {
            try GenreModel.read(from: url)
        } throws: { error in
            let text = "\(error)"
            return text.contains(url.path) && text.contains("per-aspect models are format \(AspectModels.formatVersion + 1)") && text.contains("upgrade genre")
        }
    }

    @Test func defaultModelAspectsOnGTZAN() throws {
        guard GTZAN.available else { print("skipped: \(GTZAN.skipMessage)"); return }
        let (_, model) = try DefaultModel.load(nil)
        guard let aspects = model.aspects else {
            Issue.record("the bundled model has no aspect models: run scripts/make-default-model.sh")
            return
        }
        // Measured at training time and stored: timbre carries most, tempo alone little.
        let accuracy = Dictionary(uniqueKeysWithValues: aspects.models.map { ($0.aspect, $0.cvAccuracy ?? 0) })
        #expect(accuracy[.timbre]! > 0.6 && accuracy[.rhythm]! < 0.3 && accuracy[.rhythm]! > 0.12, "\(accuracy)")
        let r = try RecordingClassifier(model: model).classify(GTZAN.root.appendingPathComponent("audio/classical/classical.00001.wav"))
        #expect(r.aspects?["timbre"]?.genre == "classical")
        let line = try #require(ClassificationText.evidence(r))
        #expect(line.contains("timbrally closest to classical") && line.contains("rhythmically to"), "\(line)")
    }
}
