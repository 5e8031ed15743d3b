import ArgumentParser
import Catalog
import Foundation
import GenreKit

/// Where labelled training data comes from (shared by `train`, `evaluate` and `tune`).
struct TrainingOptions: ParsableArguments {
    @Option(name: .long, help: "A Kaggle-schema features CSV with a label column (e.g. features_30_sec.csv). Repeatable.")
    var features: [String] = []

    @Option(name: .long, help: "A folder with one sub-folder of recordings per genre (features are extracted and cached). Repeatable.")
    var audio: [String] = []

    @Option(name: .long, help: "A catalogue (genre index): its labelled recordings are added, with the GTZAN rows of the bundled model unless --features/--audio are given.")
    var catalog: String?

    @Option(name: .long, help: "With --catalog: train on recordings with this label only (repeatable; default: every label).")
    var label: [String] = []

    @Option(name: .long, help: "Classifier: \(Algorithm.allCases.map(\.rawValue).joined(separator: ", ")).")
    var algorithm: Algorithm = .stack

    @Option(name: .long, help: "Random seed (folds, bootstrap samples, Platt scaling); same seed, same result.")
    var seed: UInt64 = 0

    @Option(name: .long, help: ArgumentHelp(
        "Training-set augmentation: chains (the default: each row also trains as a copy degraded by a simulated recording chain, so answers follow the music rather than the chain) or none.",
        valueName: "chains|none"))
    var augment: AugmentChoice = .chains

    @Option(name: .long, help: "Feature-transfer table for --augment chains instead of the bundled one (made by bench/chains/transfer.py).")
    var chainTransfer: String?

    @Option(name: .long, help: "Degraded copies per training row with --augment chains.")
    var augmentCopies: Int = TrainingAugmentation.defaultCopies

    @Option(name: .long, help: ArgumentHelp(
        "With --augment chains: every training row, originals and copies, is played at a random gain within ±DB dB (the level-dependent features moved by their exact formulas). Default 0; measured with 12, a GTZAN clip at −3 dB still moves a probability by up to 0.25 (0.55 without), a resampled copy by up to 0.086 (0.024 without), and 10-fold CV falls to 76.6% (bench/chains/README.md).",
        valueName: "DB"))
    var augmentGain: Double = TrainingAugmentation.defaultGainDecibels

    @Option(name: .long, help: ArgumentHelp(
        "Playback level: invariant (the default: the features that scale with gain are taken relative to the recording's RMS level, so the same music at any gain gets the same answer) or absolute (the level itself is a feature: 1.4 points more 10-fold CV on GTZAN, 78.4% against 77.0% over seeds 1-3, but 3 dB of gain moves a probability by up to 0.38 on clips by unseen artists).",
        valueName: "invariant|absolute"))
    var level: LevelChoice = .invariant

    @Option(name: .long, help: ArgumentHelp(
        "With --augment chains: on (the default: the model is blind to the feature directions along which resampled copies of GTZAN clips moved, the roll-off of the band above 10 kHz that no resampler can undo) or off.",
        valueName: "on|off"))
    var formatProjection: Switch = .on

    @Option(name: .long, help: ArgumentHelp(
        "With --augment chains: on (the default: the model file also holds a narrow-band variant, trained on copies through the band-limited conditions only, which answers recordings whose content stops below 7.5 kHz) or off.",
        valueName: "on|off"))
    var narrowband: Switch = .on

    @Option(name: .long, help: ArgumentHelp(
        "With --narrowband on: the transfer table's conditions the narrow-band variant trains through, comma-separated (default: \(NarrowbandVariant.defaultConditions.joined(separator: ","))). A condition the main recipe does not draw (weight 0 in the table) is drawn with weight 1 by the variant.",
        valueName: "A,B,..."))
    var narrowbandConditions: String?

    enum AugmentChoice: String, ExpressibleByArgument, CaseIterable { case chains, none }
    enum Switch: String, ExpressibleByArgument, CaseIterable { case on, off }
    enum LevelChoice: String, ExpressibleByArgument, CaseIterable { case invariant, absolute }

    /// The robustness steps of the training recipe these options ask for.
    func augmentation() throws -> TrainingAugmentation {
        var recipe: TrainingAugmentation
        if augment == .none || augmentCopies == 0 {
            recipe = .none
        } else if let chainTransfer {
            recipe = try TrainingAugmentation.file(chainTransfer, copies: augmentCopies)
        } else {
            recipe = TrainingAugmentation.bundled
            recipe.copies = augmentCopies
        }
        recipe.levelInvariant = level == .invariant
        recipe.gainDecibels = augmentGain
        recipe.formatProjection = formatProjection == .on
        if let narrowbandConditions {
            recipe.narrowbandConditions = narrowbandConditions.split(separator: ",").map { String($0) }
            if let table = recipe.transfer, let unknown = recipe.narrowbandConditions.first(where: { name in !table.conditions.contains { $0.name == name } }) {
                throw ValidationError("--narrowband-conditions: the transfer table has no condition \(unknown)")
            }
        }
        if narrowband == .off { recipe.narrowbandConditions = [] }
        return recipe
    }

    @Option(name: .long, help: "Probability calibration: temperature (scaling fitted on out-of-fold predictions, the default) or none.")
    var calibration: Calibration = .temperature

    func validate() throws {
        if augmentCopies < 0 || augmentCopies > 10 { throw ValidationError("--augment-copies must be between 0 and 10") }
        if !(0...40).contains(augmentGain) { throw ValidationError("--augment-gain must be between 0 and 40 dB") }
        if features.isEmpty && audio.isEmpty && catalog == nil { throw ValidationError("give --features CSV, --audio DIR and/or --catalog FILE") }
        if !label.isEmpty && catalog == nil { throw ValidationError("--label selects labels of a --catalog") }
    }

    /// Loads the data; unreadable recordings are reported on stderr and training goes on without them.
    func load() throws -> TrainingData {
        var data = features.isEmpty && audio.isEmpty ? nil : try TrainingData.load(featureCSVs: features, audioFolders: audio)
        if let catalog {
            data = try CatalogTraining.trainingData(Catalog(url: URL(fileURLWithPath: catalog), create: false), base: data, only: label)
        }
        guard let data else { throw ValidationError("no training data") }
        for warning in data.warnings { printError("warning: " + warning.description) }
        for problem in data.problems { printError(problem.description) }
        return data
    }
}

extension Algorithm: ExpressibleByArgument {}
extension Calibration: ExpressibleByArgument {}
