import Foundation
import Testing
import Features
import Learning
import TestSupport
@testable import GenreKit

/// "The whole audio path loses nothing": a model trained on features_30_sec.csv without the
/// clips in ../shared/gtzan/audio classifies those clips' audio exactly as it classifies their
/// published CSV rows. (bench/holdout compares the same accuracy with scikit-learn peers.)
@Suite struct AudioPathTests {
    @Test func audioAndPublishedFeaturesGiveTheSameGenres() throws {
        guard GTZAN.available else { print("skipped: \(GTZAN.skipMessage)"); return }
        let all = try Dataset.loadCSV(GTZAN.root.appendingPathComponent("features_30_sec.csv"))
        let clips = GTZAN.clips()
        let held = Set(clips.map(\.lastPathComponent))
        let trainRows = (0..<all.count).filter { !held.contains(all.names[$0]) }
        let testRows = (0..<all.count).filter { held.contains(all.names[$0]) }
        #expect(testRows.count == clips.count)
        let model = try GenreModel.train(all.subset(trainRows), algorithm: .svm, seed: 1)
        let fromCSV = model.pipeline.predict(all.x.selectingRows(testRows))
        let classifier = try RecordingClassifier(model: model)
        var agree = 0, audioCorrect = 0, csvCorrect = 0
        for (k, row) in testRows.enumerated() {
            let url = clips.first { $0.lastPathComponent == all.names[row] }!
            let result = try classifier.classify(url)
            let truth = all.classes[all.labels[row]]
            if result.genre == all.classes[fromCSV[k]] { agree += 1 }
            if result.genre == truth { audioCorrect += 1 }
            if all.classes[fromCSV[k]] == truth { csvCorrect += 1 }
        }
        print("held-out clips: audio path \(audioCorrect)/\(testRows.count), published features \(csvCorrect)/\(testRows.count), same genre on \(agree)")
        #expect(agree == testRows.count)
        #expect(audioCorrect == csvCorrect)
    }
}
