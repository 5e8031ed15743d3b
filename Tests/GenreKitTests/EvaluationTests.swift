import Foundation
import Testing
import Learning
import TestSupport
@testable import GenreKit

/// `genre evaluate`'s protocols: k-fold, a fixed split, a separate test set. Every one lists its
/// out-of-fold predictions, whose accuracy is exactly the reported accuracy.
@Suite struct EvaluationTests {
    static let splitFile = GTZAN.root.appendingPathComponent("splits/fault-filtered.json")

    static func accuracy(_ predictions: [EvaluationReport.Prediction]) -> Double {
        Double(predictions.filter { $0.label == $0.genre }.count) / Double(predictions.count)
    }

    @Test func faultFilteredSplitOnThePublishedFeatures() throws {
        guard GTZAN.available, FileManager.default.fileExists(atPath: Self.splitFile.path) else {
            print("\(GTZAN.skipMessage) (fault-filtered split)"); return
        }
        let data = try Dataset.loadCSV(GTZAN.root.appendingPathComponent("features_30_sec.csv"))
        let split = try FixedSplit.load(Self.splitFile)
        // Logistic regression (C = 1) on log-variance, standardised features, fitted on train + valid
        // (no chain augmentation, as the peer has none): scikit-learn 1.9.1 gets 163 of the 290
        // test clips right (bench/peers/peers.py --split).
        let evaluation = try Evaluation.run(data, algorithm: .logistic, calibration: .none,
                                            scheme: .fixedSplit(split, source: Self.splitFile.path), seed: 1,
                                            augmentation: .none)
        let r = evaluation.report
        #expect(r.predictions.count == 290)
        #expect(Set(r.predictions.map(\.file)) == Set(split.test))
        #expect(r.predictions.allSatisfy { $0.fold == .named("test") })
        #expect(r.testAccuracy == Self.accuracy(r.predictions) && r.meanAccuracy == r.testAccuracy)
        #expect(r.testAccuracy == 163.0 / 290.0, "test accuracy \(String(describing: r.testAccuracy))")
        #expect(evaluation.testSet == Evaluation.TestSetSummary(source: "the split's test list", trainRows: 640, validRows: 197, testRows: 290))
        #expect(r.confusion.matrix.joined().reduce(0, +) == 290 && r.folds == nil)
        // The JSON a user gets.
        let json = try EvaluationText.json(evaluation, algorithm: .logistic, seed: 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let predictions = try #require(object["predictions"] as? [[String: Any]])
        #expect(predictions.count == 290 && predictions.allSatisfy { $0["fold"] as? String == "test" })
        #expect(predictions.first.map { Set($0.keys) } == ["file", "label", "genre", "probabilities", "fold"])
        #expect(json.contains("\"test_accuracy\" : \(163.0 / 290.0),"), "test_accuracy must print as 163 / 290 does")
        #expect((object["calibration"] as? [String: Any])?["bins"] as? Int == 15)
    }

    @Test func kFoldPredictionsCoverEveryRowOnceAndGiveTheMeanAccuracy() throws {
        let data = try ModelFileTests.tinyDataset()
        let evaluation = try Evaluation.run(data, algorithm: .knn, scheme: .kFold(folds: 7), seed: 2)
        let r = evaluation.report
        #expect(r.predictions.count == data.count && Set(r.predictions.map(\.file)) == Set(data.names))
        #expect(r.meanAccuracy == Self.accuracy(r.predictions) && r.testAccuracy == nil)
        for p in r.predictions {
            guard case .index(let f) = p.fold else { Issue.record("fold \(p.fold)"); continue }
            #expect(r.folds?[p.file] == f)
            #expect(abs(p.probabilities.values.reduce(0, +) - 1) < 1e-9)
            #expect(p.genre == p.probabilities.max { $0.value < $1.value }?.key)
        }
        // Repeated hold-out: one prediction per row and repeat.
        let holdout = try Evaluation.run(data, algorithm: .logistic, scheme: .holdout(testFraction: 0.25, repeats: 3), seed: 2)
        #expect(holdout.report.predictions.count == 45 && holdout.report.meanAccuracy == Self.accuracy(holdout.report.predictions))
    }

    @Test func aSeparateTestSetIsScoredOnce() throws {
        let data = try ModelFileTests.tinyDataset()
        let train = data.subset(Array(0..<40)), test = data.subset(Array(40..<60))
        let evaluation = try Evaluation.run(training: train, test: test, testSource: "test.csv", algorithm: .logistic, seed: 1)
        #expect(evaluation.report.predictions.map(\.file) == test.names)
        #expect(evaluation.report.testAccuracy == Self.accuracy(evaluation.report.predictions))
        #expect(evaluation.testSet?.trainRows == 40 && evaluation.testSet?.testRows == 20)
    }

    @Test func splitEntriesSelectEveryRowOfTheirRecording() throws {
        let names = ["blues.00001.0.wav", "blues.00001.1.wav", "jazz/jazz.00002.0.wav", "rock.00003.wav", "rock.00004.wav"]
        let rows = try FixedSplit(train: ["blues.00001.wav", "rock.00003.wav"], valid: ["jazz.00002.wav"], test: ["rock.00004.wav"])
            .rows(names: names)
        #expect(rows.train == [0, 1, 3] && rows.valid == [2] && rows.test == [4])
        #expect(throws: FixedSplitError.self) { try FixedSplit(train: ["blues.00001.wav"], test: ["nope.00009.wav"]).rows(names: names) }
        #expect(throws: FixedSplitError.self) { try FixedSplit(train: ["rock.00003.wav"], test: ["rock.00003.wav"]).rows(names: names) }
        // A damaged split file is one clear problem naming it.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("genre-test-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("{\"train\": [1, 2]}".utf8).write(to: url)
        #expect(throws: DatasetError.self) { try FixedSplit.load(url) }
    }
}
