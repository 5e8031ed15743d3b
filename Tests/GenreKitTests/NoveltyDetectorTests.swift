import Foundation
import Testing
import TestSupport
import Features
import Learning
@testable import GenreKit

/// The novelty detector's math against an independent numpy/scikit-learn computation
/// (bench/novelty/reference_values.py), its level invariance, and its place in the model file.
@Suite struct NoveltyDetectorTests {
    /// The formula data set of reference_values.py: 40 rows, two classes.
    static func formulaData() throws -> Dataset {
        let rows = (0..<40).map { i -> [Double] in
            let c = Double(i % 2), x = Double(i)
            return [sin(1.3 * x) + 2 * c, exp(cos(0.7 * x) + c), cos(0.4 * x) * (1 + c), 1 + Double(i % 7) + 3 * c]
        }
        return try Dataset(names: (0..<40).map { String(format: "t%02d.wav", $0) }, featureNames: ["a_mean", "a_var", "b_mean", "b_var"],
                           x: Matrix(rows), labels: (0..<40).map { $0 % 2 }, classes: ["x", "y"])
    }

    @Test func squaredDistancesAndThresholdMatchNumpy() throws {
        let data = try Self.formulaData()
        let detector = try #require(try NoveltyDetector.fit(data.x, labels: data.labels, classCount: 2, groups: data.groups,
                                                            featureNames: data.featureNames, profile: nil))
        #expect(detector.entries.count == 1)  // no profile: only the training unit
        let queries = Matrix([[0.2, 1.5, 0.1, 3.0], [3.0, 9.0, -2.0, 40.0], [-1.0, 0.5, 1.5, 2.0]])
        let got = detector.score(queries, seconds: [30, 30, 30]).map(\.squaredDistance)
        for (g, want) in zip(got, [0.3315224146769694, 21.267511299453368, 5.428592141550332]) {
            #expect(abs(g - want) < 1e-9 * max(1, want), "\(got)")
        }
        #expect(abs(detector.entries[0].threshold - 9.016218133753771) < 1e-9)
        // The score is the share of calibration values below: the threshold sits at 1 − falseAlarmRate.
        #expect(abs(detector.percentile(squaredDistance: detector.entries[0].threshold, entry: 0) - 0.97) < 0.002)
    }

    /// 57 Kaggle-named columns of plausible positive values, two classes.
    static func kaggleData() throws -> Dataset {
        var rng = SeededGenerator(seed: 5)
        let names = KaggleSchema.featureNames
        let rows = (0..<80).map { i -> [Double] in
            names.indices.map { j in (1 + Double(i % 2) + rng.nextUnit()) * Double(j + 1) }
        }
        return try Dataset(names: (0..<80).map { "k\($0).wav" }, featureNames: names, x: Matrix(rows),
                           labels: (0..<80).map { $0 % 2 }, classes: ["x", "y"])
    }

    @Test func aQuieterRecordingIsJudgedTheSame() throws {
        let data = try Self.kaggleData()
        let detector = try #require(try NoveltyDetector.fit(data.x, labels: data.labels, classCount: 2, groups: data.groups,
                                                            featureNames: data.featureNames, profile: nil))
        // 20 dB down: amplitudes × 0.1, powers × 0.01; mfcc1_mean (log energy) moves too, and is not used.
        let names = data.featureNames
        var quiet = data.x.selectingRows([3])
        for (j, name) in names.enumerated() {
            if name == "rms_mean" || name == "harmony_mean" || name == "perceptr_mean" { quiet[0, j] *= 0.1 }
            if name == "rms_var" || name == "harmony_var" || name == "perceptr_var" { quiet[0, j] *= 0.01 }
            if name == "mfcc1_mean" { quiet[0, j] -= 200 }
        }
        let a = detector.score(data.x.selectingRows([3]), seconds: [30])[0].squaredDistance
        let b = detector.score(quiet, seconds: [30])[0].squaredDistance
        // Equal up to the log's tiny offset (1e-6 × the training median), which the quieter values feel more.
        #expect(abs(a - b) < 1e-3 * a, "\(a) vs \(b)")
        // The plain log-variance space (what the classifiers see) does move: the check can fail.
        var logVariance = LogVarianceTransform(featureNames: names)
        try logVariance.fit(data.x)
        let rmsVar = names.firstIndex(of: "rms_var")!
        #expect(abs(logVariance.transform(quiet)[0, rmsVar] - logVariance.transform(data.x.selectingRows([3]))[0, rmsVar]) > 4)
        #expect(!detector.map.outputNames.contains("rms_mean") && !detector.map.outputNames.contains("mfcc1_mean"))
    }

    @Test func shortWindowsUseTheirOwnLengthProfile() throws {
        let data = try Self.kaggleData()
        // A profile whose 14-s cuts differ from their clips by a fixed pattern and some spread.
        let clips = (0..<6).map { NoveltyProfile.Clip(name: "c\($0)", features: Array(data.x.row($0))) }
        var rng = SeededGenerator(seed: 9)
        let cuts = (0..<6).flatMap { c in (0..<4).map { k in
            NoveltyProfile.Cut(clip: "c\(c)", seconds: 14, offset: Double(k), features: clips[c].features.map { $0 * (0.9 + 0.1 * rng.nextUnit()) })
        } }
        let profile = NoveltyProfile(featureNames: data.featureNames, clips: clips, lengths: cuts, chains: [])
        let detector = try #require(try NoveltyDetector.fit(data.x, labels: data.labels, classCount: 2, groups: data.groups,
                                                            featureNames: data.featureNames, profile: profile))
        #expect(detector.entries.map(\.seconds) == [14, 30])
        #expect(detector.entryIndex(seconds: 12) == 0 && detector.entryIndex(seconds: 3) == 0)
        #expect(detector.entryIndex(seconds: 28) == 1 && detector.entryIndex(seconds: 600) == 1)
        #expect(detector.entries[0].threshold.isFinite && detector.entries[0].threshold > 0)
    }

    // MARK: model files

    static func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("genre-novelty-\(UUID().uuidString)-\(name)")
    }

    /// Rewrites a model file's payload as JSON object surgery, with a fresh header.
    static func rewrite(_ url: URL, _ edit: (inout [String: Any]) -> Void) throws {
        var body = try JSONSerialization.jsonObject(with: ModelEnvelope<GenreModel>.json(from: url)) as! [String: Any]
        var payload = body["payload"] as! [String: Any]
        edit(&payload)
        body["payload"] = payload
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        try uncompressedModelFile(json: data).write(to: url)
    }

    @Test func modelFilesKeepTheDetectorAndOlderOnesStillLoad() throws {
        let data = try Self.kaggleData()
        let model = try GenreModel.train(data, algorithm: .logistic, seed: 1, noveltyProfile: nil)
        let detector = try #require(model.novelty)
        let url = Self.temporaryFile("m.genremodel")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.write(to: url, name: "tiny", trainingData: data, cvAccuracy: nil)
        let loaded = try #require(try GenreModel.read(from: url).model.novelty)
        #expect(loaded.score(data.x, seconds: Array(repeating: 30, count: 80)).map(\.squaredDistance)
                == detector.score(data.x, seconds: Array(repeating: 30, count: 80)).map(\.squaredDistance))

        // A file from before the detector: loads, and novelty falls back to the nearest-neighbour verdict.
        try Self.rewrite(url) { $0.removeValue(forKey: "novelty") }
        let old = try GenreModel.read(from: url).model
        #expect(old.novelty == nil)
        let verdict = old.novelty(windowFeatures: data.x.selectingRows([0]), windowSeconds: [30],
                                  transformed: old.pipeline.transformed(data.x.selectingRows([0])))
        #expect(verdict.method == RecordingResult.Novelty.legacyMethod)

        // A newer detector format is refused with one line naming the file.
        try model.write(to: url, name: "tiny", trainingData: data, cvAccuracy: nil)
        try Self.rewrite(url) { payload in
            var novelty = payload["novelty"] as! [String: Any]
            novelty["version"] = 99
            payload["novelty"] = novelty
        }
        do {
            _ = try GenreModel.read(from: url)
            Issue.record("a newer detector format was accepted")
        } catch let problem as FileProblem {
            #expect(problem.file == url.path)
            #expect(problem.message.contains("newer"), "\(problem)")
        }
    }
}
