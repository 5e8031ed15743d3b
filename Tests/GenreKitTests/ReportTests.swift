import AudioIO
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import Learning
import Features
import Graphics
import TestSupport
@testable import GenreKit

/// The HTML report and the spectrogram figure.
@Suite(.serialized) struct ReportTests {
    /// librosa.power_to_db(librosa.feature.melspectrogram(y=y, sr=22050), ref=np.max) of
    /// blues.00000.wav (128 x 1293), computed once with librosa 0.11: (band, frame, dB).
    static let librosaLogMel: [(Int, Int, Double)] = [
        (0, 0, -33.945587158203125), (5, 100, -33.03174591064453), (20, 500, -41.15610122680664),
        (64, 640, -44.133514404296875), (100, 1000, -48.37030029296875), (127, 1292, -78.16908264160156),
        (40, 1292, -39.413814544677734), (10, 3, -37.788116455078125),
    ]

    @Test func spectrogramMatchesLibrosaLogMel() throws {
        guard GTZAN.available else { print("skipped: \(GTZAN.skipMessage)"); return }
        let image = try SpectrogramFigure.image(of: GTZAN.root.appendingPathComponent("audio/blues/blues.00000.wav"))
        #expect(image.decibels.binCount == 128 && image.decibels.frameCount == 1293)
        for (band, frame, db) in Self.librosaLogMel {
            #expect(abs(image.decibels[band, frame] - db) < 0.1, "band \(band) frame \(frame): \(image.decibels[band, frame]) vs \(db)")
        }
        let png = try SpectrogramFigure.png(image)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

    @Test func reportHasEverySectionEveryGenreAndNoRemoteURL() throws {
        guard GTZAN.available else { print("skipped: \(GTZAN.skipMessage)"); return }
        let (metadata, model) = try DefaultModel.load(nil)
        var options = ClassifyOptions()
        options.windowConcurrency = 1
        let page = RecordingReportPage(classifier: try RecordingClassifier(model: model, options: options), modelName: metadata.name)
        let clips = ["audio/jazz/jazz.00002.wav", "audio/metal/metal.00000.wav"].map { GTZAN.root.appendingPathComponent($0) }
        let outcome = runBatch(clips.map(\.path) + [GTZAN.root.appendingPathComponent("bad/jazz.00054.wav").path]) { try page.entry(for: $0) }
        let html = try page.html(outcome.results.map(\.value), problems: outcome.problems)
        // Well-formed: the document parses as XML.
        let parser = XMLParser(data: Data(html.replacingOccurrences(of: "<!DOCTYPE html>", with: "").utf8))
        #expect(parser.parse(), "report HTML does not parse: \(parser.parserError.map { "\($0)" } ?? "")")
        for heading in ["Summary", "jazz.00002.wav", "metal.00000.wav", "Log-mel spectrogram", "Genre over time",
                        "Genre probabilities", "Novelty", "Nearest training tracks", "Features beside the training set",
                        "Recording condition", "integrated loudness (BS.1770)", "What the answer rests on"] {
            #expect(html.contains(heading), "missing section \(heading)")
        }
        for genre in model.classes { #expect(html.contains(">\(genre)<"), "genre \(genre) missing") }
        // A genre's probability bar has the colour of its timeline blocks and legend: tab10's entry at the
        // genre's index in the model's classes (metal is 6th from 0: pink), not one colour for every bar.
        let metal = try #require(model.classes.firstIndex(of: "metal"))
        #expect(html.contains("fill=\"\(Palette.color(metal).hexString)\"><title>metal: "), "metal's bar is not in metal's colour")
        #expect(html.contains("jazz.00054.wav"), "the unreadable file is listed")
        #expect(html.contains("data:image/png;base64,"))
        // XML namespace names are identifiers, not loads; nothing else may point off the page.
        let withoutNamespaces = html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
            .replacingOccurrences(of: "http://www.w3.org/1999/xlink", with: "")
            .replacingOccurrences(of: "http://www.w3.org/1999/xhtml", with: "")
        #expect(!withoutNamespaces.contains("http://") && !withoutNamespaces.contains("https://"), "remote URL in report")
        #expect(!html.contains("<script"), "script in report")
    }

    @Test func evaluationReportHasItsSections() throws {
        let data = try ModelFileTests.tinyDataset()
        let evaluation = try Evaluation.run(data, algorithm: .logistic, scheme: .kFold(folds: 3), seed: 1)
        let html = try EvaluationReportPage.html(evaluation, data: data, algorithm: .logistic, scatterPairs: [("a_mean", "b_mean")])
        for heading in ["Summary", "Confusion matrix", "Per-class scores", "Calibration", "Reliability of the top probability",
                        "Accuracy per fold", "Feature scatter plots", "a_mean vs b_mean"] {
            #expect(html.contains(heading), "missing \(heading)")
        }
        // A fixed split's page shows its test accuracy and what trained, and no per-fold chart.
        let split = FixedSplit(train: (0..<40).map { "t\($0).wav" }, valid: (40..<45).map { "t\($0).wav" },
                               test: (45..<60).map { "t\($0).wav" })
        let fixed = try Evaluation.run(data, algorithm: .logistic, scheme: .fixedSplit(split, source: "split.json"), seed: 1)
        let page = try EvaluationReportPage.html(fixed, data: data, algorithm: .logistic, scatterPairs: [])
        #expect(page.contains("test accuracy (15 rows: the split") && page.contains("45 rows (train + 5 valid)"))
        #expect(page.contains("Reliability of the top probability") && !page.contains("Accuracy per fold"))
        for genre in data.classes { #expect(html.contains(">\(genre)<")) }
        #expect(!html.contains("https://") && !html.contains("<script"))
        #expect(throws: FileProblem.self) {
            try EvaluationReportPage.html(evaluation, data: data, algorithm: .logistic, scatterPairs: [("a_mean", "nope")])
        }
    }
}
