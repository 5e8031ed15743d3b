import ArgumentParser
import Foundation
import GenreKit

/// `genre report`: one self-contained HTML report on recordings.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML report (spectrograms, probabilities, timeline, nearest tracks, novelty, features) on recordings.",
        discussion: "The file has no external links (images are inline), opens from disk in any browser and prints."
    )

    @Argument(help: "Recordings or folders of recordings.")
    var paths: [String]

    @Option(name: .shortAndLong, help: "The HTML file to write (atomically).")
    var output: String

    @Option(name: .long, help: "Model file (default: the bundled GTZAN model).")
    var model: String?

    @OptionGroup var warnings: StrictOption

    func run() throws {
        let (metadata, loaded) = try DefaultModel.load(model)
        if let warning = metadata.calibrationWarning { printError(warning) }
        var options = ClassifyOptions()
        options.windowConcurrency = 1
        let page = RecordingReportPage(classifier: try RecordingClassifier(model: loaded, options: options), modelName: metadata.name)
        let outcome = runBatch(paths, strict: warnings.strict) { url in
            let entry = try page.entry(for: url)
            return Warned(entry, warnings: entry.result.warnings)
        }
        try AtomicFile.write(try page.html(outcome.results.map(\.value), problems: outcome.problems), to: URL(fileURLWithPath: output))
        print("wrote \(output): \(outcome.results.count) recording\(outcome.results.count == 1 ? "" : "s")")
        try finish(outcome)
    }
}
