import ArgumentParser
import AudioIO
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
            "novelty" is the share of held-out training windows of the same length that are less unusual \
            than the recording (Mahalanobis distance to the nearest genre, in level-invariant features); \
            past the model's threshold (3% of held-out training windows) it is flagged unfamiliar. \
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

    @Option(name: .long, help: ArgumentHelp(
        "Resampler: canonical (the default: every recording, 22050 Hz ones too, cut above 9.5 kHz, the band resamplers do not keep, so resampled copies answer alike), sharp (the full band to 10.86 kHz) or librosa (soxr HQ, as librosa.load; for comparisons only).",
        valueName: "canonical|sharp|librosa"))
    var resample: ResamplerQuality = .canonical

    @Option(name: .long, help: "Output format: table, json, csv, or jsonl (one line per recording as soon as it is done).")
    var format: Format = .table

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
    var output: String?

    @Option(name: .long, help: ArgumentHelp(
        "Also write annotation files of each recording's genre regions: audacity (NAME.txt), elan (NAME.eaf) or sonic-visualiser (NAME.csv). Repeat for several.",
        discussion: "Consecutive windows with the same genre merge into one region, labelled with the genre and its mean probability (jazz 0.71); overlapping windows split their overlap in the middle."))
    var labels: [LabelFormat] = []

    @Option(name: .long, help: ArgumentHelp(
        "The folder for --labels files (created if needed). Recordings found in a folder keep their sub-folders below it.",
        valueName: "DIR"))
    var labelsDir: String?

    @OptionGroup var warnings: StrictOption

    @OptionGroup var sharding: ShardOption

    @Argument(help: "Recordings or folders of recordings.")
    var paths: [String]

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv, jsonl }

    func validate() throws {
        if !labels.isEmpty && labelsDir == nil { throw ValidationError("--labels needs --labels-dir DIR, the folder the annotation files go to") }
        if labels.isEmpty && labelsDir != nil { throw ValidationError("--labels-dir needs --labels audacity, elan or sonic-visualiser") }
    }

    func run() throws {
        let (metadata, loaded) = try DefaultModel.load(model)
        if let warning = metadata.calibrationWarning { printError(warning) }
        var options = ClassifyOptions()
        options.windowSeconds = windowSeconds
        options.hopSeconds = hopSeconds
        options.nearestCount = max(0, nearest)
        options.resampling = resample
        let discovered = sharding.select(FileDiscovery.expand(paths, isWanted: Recording.isAudioFile))
        // One file: spread its windows over the cores; many files: one file per core.
        options.windowConcurrency = discovered.files.count == 1 ? ProcessInfo.processInfo.activeProcessorCount : 1
        let classifier: RecordingClassifier
        do { classifier = try RecordingClassifier(model: loaded, options: options) } catch {
            throw ValidationError("\(error)")
        }
        let exporter = labelsDir.map { LabelExporter(formats: labels, directory: URL(fileURLWithPath: $0), files: discovered) }
        for notice in exporter?.notices ?? [] { printError("warning: " + notice.description) }
        let lines = format != .jsonl ? nil : try output.map { try JSONLinesWriter(streamingTo: URL(fileURLWithPath: $0)) } ?? JSONLinesWriter()
        for problem in discovered.problems { lines?.write(problem) }
        let exportProblems = Collected<FileProblem>()
        // Exports and JSON lines are written as each recording is done, not at the end.
        let outcome = runBatch(discovered, strict: warnings.strict, onEach: { (done: BatchOutcome<RecordingResult>) in
            for (_, result) in done.results {
                do { try exporter?.write(result) } catch {
                    let problem = FileProblem(file: result.file, error: error)
                    exportProblems.append(problem)
                    lines?.write(problem)
                }
                lines?.write(result)
            }
            for problem in done.problems { lines?.write(problem) }
        }) { url -> Warned<RecordingResult> in
            let result = try classifier.classify(url)
            return Warned(result, warnings: result.warnings)
        }
        let recordings = outcome.results.map(\.value)
        switch format {
        case .jsonl: try lines?.finish()
        case .json: try emit(try ClassificationText.json(model: metadata, recordings: recordings, errors: outcome.problems + exportProblems.items), to: output)
        case .csv: try emit(ClassificationText.csv(classes: loaded.classes, recordings: recordings), to: output)
        case .table: try emit(ClassificationText.table(recordings: recordings, top: top), to: output)
        }
        var all = outcome
        all.problems += exportProblems.items
        try finish(all)
    }
}
