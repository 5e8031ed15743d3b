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
        let rows = try TuningGrid.search(try data.load(), algorithm: data.algorithm, folds: folds, seed: data.seed)
        print("\(data.algorithm.rawValue), \(folds)-fold CV, seed \(data.seed)")
        print("mean    std     candidate")
        for row in rows { print(String(format: "%.4f  %.4f  %@", row.meanAccuracy, row.stdAccuracy, row.label)) }
    }
}
