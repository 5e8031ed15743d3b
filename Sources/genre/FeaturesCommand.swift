import ArgumentParser
import AudioIO
import Foundation
import GenreKit

/// `genre features`: the 57 GTZAN (Kaggle-schema) features of each recording, as CSV or JSON.
struct FeaturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features",
        abstract: "Extract the 57 GTZAN features (Kaggle column order) of recordings.",
        discussion: """
            Files and folders (searched recursively for audio) are processed in parallel on all cores. \
            Output columns: filename,length,chroma_stft_mean,...,mfcc20_var, where length counts samples at 22050 Hz. \
            A file that cannot be read gets one line on stderr; the others still get their rows.
            """
    )

    @Option(name: .long, help: "Cut each recording into consecutive segments of this many seconds (3 reproduces features_3_sec.csv).")
    var segmentSeconds: Double?

    @Option(name: .long, help: ArgumentHelp(
        "Resampler for recordings not at 22050 Hz: sharp (the default, flat to 10.86 kHz; a 22050 Hz file reproduces the CSV), librosa (soxr HQ, as librosa.load; rolls off from 10.07 kHz) or canonical (what classify uses: every file cut above 9.5 kHz).",
        valueName: "sharp|librosa|canonical"))
    var resample: ResamplerQuality = .sharp

    @Option(name: .long, help: "Output format: csv, json, or jsonl (one line per row as soon as its recording is done).")
    var format: OutputFormat = .csv

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
    var output: String?

    @OptionGroup var warnings: StrictOption

    @OptionGroup var sharding: ShardOption

    @Argument(help: "Recordings or folders of recordings.")
    var paths: [String]

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case csv, json, jsonl }

    func run() throws {
        let builder: FeatureTableBuilder
        do { builder = try FeatureTableBuilder(segmentSeconds: segmentSeconds, resampling: resample) } catch {
            throw ValidationError("\(error)")
        }
        let discovered = sharding.select(FileDiscovery.expand(paths, isWanted: Recording.isAudioFile))
        let lines = format != .jsonl ? nil : try output.map { try JSONLinesWriter(streamingTo: URL(fileURLWithPath: $0)) } ?? JSONLinesWriter()
        for problem in discovered.problems { lines?.write(problem) }
        let outcome = runBatch(discovered, strict: warnings.strict, onEach: { (done: BatchOutcome<[FeatureRow]>) in
            for row in done.results.flatMap(\.value) { lines?.write(line: FeatureTableFormat.jsonObject(row)) }
            for problem in done.problems { lines?.write(problem) }
        }) { url in try builder.rows(for: url) }
        if let lines {
            try lines.finish()
        } else {
            let rows = outcome.results.flatMap(\.value)
            try emit((format == .csv ? FeatureTableFormat.csv : .json).render(rows), to: output)
        }
        try finish(outcome)
    }
}

// The resampler's qualities are the option's values (sharp, librosa, canonical).
extension ResamplerQuality: ExpressibleByArgument {}
