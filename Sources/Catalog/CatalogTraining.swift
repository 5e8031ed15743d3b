import Features
import Foundation
import GenreKit
import Learning

/// Training data from a catalogue: the user's labels, plus GTZAN, for `genre train --catalog`.
///
/// Every window of a labelled recording is one row, labelled with the label (a recording with
/// several labels gives its windows to each). Rows are named `LABEL/STEM.K.EXT` like the rows of
/// `genre train --audio`, and grouped by recording, so cross-validation never splits one
/// recording's windows between training and test. A label that is a GTZAN genre adds to it.
public enum CatalogTraining {
    /// The labelled rows merged with `base` (e.g. `--features features_30_sec.csv`); without a
    /// base, with the GTZAN rows the bundled model was trained on (`GenreModel.trainingRows`).
    /// - Parameter only: the labels to train on (all when empty).
    public static func trainingData(_ catalog: Catalog, base: TrainingData?, only: [String] = []) throws -> TrainingData {
        let windows = try catalog.labelledWindows().filter { only.isEmpty || only.contains($0.label) }
        guard !windows.isEmpty else {
            throw FileProblem(file: catalog.url.path, message: only.isEmpty
                ? "no recording in the catalogue has a label yet (add labels in genre serve, then train)"
                : "no recording has the label\(only.count == 1 ? "" : "s") \(only.joined(separator: ", "))")
        }
        let perRecording = Dictionary(grouping: windows, by: { "\($0.label)\u{0}\($0.recordingID)" }).mapValues(\.count)
        var names: [String] = [], values: [Double] = [], labelNames: [String] = [], groups: [String] = []
        for w in windows {
            let url = URL(fileURLWithPath: w.file)
            let stem = url.deletingPathExtension().lastPathComponent, ext = url.pathExtension
            let single = perRecording["\(w.label)\u{0}\(w.recordingID)"] == 1
            names.append("\(w.label)/" + (single ? url.lastPathComponent : "\(stem).\(w.position).\(ext)"))
            values += w.features
            labelNames.append(w.label)
            groups.append("catalog:\(w.recordingID)")
        }
        let classes = Array(Set(labelNames)).sorted()
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let own = try Dataset(names: names, featureNames: KaggleSchema.featureNames,
                              x: Matrix(rows: names.count, columns: KaggleSchema.featureCount, values: values),
                              labels: labelNames.map { index[$0]! }, classes: classes)
        let start: TrainingData
        if let base { start = base } else {
            let gtzan = try DefaultModel.load(nil).model.trainingRows()
            start = TrainingData(dataset: gtzan, groups: gtzan.groups, problems: [])
        }
        let merged: Dataset
        do { merged = try start.dataset.merging(own) } catch {
            throw FileProblem(file: catalog.url.path, message: "cannot join the labelled recordings to the other training data: \(error)")
        }
        return TrainingData(dataset: merged, groups: start.groups + groups, problems: start.problems, warnings: start.warnings)
    }

    /// Stores a model trained from the catalogue in it, makes it the catalogue's model, and
    /// re-classifies every recording with it from the stored window features.
    public static func adopt(_ model: GenreModel, name: String, trainingData: Dataset, cvAccuracy: Double?,
                             augmentation: TrainingAugmentation = .bundled, into catalog: Catalog,
                             progress: Bool = isatty(STDERR_FILENO) == 1,
                             observer: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) throws -> IndexSummary {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("genre-personal-\(UUID().uuidString).genremodel")
        defer { try? FileManager.default.removeItem(at: file) }
        try model.write(to: file, name: name, trainingData: trainingData, cvAccuracy: cvAccuracy, augmentation: augmentation)
        var indexer = Indexer(catalog: catalog, modelPath: file.path)
        indexer.progress = progress
        indexer.observer = observer
        return try indexer.reclassifyCatalogue()
    }

    /// Makes the bundled default the catalogue's model again and re-classifies every recording with it.
    public static func revertToDefault(_ catalog: Catalog, progress: Bool = isatty(STDERR_FILENO) == 1,
                                       observer: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) throws -> IndexSummary {
        try catalog.setSetting(CatalogModel.settingKey, CatalogModel.defaultName)
        var indexer = Indexer(catalog: catalog)
        indexer.progress = progress
        indexer.observer = observer
        return try indexer.reclassifyCatalogue()
    }
}
