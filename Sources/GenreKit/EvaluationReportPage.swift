import Foundation
import Graphics
import Learning

/// The HTML report of `genre evaluate --report`: accuracy (cross-validated, or on a fixed split's
/// test rows), confusion matrix, per-class scores, a reliability diagram, train vs test accuracy
/// per fold, and scatter plots of feature pairs coloured by genre.
public enum EvaluationReportPage {
    /// The seed notebook's two plots.
    public static let defaultPairs = [("spectral_centroid_mean", "rolloff_mean"), ("spectral_centroid_mean", "mfcc2_mean")]

    /// Parses "A,B" into a feature pair.
    public static func parsePair(_ text: String) throws -> (String, String) {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw FileProblem(file: "--scatter", message: "expected two feature names as A,B, got '\(text)'")
        }
        return (parts[0], parts[1])
    }

    public static func html(_ evaluation: Evaluation, data: Dataset, algorithm: Algorithm,
                            scatterPairs: [(String, String)]) throws -> String {
        let r = evaluation.report
        let classes = r.confusion.classes
        var doc = HTMLDocument(title: "Genre model evaluation",
                               subtitle: (evaluation.testSet.map { "\(algorithm.rawValue) fitted on \($0.trainRows) rows, tested on \($0.testRows)" }
                                         ?? "\(algorithm.rawValue) on \(data.count) rows") + ", \(classes.count) genres — genre \(GenreVersion.current)")
        doc.section("Summary", id: "summary")
        let calibration = r.calibration
        if let t = evaluation.testSet, let accuracy = r.testAccuracy {
            doc.table(header: ["", "value"], rows: [
                ["test accuracy (\(t.testRows) rows: \(t.source))", String(format: "%.2f%%", 100 * accuracy)],
                ["fitted on", t.validRows > 0 ? "\(t.trainRows) rows (train + \(t.validRows) valid)" : "\(t.trainRows) rows"],
                ["training accuracy (resubstitution)", String(format: "%.2f%%", 100 * r.trainAccuracyMean)],
                ["macro F1", String(format: "%.3f", r.macro.f1)],
                ["expected calibration error (\(calibration.bins) bins)", String(format: "%.4f", calibration.ece)],
                ["log loss", String(format: "%.4f", calibration.logLoss)],
            ], numericColumns: [1])
            doc.paragraph("One fit, tested once on rows it never saw. On an artist-filtered split such as GTZAN's "
                + "fault-filtered one, no test artist is in the training rows, so this is the accuracy to expect "
                + "on recordings by new artists.")
        } else {
            doc.table(header: ["", "value"], rows: [
                ["test (all \(r.predictions.count) out-of-fold predictions, \(r.foldAccuracies.count) splits)",
                 String(format: "%.2f%% ± %.2f", 100 * r.meanAccuracy, 100 * r.stdAccuracy)],
                ["training (same splits)", String(format: "%.2f%%", 100 * r.trainAccuracyMean)],
                ["macro F1", String(format: "%.3f", r.macro.f1)],
                ["expected calibration error (\(calibration.bins) bins)", String(format: "%.4f", calibration.ece)],
                ["log loss", String(format: "%.4f", calibration.logLoss)],
            ], numericColumns: [1])
        }
        doc.paragraph("A large gap between training and test accuracy means the model memorises its training rows.")
        doc.section("Confusion matrix", id: "confusion")
        doc.svg(try SVGChart.confusionMatrix(counts: r.confusion.matrix, labels: classes,
                                             title: evaluation.testSet == nil ? "Out-of-fold predictions" : "Test predictions"))
        doc.section("Per-class scores", id: "per-class")
        doc.table(header: ["genre", "precision", "recall", "F1", "support"], rows: classes.compactMap { c in
            r.perClass[c].map { [c, String(format: "%.3f", $0.precision), String(format: "%.3f", $0.recall), String(format: "%.3f", $0.f1), "\($0.support)"] }
        } + [["macro", String(format: "%.3f", r.macro.precision), String(format: "%.3f", r.macro.recall), String(format: "%.3f", r.macro.f1), ""]],
                  numericColumns: [1, 2, 3, 4])
        doc.section("Calibration", id: "calibration")
        doc.svg(try SVGChart.reliability(
            bins: calibration.reliability.map { ReliabilityBar(lower: $0.lower, upper: $0.upper, count: $0.count,
                                                                confidence: $0.confidence, accuracy: $0.accuracy) },
            title: String(format: "Reliability of the top probability (ECE %.3f)", calibration.ece)))
        doc.paragraph("Each bar is one range of the top probability: its height is how often the top genre was right. "
            + "On the diagonal, a probability of 70% is right 70% of the time; bars below it mean over-confidence. "
            + "The expected calibration error is the gap averaged over predictions.")
        if evaluation.testSet == nil {
            doc.section("Accuracy per fold", id: "folds")
            doc.svg(try SVGChart.folds(series: [ChartSeries(name: "test", values: r.foldAccuracies),
                                                ChartSeries(name: "training", values: evaluation.result.trainAccuracies)],
                                       title: "Test and training accuracy per split"))
        }
        doc.section("Feature scatter plots", id: "scatter")
        for (a, b) in scatterPairs {
            guard let ia = data.featureNames.firstIndex(of: a), let ib = data.featureNames.firstIndex(of: b) else {
                throw FileProblem(file: "--scatter", message: "unknown feature '\(data.featureNames.contains(a) ? b : a)'")
            }
            let points = (0..<data.count).map { ScatterPoint(x: data.x[$0, ia], y: data.x[$0, ib], category: data.labels[$0]) }
            doc.svg(try SVGChart.scatter(points: points, categories: data.classes, title: "\(a) vs \(b)", xTitle: a, yTitle: b))
        }
        return doc.render()
    }

    public static func write(_ evaluation: Evaluation, data: Dataset, algorithm: Algorithm,
                             scatterPairs: [(String, String)], to url: URL) throws {
        try AtomicFile.write(html(evaluation, data: data, algorithm: algorithm, scatterPairs: scatterPairs), to: url)
    }
}
