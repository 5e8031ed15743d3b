import ArgumentParser
import Foundation
import GenreKit
import Learning

/// `genre evaluate`: cross-validated accuracy of an algorithm, as a table or JSON.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Cross-validate a classifier: accuracy per fold, per class, confusion matrix.",
        discussion: """
            Stratified k-fold by default; when rows are segments of tracks (NAME.K.wav) the folds keep \
            each track's segments together. --test-fraction with --repeats runs repeated random hold-out \
            splits instead (the seed notebook's protocol). The JSON's "folds" maps every filename to its \
            test fold so other libraries can be scored on exactly the same folds (bench/peers/peers.py).
            """
    )

    @OptionGroup var data: TrainingOptions

    @Option(name: .long, help: "Number of cross-validation folds.")
    var folds: Int = 10

    @Option(name: .long, help: "Hold-out test fraction (use with --repeats) instead of k-fold.")
    var testFraction: Double?

    @Option(name: .long, help: "Number of repeated hold-out splits (with --test-fraction).")
    var repeats: Int = 20

    @Option(name: .long, help: "Output format: table or json.")
    var format: ReportFormat = .table

    @Option(name: .long, help: "Also write an HTML report (confusion matrix, per-class scores, folds, scatter plots).")
    var report: String?

    @Option(name: .long, help: "Feature pairs for the report's scatter plots, as A,B (repeatable).")
    var scatter: [String] = []

    enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

    func validate() throws {
        if folds < 2 { throw ValidationError("--folds must be at least 2") }
        if let f = testFraction, !(f > 0 && f < 1) { throw ValidationError("--test-fraction must lie between 0 and 1") }
        if repeats < 1 { throw ValidationError("--repeats must be at least 1") }
    }

    func run() throws {
        let training = try data.load()
        let scheme: EvaluationScheme = testFraction.map { .holdout(testFraction: $0, repeats: repeats) } ?? .kFold(folds: folds)
        let evaluation = try Evaluation.run(training.dataset, algorithm: data.algorithm, scheme: scheme, seed: data.seed,
                                            groups: training.groups, augmentation: try data.augmentation())
        switch format {
        case .json: print(try EvaluationText.json(evaluation, algorithm: data.algorithm, seed: data.seed))
        case .table: print(EvaluationText.table(evaluation, algorithm: data.algorithm))
        }
        if let report {
            let pairs = try scatter.map { try EvaluationReportPage.parsePair($0) }
            try EvaluationReportPage.write(evaluation, data: training.dataset, algorithm: data.algorithm,
                                           scatterPairs: pairs.isEmpty ? EvaluationReportPage.defaultPairs : pairs,
                                           to: URL(fileURLWithPath: report))
        }
    }
}
