import ArgumentParser
import GenreKit

/// Where labelled training data comes from (shared by `train`, `evaluate` and `tune`).
struct TrainingOptions: ParsableArguments {
    @Option(name: .long, help: "A Kaggle-schema features CSV with a label column (e.g. features_30_sec.csv). Repeatable.")
    var features: [String] = []

    @Option(name: .long, help: "A folder with one sub-folder of recordings per genre (features are extracted and cached). Repeatable.")
    var audio: [String] = []

    @Option(name: .long, help: "Classifier: \(Algorithm.allCases.map(\.rawValue).joined(separator: ", ")).")
    var algorithm: Algorithm = .stack

    @Option(name: .long, help: "Random seed (folds, bootstrap samples, Platt scaling); same seed, same result.")
    var seed: UInt64 = 0

    @Option(name: .long, help: "Probability calibration: temperature (scaling fitted on out-of-fold predictions, the default) or none.")
    var calibration: Calibration = .temperature

    func validate() throws {
        if features.isEmpty && audio.isEmpty { throw ValidationError("give --features CSV and/or --audio DIR") }
    }

    /// Loads the data; unreadable recordings are reported on stderr and training goes on without them.
    func load() throws -> TrainingData {
        let data = try TrainingData.load(featureCSVs: features, audioFolders: audio)
        for problem in data.problems { printError(problem.description) }
        return data
    }
}

extension Algorithm: ExpressibleByArgument {}
extension Calibration: ExpressibleByArgument {}
