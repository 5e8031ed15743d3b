import ArgumentParser
import Foundation
import GenreKit

/// `genre classify`: genre probabilities, timeline, nearest tracks and novelty of recordings.
struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Say which genres recordings resemble, how strongly, where that changes, and how unfamiliar they are.",
        discussion: """
            Each recording is analysed in windows (default 30 s every 15 s, the last one aligned to the end); \
            its probabilities are the mean over windows. "nearest" lists the closest training tracks; \
            "novelty" is the share of training tracks that lie closer to their own neighbours than the \
            recording does to its nearest training tracks — past 0.99 the recording is flagged unfamiliar. \
            Exit status is 0 only if every file was classified.
            """
    )

    @Option(name: .long, help: "Model file (default: the bundled GTZAN model).")
    var model: String?

    @Option(name: .long, help: "Genres to show per recording in the table.")
    var top: Int = 3

    @Option(name: .long, help: "Analysis window in seconds.")
    var windowSeconds: Double = 30

    @Option(name: .long, help: "Seconds between window starts.")
    var hopSeconds: Double = 15

    @Option(name: .long, help: "Nearest training tracks to list.")
    var nearest: Int = 5

    @Option(name: .long, help: "Output format: table, json or csv.")
    var format: Format = .table

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
    var output: String?

    @Argument(help: "Recordings or folders of recordings.")
    var paths: [String]

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

    func run() throws {
        let (metadata, loaded) = try DefaultModel.load(model)
        if let warning = metadata.calibrationWarning { printError(warning) }
        var options = ClassifyOptions()
        options.windowSeconds = windowSeconds
        options.hopSeconds = hopSeconds
        options.nearestCount = max(0, nearest)
        let discovered = FileDiscovery.expand(paths, isWanted: Recording.isAudioFile)
        // One file: spread its windows over the cores; many files: one file per core.
        options.windowConcurrency = discovered.files.count == 1 ? ProcessInfo.processInfo.activeProcessorCount : 1
        let classifier: RecordingClassifier
        do { classifier = try RecordingClassifier(model: loaded, options: options) } catch {
            throw ValidationError("\(error)")
        }
        let outcome = runBatch(discovered) { url in try classifier.classify(url) }
        let recordings = outcome.results.map(\.value)
        let text: String
        switch format {
        case .json: text = try ClassificationText.json(model: metadata, recordings: recordings, errors: outcome.problems)
        case .csv: text = ClassificationText.csv(classes: loaded.classes, recordings: recordings)
        case .table: text = ClassificationText.table(recordings: recordings, top: top)
        }
        try emit(text, to: output)
        try finish(outcome.problems)
    }
}
