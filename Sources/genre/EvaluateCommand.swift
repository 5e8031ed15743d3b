import ArgumentParser
import Foundation
import GenreKit
import Learning

/// `genre evaluate`: cross-validated (or fixed-split) accuracy of an algorithm, as a table or JSON.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a classifier: accuracy per fold or on a fixed split, per class, confusion matrix, calibration.",
        discussion: """
            Stratified k-fold by default; when rows are segments of tracks (NAME.K.wav) the folds keep \
            each track's segments together. --test-fraction with --repeats runs repeated random hold-out \
            splits instead (the seed notebook's protocol). The JSON's "folds" maps every filename to its \
            test fold so other libraries can be scored on exactly the same folds (bench/peers/peers.py).

            --split FILE.json evaluates once on a published split such as \
            ../shared/gtzan/splits/fault-filtered.json ({"train": [...], "valid": [...], "test": [...]} of \
            file names; a segment or window row follows its recording). The model is fitted on the train \
            and valid rows together and tested on the test rows: valid is merged into training, not used \
            for tuning or early stopping, because the algorithms' hyper-parameters are fixed (the default's \
            were chosen on the fault-filtered train+valid rows only; see bench/README.md) and each model \
            fits its own stacking weights and calibration on inner folds of its training rows. \
            --test-features CSV trains on all of --features/--audio and tests on that CSV's rows.

            The JSON of every protocol has "predictions": one entry per test row, out of fold \
            ({"file", "label", "genre", "probabilities", "fold"}; "fold" is "test" for a split), whose \
            accuracy is exactly "mean_accuracy" (correct test predictions / test predictions); a split \
            or test set adds "test_accuracy". "calibration" gives the expected calibration error over 15 \
            equal-width bins of the top probability, the log loss and the reliability diagram's bins.
            """
    )

    @OptionGroup var data: TrainingOptions

    @Option(name: .long, help: "Number of cross-validation folds.")
    var folds: Int = 10

    @Option(name: .long, help: "Hold-out test fraction (use with --repeats) instead of k-fold.")
    var testFraction: Double?

    @Option(name: .long, help: "Number of repeated hold-out splits (with --test-fraction).")
    var repeats: Int = 20

    @Option(name: .long, help: "A split file (JSON lists train, optional valid, test of file names): fit on train+valid, test once on test.")
    var split: String?

    @Option(name: .long, help: "A Kaggle-schema features CSV to test on, after fitting on all of --features/--audio.")
    var testFeatures: String?

    @Option(name: .long, help: "Output format: table or json.")
    var format: ReportFormat = .table

    @Option(name: .long, help: "Also write an HTML report (accuracy, confusion matrix, per-class scores, reliability diagram, folds, scatter plots).")
    var report: String?

    @Option(name: .long, help: "Feature pairs for the report's scatter plots, as A,B (repeatable).")
    var scatter: [String] = []

    enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

    func validate() throws {
        if folds < 2 { throw ValidationError("--folds must be at least 2") }
        if let f = testFraction, !(f > 0 && f < 1) { throw ValidationError("--test-fraction must lie between 0 and 1") }
        if repeats < 1 { throw ValidationError("--repeats must be at least 1") }
        if [split != nil, testFeatures != nil, testFraction != nil].filter({ $0 }).count > 1 {
            throw ValidationError("give at most one of --split, --test-features and --test-fraction")
        }
    }

    func run() throws {
        let training = try data.load()
        let augmentation = try data.augmentation()
        let evaluation: Evaluation
        if let testFeatures {
            let test: Dataset
            do { test = try Dataset.loadCSV(URL(fileURLWithPath: testFeatures)) } catch { throw FileProblem(file: testFeatures, error: error) }
            evaluation = try Evaluation.run(training: training.dataset, test: test, testSource: testFeatures,
                                            algorithm: data.algorithm, calibration: data.calibration, seed: data.seed,
                                            augmentation: augmentation)
        } else {
            let scheme: EvaluationScheme
            if let split {
                do { scheme = .fixedSplit(try FixedSplit.load(URL(fileURLWithPath: split)), source: split) } catch { throw FileProblem(file: split, error: error) }
            } else {
                scheme = testFraction.map { .holdout(testFraction: $0, repeats: repeats) } ?? .kFold(folds: folds)
            }
            evaluation = try Evaluation.run(training.dataset, algorithm: data.algorithm, calibration: data.calibration,
                                            scheme: scheme, seed: data.seed, groups: training.groups, augmentation: augmentation)
        }
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
