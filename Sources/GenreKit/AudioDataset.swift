import AudioIO
import Features
import Foundation
import Learning

/// Labelled training data from a folder of recordings: one sub-folder per genre (its name is the
/// label), any supported audio format, any length. Each recording gives one row per 30-second
/// window (consecutive, not overlapping; a shorter recording gives one row of what there is),
/// named `GENRE/FILE.K.EXT`; the recording (`GENRE/FILE.EXT`) is each row's group, so group k-fold
/// keeps a recording's windows together.
public enum AudioDataset {
    /// Extracts (or reads from the cache) the features of every recording under `directory`.
    /// Returns the dataset of the recordings that worked, one problem per file that did not, and
    /// the warnings of files whose audio was salvaged.
    public static func load(_ directory: URL, cache: FeatureCache = FeatureCache(),
                            windowSeconds: Double = 30) throws -> (data: Dataset, groups: [String], problems: [FileProblem], warnings: [FileWarning]) {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw FileProblem(file: directory.path, message: "not a folder (expected one sub-folder of recordings per genre)")
        }
        let genres = ((try? fm.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { !$0.hasPrefix(".") }
            .filter { var d: ObjCBool = false; return fm.fileExists(atPath: directory.appendingPathComponent($0).path, isDirectory: &d) && d.boolValue }
            .sorted()
        guard !genres.isEmpty else {
            throw FileProblem(file: directory.path, message: "holds no genre sub-folders (expected e.g. \(directory.lastPathComponent)/irish/*.wav)")
        }
        let window = Int((windowSeconds * Recording.sampleRate).rounded())
        // The resampler is part of the key: a cache filled before it changed must not be reused.
        // Training rows from audio are made as `genre classify` makes its windows' features.
        let quality = ClassifyOptions().resampling
        let settings = "kaggle57|window=\(window)|resample=\(quality.rawValue)"
        let builder = try FeatureTableBuilder()
        var jobs: [(genre: String, url: URL)] = []
        for genre in genres {
            let found = FileDiscovery.expand([directory.appendingPathComponent(genre).path], isWanted: Recording.isAudioFile)
            jobs += found.files.map { (genre, $0) }
        }
        let outcome = runBatch(FileDiscovery.Result(files: jobs.map(\.url), problems: []), label: "recordings",
                               strict: false) { url -> Warned<[FeatureRow]> in
            if let cached = cache.rows(for: url, settings: settings) { return Warned(cached) }
            let decoded = try Recording.load(url, quality: quality)
            let signal = decoded.value
            let plan = WindowPlan(window: window, hop: window)
            let ranges = plan.windows(total: signal.count)
            let stem = (url.lastPathComponent as NSString).deletingPathExtension
            let ext = url.pathExtension
            let rows = try ranges.enumerated().map { k, range in
                let name = ranges.count == 1 ? url.lastPathComponent : "\(stem).\(k).\(ext)"
                var row = try builder.rows(signal: Array(signal[range]), filename: name, file: url.path)[0]
                    .requiringFinite(file: url.path, startSeconds: Double(range.lowerBound) / Recording.sampleRate)
                row.length = range.count
                return row
            }
            // A salvaged file is not cached, so its warnings are repeated on every run until it is mended.
            if decoded.warnings.isEmpty { cache.store(rows, for: url, settings: settings) }
            return Warned(rows, warnings: decoded.warnings)
        }
        let genreOfPath = Dictionary(jobs.map { ($0.url.path, $0.genre) }, uniquingKeysWith: { a, _ in a })
        var names: [String] = [], values: [Double] = [], labelNames: [String] = [], groups: [String] = []
        for (url, rows) in outcome.results {
            let genre = genreOfPath[url.path] ?? url.deletingLastPathComponent().lastPathComponent
            for row in rows {
                names.append("\(genre)/\(row.filename)")
                values += row.features
                labelNames.append(genre)
                groups.append("\(genre)/\(url.lastPathComponent)")
            }
        }
        guard !names.isEmpty else {
            throw FileProblem(file: directory.path, message: "no recording in it could be read")
        }
        let classes = Array(Set(labelNames)).sorted()
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let data = try Dataset(names: names, featureNames: KaggleSchema.featureNames,
                               x: Matrix(rows: names.count, columns: KaggleSchema.featureCount, values: values),
                               labels: labelNames.map { index[$0]! }, classes: classes)
        return (data, groups, outcome.problems, outcome.warnings)
    }
}
