import ArgumentParser
import Catalog
import Foundation
import GenreKit

/// `genre train`: fit a model and write it to a model file.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a genre model from feature CSVs and/or folders of labelled recordings.",
        discussion: """
            Examples:
              genre train --features ../shared/gtzan/features_30_sec.csv --model gtzan.genremodel
              genre train --features features_30_sec.csv --audio my-genres/ --model extended.genremodel
            With --audio, each sub-folder is a genre (its name is the label); features are cached, so \
            re-training only decodes new or changed recordings.
            With --catalog and no --model, the model trained on the catalogue's labels (plus GTZAN) is \
            stored in the catalogue, becomes its model, and every catalogued recording is re-classified \
            with it from its stored features:
              genre train --catalog field.sqlite
            """
    )

    @OptionGroup var data: TrainingOptions

    @Option(name: .long, help: "Where to write the model file (written atomically). Without it, --catalog keeps the model in the catalogue.")
    var model: String?

    @Option(name: .long, help: "Also report k-fold cross-validated accuracy with this many folds, of the model and of each aspect's classifier alone, and store it in the model (0: skip).")
    var cvFolds: Int = 0

    @Option(name: .long, help: "A name for the model, stored in the file.")
    var name: String?

    @Option(name: .long, help: ArgumentHelp("How window length and recording chains move the features, for the novelty detector (default: the bundled profile measured on GTZAN audio; see scripts/make-novelty-profile.py).", visibility: .hidden))
    var noveltyProfile: String?

    func validate() throws {
        if model == nil && data.catalog == nil { throw ValidationError("give --model FILE (or --catalog FILE to keep the model in the catalogue)") }
    }

    func run() throws {
        let training = try data.load()
        let set = training.dataset
        let augmentation = try data.augmentation()
        var cvAccuracy: Double?
        if cvFolds > 1 {
            let evaluation = try Evaluation.run(set, algorithm: data.algorithm, calibration: data.calibration,
                                                scheme: .kFold(folds: cvFolds), seed: data.seed, groups: training.groups,
                                                augmentation: augmentation)
            cvAccuracy = evaluation.report.meanAccuracy
            printError(String(format: "%d-fold cross-validated accuracy: %.4f ± %.4f", cvFolds, evaluation.report.meanAccuracy, evaluation.report.stdAccuracy))
        }
        let start = Date()
        let profile = try noveltyProfile.map { try NoveltyProfile.read(from: URL(fileURLWithPath: $0)) } ?? NoveltyProfile.bundled
        var trained = try GenreModel.train(set, algorithm: data.algorithm, seed: data.seed, calibration: data.calibration,
                                           augmentation: augmentation, noveltyProfile: profile)
        if trained.novelty == nil { printError("note: too few rows to calibrate the novelty detector; the model falls back to nearest-neighbour novelty") }
        if cvFolds > 1, trained.aspects != nil {
            try trained.aspects?.crossValidate(set, folds: cvFolds, seed: data.seed, groups: training.groups, augmentation: augmentation)
            for m in trained.aspects?.models ?? [] {
                printError(String(format: "%@ alone (%d columns): %d-fold cross-validated accuracy %.4f", m.aspect.rawValue,
                                  m.columns.count, cvFolds, m.cvAccuracy ?? Double.nan))
            }
        }
        let elapsed = Date().timeIntervalSince(start)
        let summary = String(format: "trained %@ on %d rows, %d genres (%@) in %.1f s", data.algorithm.rawValue, set.count,
                             set.classes.count, set.classes.joined(separator: ", "), elapsed)
        if let model {
            let url = URL(fileURLWithPath: model)
            try trained.write(to: url, name: name ?? url.deletingPathExtension().lastPathComponent, trainingData: set, cvAccuracy: cvAccuracy,
                              augmentation: augmentation)
            print(summary + " -> " + model)
        } else if let catalog = data.catalog {
            print(summary)
            let store = try Catalog(url: URL(fileURLWithPath: catalog), create: false)
            let outcome = try CatalogTraining.adopt(trained, name: name ?? "personal", trainingData: set, cvAccuracy: cvAccuracy,
                                                    augmentation: augmentation, into: store)
            for problem in outcome.problems { printError(problem.description) }
            print("re-classified \(outcome.reclassified) recording\(outcome.reclassified == 1 ? "" : "s") in \(catalog) with the new model")
            if !outcome.succeeded { throw ExitCode(1) }
        }
        if !training.problems.isEmpty { throw ExitCode(1) }  // already reported by load()
    }
}
