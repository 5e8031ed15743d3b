import Foundation
import GenreKit
import Learning

/// `genre index`: brings a catalogue up to date with the recordings under some paths.
///
/// - A file whose path, size and modification time are catalogued, and whose recording was
///   classified by the catalogue's model, is unchanged: nothing is read.
/// - Any other file is hashed (SHA-256, its content key: `ContentKey`). Known content (a moved,
///   renamed or copied file) is linked without analysis; content classified by another model is
///   re-classified from its stored window features; new content is decoded and analysed.
/// - An unchanged file whose recording still has an XXH64 key (a catalogue from before SHA-256)
///   is hashed once, and the recording re-keyed with everything it holds; a file moved before
///   that run is analysed, and takes over the old recording's labels when its window features
///   are the old ones (`Catalog.legacyRecording`).
/// - Catalogued files under the given paths that are no longer there are marked missing.
/// - Files are analysed in parallel, and each file's outcome (analysis, link or error) is one
///   transaction, so a run killed at any point loses at most the files in flight, and the next
///   run continues from there.
public struct Indexer: Sendable {
    /// What the stored features depend on: the 57 Kaggle features of 30-s windows every 15 s
    /// (`ClassifyOptions` defaults). Recordings analysed under another version are analysed again.
    /// v2: window starts on the 512-sample STFT grid (shared frames) and a tail of up to 3 s
    /// lengthening the last window instead of an end-aligned near-copy.
    public static let analysisVersion = "kaggle57/window30/hop15/v2"

    public let catalog: Catalog
    /// A model file, or nil for the catalogue's own model.
    public var modelPath: String?
    /// Draw a progress bar (default: when stderr is a terminal).
    public var progress: Bool = isatty(STDERR_FILENO) == 1
    /// Told (recordings done, recordings to do) as a run or a re-classification goes on.
    public var observer: (@Sendable (_ done: Int, _ total: Int) -> Void)?
    /// Files analysed at once (default: one per core).
    public var concurrency: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Only this share of the files (`--shard K/N`, the rule of `Shard`); nil for all. Files of
    /// other shards are neither indexed nor marked missing.
    public var shard: Shard?

    public init(catalog: Catalog, modelPath: String? = nil) {
        self.catalog = catalog
        self.modelPath = modelPath
    }

    enum Plan: Sendable {
        /// Unknown path, or changed size or time: hash, then link, re-classify or analyse.
        /// `legacy`: the XXH64 key of the recording an unchanged file holds, to re-key.
        case examine(FoundFile, legacy: String? = nil)
        /// Unchanged file whose recording was classified by another model.
        case reclassify(FoundFile, recordingID: String)
    }

    enum Outcome: Sendable {
        case indexed, reclassified, recognised
        /// An unchanged file's recording given its SHA-256 key (and re-classified, when its model was another).
        case rekeyed(reclassified: Bool)
        case failed(FileProblem)
    }

    /// Indexes the recordings under `paths` (files, and folders searched recursively).
    public func run(_ paths: [String]) throws -> IndexSummary {
        let model = try CatalogModel.resolve(modelPath, in: catalog)
        let scan = FileScan.scan(paths, shard: shard)
        let known = try catalog.knownFiles()
        var summary = IndexSummary()
        var plans: [Plan] = []
        for file in scan.files {
            guard let old = known[file.path], old.status == "present", old.size == file.size, old.mtimeNs == file.mtimeNs,
                  let recording = old.recordingID, old.analysis == Self.analysisVersion else {
                plans.append(.examine(file))
                continue
            }
            if ContentKey.isLegacy(recording) {
                plans.append(.examine(file, legacy: recording))
            } else if old.modelID == model.id { summary.unchanged += 1 } else { plans.append(.reclassify(file, recordingID: recording)) }
        }
        let found = Set(scan.files.map(\.path))
        let vanished = known.values.filter { file in
            guard file.status != "missing", !found.contains(file.path),
                  let root = scan.roots.first(where: { FileScan.isUnder(file.path, root: $0) }) else { return false }
            // A file of another shard is not this run's to miss.
            return shard?.contains(FileScan.relativePath(file.path, root: root)) ?? true
        }.map(\.path).sorted()
        try catalog.markMissing(vanished)
        summary.missing = vanished.count

        // The model is read only when there is something to classify (a re-run of an unchanged
        // collection stays fast), and recorded the first time it is used.
        let explicit = modelPath != nil
        let unrecorded = explicit ? try !catalog.hasModel(model.id) : false
        if !plans.isEmpty || unrecorded {
            let (metadata, loaded) = try model.load()
            try model.adopt(in: catalog, metadata: metadata)
            let run = try catalog.beginRun(roots: scan.roots, modelID: model.id)
            var options = ClassifyOptions()
            // One file: its windows spread over the cores; many files: one file per core.
            options.windowConcurrency = plans.count == 1 ? concurrency : 1
            let classifier = try RecordingClassifier(model: loaded, options: options)
            let legacy = try catalog.hasLegacyKeys()
            let bar = ProgressBar(total: plans.count, label: "recordings", enabled: progress, observer: observer)
            let outcomes = parallelMap(plans, maxConcurrency: concurrency) { plan -> Outcome in
                defer { bar.advance() }
                return work(plan, classifier: classifier, modelID: model.id, legacyKeys: legacy)
            }
            bar.finish()
            for outcome in outcomes { summary.count(outcome) }
            summary.problems = scan.problems + summary.problems
            summary.recordings = try catalog.presentRecordingCount()
            try catalog.finishRun(run, summary)
        } else {
            if explicit { try catalog.setSetting(CatalogModel.settingKey, model.file == nil ? CatalogModel.defaultName : model.id) }
            summary.problems = scan.problems
            summary.recordings = try catalog.presentRecordingCount()
        }
        summary.failed += scan.problems.count
        return summary
    }

    /// Re-classifies every catalogued recording that the model (`modelPath`, or the catalogue's
    /// own) did not classify, from the stored window features: no file is read. The model
    /// becomes the catalogue's model. `problems` names recordings (by file) that failed.
    public func reclassifyCatalogue() throws -> IndexSummary {
        let model = try CatalogModel.resolve(modelPath, in: catalog)
        let (metadata, loaded) = try model.load()
        try model.adopt(in: catalog, metadata: metadata)
        var options = ClassifyOptions()
        options.windowConcurrency = 1
        let classifier = try RecordingClassifier(model: loaded, options: options)
        let pending = try catalog.recordings(notClassifiedBy: model.id)
        let bar = ProgressBar(total: pending.count, label: "recordings", enabled: progress, observer: observer)
        let outcomes = parallelMap(pending, maxConcurrency: concurrency) { item -> Outcome in
            defer { bar.advance() }
            do {
                try reclassify(item.id, file: nil, classifier: classifier, modelID: model.id)
                return .reclassified
            } catch {
                return .failed(FileProblem(file: item.path ?? item.id, message: "\(error)"))
            }
        }
        bar.finish()
        var summary = IndexSummary()
        for outcome in outcomes { summary.count(outcome) }
        summary.recordings = try catalog.presentRecordingCount()
        return summary
    }

    /// One file's work; never throws (a failure is recorded in the catalogue and returned).
    /// `legacyKeys`: whether the catalogue held XXH64 keys when the run began.
    func work(_ plan: Plan, classifier: RecordingClassifier, modelID: String, legacyKeys: Bool = false) -> Outcome {
        let file: FoundFile
        switch plan {
        case .examine(let f, _): file = f
        case .reclassify(let f, _): file = f
        }
        do {
            switch plan {
            case .reclassify(_, let id):
                try reclassify(id, file: file, classifier: classifier, modelID: modelID)
                return .reclassified
            case .examine(_, let legacy):
                let (id, size) = try ContentKey.file(file.url)
                var current = file
                current.size = size
                if let legacy {
                    try catalog.rekey(legacy, to: id)
                    guard let state = try catalog.recordingState(id), state.modelID != modelID else { return .rekeyed(reclassified: false) }
                    try reclassify(id, file: current, classifier: classifier, modelID: modelID)
                    return .rekeyed(reclassified: true)
                }
                if let state = try catalog.recordingState(id), state.analysis == Self.analysisVersion {
                    guard state.size == size else {
                        throw FileProblem(file: file.path, message: "its content key \(id) is already used by a recording of \(state.size) bytes (a hash collision); not indexed")
                    }
                    if state.modelID == modelID {
                        try catalog.link(current, to: id)
                        return .recognised
                    }
                    try reclassify(id, file: current, classifier: classifier, modelID: modelID)
                    return .reclassified
                }
                let analysis = try analyse(current, id: id, classifier: classifier, modelID: modelID)
                if legacyKeys, let old = try catalog.legacyRecording(size: size, totalSamples: analysis.totalSamples, features: analysis.features) {
                    try catalog.rekey(old, to: id)
                }
                try catalog.store(analysis, file: current)
                return .indexed
            }
        } catch {
            let problem = error as? FileProblem ?? FileProblem(file: file.path, message: "\(error)")
            do { try catalog.storeFailure(file, problem: problem) } catch {
                return .failed(FileProblem(file: file.path, message: problem.message + " (and the catalogue could not record it: \(error))"))
            }
            return .failed(problem)
        }
    }

    /// Decodes and classifies a file.
    func analyse(_ file: FoundFile, id: String, classifier: RecordingClassifier, modelID: String) throws -> StoredAnalysis {
        let (result, features, narrowband) = try classifier.classifyWithAllFeatures(file.url)
        // The result's segments are the windows, in seconds of exact sample positions.
        let windows = result.segments.map { samples($0.startSeconds)..<samples($0.endSeconds) }
        let json = try ClassificationText.encoder().encode(result)
        return StoredAnalysis(id: id, size: file.size, modelID: modelID, totalSamples: samples(result.durationSeconds),
                              result: result, json: String(decoding: json, as: UTF8.self), extras: ResultExtras(json: json),
                              windows: windows, features: features, narrowbandFeatures: narrowband)
    }

    /// Re-classifies a catalogued recording from its stored window features. Fields the model
    /// does not compute from features (anything the stored result has that the new one lacks,
    /// e.g. recording condition or embedded metadata) are kept from the stored result.
    /// `file` nil: the recording alone, its files untouched.
    func reclassify(_ id: String, file: FoundFile?, classifier: RecordingClassifier, modelID: String) throws {
        guard let stored = try catalog.storedWindows(id), stored.features.rows > 0 else {
            // Nothing to re-classify from: analyse the file afresh.
            guard let file else { throw FileProblem(file: id, message: "recording has no stored windows to re-classify") }
            return try catalog.store(analyse(file, id: id, classifier: classifier, modelID: modelID), file: file)
        }
        let previous = try? JSONDecoder().decode(FileField.self, from: Data(stored.json.utf8))
        // The stored condition's bandwidth chooses the model's pipeline, as classifying the file would.
        let result = classifier.result(file: file?.path ?? previous?.file ?? id, windows: stored.windows, features: stored.features,
                                       totalSamples: stored.totalSamples, bandwidthHz: previous?.condition?.bandwidthHz,
                                       narrowbandFeatures: stored.narrowbandFeatures)
        let fresh = try ClassificationText.encoder().encode(result)
        let json = try Self.keepingFields(of: Data(stored.json.utf8), in: fresh)
        try catalog.store(StoredAnalysis(id: id, size: file?.size ?? stored.size, modelID: modelID, totalSamples: stored.totalSamples, result: result,
                                         json: String(decoding: json, as: UTF8.self), extras: ResultExtras(json: json),
                                         windows: stored.windows, features: stored.features,
                                         narrowbandFeatures: stored.narrowbandFeatures), file: file)
    }

    private struct FileField: Decodable {
        var file: String
        var condition: Bandwidth?
        struct Bandwidth: Decodable {
            var bandwidthHz: Double?
            enum CodingKeys: String, CodingKey { case bandwidthHz = "bandwidth_hz" }
        }
    }

    /// `fresh` with every top-level field of `old` that `fresh` lacks.
    static func keepingFields(of old: Data, in fresh: Data) throws -> Data {
        guard var new = try JSONSerialization.jsonObject(with: fresh) as? [String: Any],
              let previous = try? JSONSerialization.jsonObject(with: old) as? [String: Any] else { return fresh }
        for (key, value) in previous where new[key] == nil { new[key] = value }
        return try JSONSerialization.data(withJSONObject: new, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    func samples(_ seconds: Double) -> Int { Int((seconds * Recording.sampleRate).rounded()) }
}

/// What an index run did.
public struct IndexSummary: Sendable, CustomStringConvertible {
    /// Recordings decoded and analysed.
    public var indexed = 0
    /// Recordings re-classified with a new model from their stored features.
    public var reclassified = 0
    /// Files whose content was already catalogued (moved, renamed or copied).
    public var recognised = 0
    /// Recordings whose XXH64 key (from an older genre) was replaced by their SHA-256; their
    /// files also count as unchanged (or re-classified).
    public var rekeyed = 0
    /// Files left alone.
    public var unchanged = 0
    /// Files (and paths) that could not be indexed.
    public var failed = 0
    /// Catalogued files no longer found.
    public var missing = 0
    /// Recordings in the catalogue with a file on disk, after the run.
    public var recordings = 0
    /// One per failed file or path, naming it.
    public var problems: [FileProblem] = []

    public var succeeded: Bool { failed == 0 }

    mutating func count(_ outcome: Indexer.Outcome) {
        switch outcome {
        case .indexed: indexed += 1
        case .reclassified: reclassified += 1
        case .recognised: recognised += 1
        case .rekeyed(let reclassified):
            rekeyed += 1
            if reclassified { self.reclassified += 1 } else { unchanged += 1 }
        case .failed(let problem): failed += 1; problems.append(problem)
        }
    }

    /// "indexed 12, unchanged 988, failed 1 (3 moved or copied, 2 missing); 1002 recordings in the catalogue"
    public var description: String {
        var extra: [String] = []
        if reclassified > 0 { extra.append("\(reclassified) re-classified") }
        if recognised > 0 { extra.append("\(recognised) moved or copied") }
        if missing > 0 { extra.append("\(missing) missing") }
        if rekeyed > 0 { extra.append("\(rekeyed) content key\(rekeyed == 1 ? "" : "s") upgraded to SHA-256") }
        return "indexed \(indexed), unchanged \(unchanged), failed \(failed)" + (extra.isEmpty ? "" : " (" + extra.joined(separator: ", ") + ")")
            + "; \(recordings) recording\(recordings == 1 ? "" : "s") in the catalogue"
    }
}
