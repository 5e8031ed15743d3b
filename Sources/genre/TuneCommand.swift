import ArgumentParser
import Foundation
import GenreKit
import Learning

/// `genre tune`: grid search over an algorithm's hyper-parameters with cross-validation.
struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Grid-search an algorithm's hyper-parameters with k-fold cross-validation and print the scores.",
        discussion: "Every candidate is scored on the same folds, best first."
    )

    @OptionGroup var data: TrainingOptions

    @Option(name: .long, help: "Number of cross-validation folds.")
    var folds: Int = 10

    func run() throws {
        let training = try data.load()
        let set = training.dataset
        let groupAware = Set(training.groups).count < training.groups.count
        let splits = groupAware
            ? try StratifiedGroupKFold(folds: folds, seed: data.seed).splits(labels: set.labels, groups: training.groups)
            : try StratifiedKFold(folds: folds, seed: data.seed).splits(labels: set.labels)
        let candidates = TuningGrid.candidates(data.algorithm, featureNames: set.featureNames, seed: data.seed)
        let rows = try gridSearch(candidates, x: set.x, labels: set.labels, classCount: set.classes.count, splits: splits)
        print("\(data.algorithm.rawValue), \(folds)-fold CV, seed \(data.seed)")
        print("mean    std     candidate")
        for row in rows { print(String(format: "%.4f  %.4f  %@", row.meanAccuracy, row.stdAccuracy, row.label)) }
    }
}
