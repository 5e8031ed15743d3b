import Features
import Foundation
import Learning

/// The labelled data `genre train` and `genre evaluate` learn from: Kaggle-schema feature CSVs
/// (with a `label` column) and folders of recordings (one sub-folder per genre), merged into one
/// dataset — so a user can add a genre of their own recordings to the GTZAN features.
public struct TrainingData: Sendable {
    public var dataset: Dataset
    /// One group per row: rows of one group (segments of one track) never straddle train and test.
    public var groups: [String]
    /// Recordings that could not be used (the rest still train).
    public var problems: [FileProblem]
    /// Recordings used despite a warning (audio salvaged from a damaged file).
    public var warnings: [FileWarning]

    public init(dataset: Dataset, groups: [String], problems: [FileProblem], warnings: [FileWarning] = []) {
        self.dataset = dataset
        self.groups = groups
        self.problems = problems
        self.warnings = warnings
    }

    public static func load(featureCSVs: [String], audioFolders: [String], cache: FeatureCache = FeatureCache()) throws -> TrainingData {
        guard !featureCSVs.isEmpty || !audioFolders.isEmpty else {
            throw FileProblem(file: "input", message: "give --features CSV and/or --audio DIR")
        }
        var merged: Dataset?
        var groups: [String] = []
        var problems: [FileProblem] = []
        var warnings: [FileWarning] = []
        func add(_ data: Dataset, _ rowGroups: [String]) throws {
            merged = try merged.map { try $0.merging(data) } ?? data
            groups += rowGroups
        }
        for path in featureCSVs {
            do {
                let data = try Dataset.loadCSV(URL(fileURLWithPath: path), featureNames: audioFolders.isEmpty ? nil : KaggleSchema.featureNames)
                try add(data, data.groups)
            } catch let problem as FileProblem { throw problem } catch {
                throw FileProblem(file: path, error: error)
            }
        }
        for folder in audioFolders {
            let (data, rowGroups, folderProblems, folderWarnings) = try AudioDataset.load(URL(fileURLWithPath: folder), cache: cache)
            problems += folderProblems
            warnings += folderWarnings
            do { try add(data, rowGroups) } catch { throw FileProblem(file: folder, message: "\(error)") }
        }
        guard let dataset = merged else { throw FileProblem(file: "input", message: "no training data") }
        guard dataset.classes.count >= 2 else {
            throw FileProblem(file: (featureCSVs + audioFolders).joined(separator: ", "), message: "training needs at least two genres, found \(dataset.classes.count)")
        }
        return TrainingData(dataset: dataset, groups: groups, problems: problems, warnings: warnings)
    }
}
