import Features
import Foundation
import Learning

/// A trained genre model: the pipeline (transforms + classifier), its classes and feature
/// names, and the reference set for nearest tracks and novelty. Stored in a `ModelEnvelope`
/// (versioned, checksummed, self-describing) file.
public struct GenreModel: Sendable, Codable {
    public var featureNames: [String]
    public var classes: [String]
    public var algorithm: Algorithm
    public var pipeline: Pipeline<AnyClassifier>
    public var reference: ReferenceSet
    /// Each feature's spread over the training set (raw values), so reports can show where a
    /// recording's value lies; nil in models that did not record it.
    public var featureRanges: [FeatureRange]?

    /// Trains on a labelled dataset.
    public static func train(_ data: Dataset, algorithm: Algorithm = .stack, seed: UInt64 = 0) throws -> GenreModel {
        var pipeline = algorithm.pipeline(featureNames: data.featureNames, seed: seed)
        try pipeline.fit(data.x, labels: data.labels, classCount: data.classes.count)
        let reference = ReferenceSet(names: data.names, labels: data.labels, vectors: pipeline.transformed(data.x))
        let ranges = (0..<data.x.columns).map { FeatureRange(data.x.column($0)) }
        return GenreModel(featureNames: data.featureNames, classes: data.classes, algorithm: algorithm,
                          pipeline: pipeline, reference: reference, featureRanges: ranges)
    }

    /// Class probabilities of feature rows (in `featureNames` order).
    public func probabilities(_ x: Matrix) -> Matrix { pipeline.predictProbabilities(x) }

    /// The rows the model was trained on, recovered from its reference set (the training rows
    /// after the transforms) by inverting the transforms: for the bundled model, the GTZAN
    /// rows, so a personal model can be trained on them without features_30_sec.csv at hand.
    public func trainingRows() throws -> Dataset {
        try Dataset(names: reference.names, featureNames: featureNames, x: pipeline.inverseTransformed(reference.vectors),
                    labels: reference.labels, classes: classes)
    }

    // MARK: files

    /// Writes the model (atomically) with a self-description.
    public func write(to url: URL, name: String, trainingData: Dataset, cvAccuracy: Double?) throws {
        let metadata = ModelMetadata(
            formatVersion: ModelEnvelope<GenreModel>.currentFormatVersion, name: name,
            createdBy: "genre \(GenreVersion.current)", featureNames: featureNames, classes: classes,
            algorithm: algorithm.rawValue, hyperParameters: algorithm.hyperParameterSummary,
            trainingFingerprint: ModelEnvelope<GenreModel>.fingerprint(x: trainingData.x, labels: trainingData.labels),
            cvAccuracy: cvAccuracy)
        do { try ModelEnvelope<GenreModel>.write(self, metadata: metadata, to: url) } catch {
            throw FileProblem(file: url.path, error: error)
        }
    }

    /// Reads and checks a model file: a damaged, edited, truncated or newer-format file, or one
    /// whose contents disagree with its description, is a clear `FileProblem` naming the file.
    public static func read(from url: URL) throws -> (metadata: ModelMetadata, model: GenreModel) {
        let metadata: ModelMetadata, model: GenreModel
        do { (metadata, model) = try ModelEnvelope<GenreModel>.read(from: url) } catch let error as ModelFileError {
            throw FileProblem(file: url.path, error: error)
        } catch {
            throw FileProblem(file: url.path, message: "not a usable model file (\(error))")
        }
        guard metadata.featureNames == model.featureNames, metadata.classes == model.classes,
              model.reference.vectors.columns == model.featureNames.count,
              model.reference.labels.allSatisfy({ $0 >= 0 && $0 < model.classes.count }) else {
            throw FileProblem(file: url.path, message: "model file is inconsistent (description and contents disagree)")
        }
        return (metadata, model)
    }

    /// Checks that this model can read rows with `names` columns (e.g. a features CSV).
    public func checkFeatures(_ names: [String], source: String) throws {
        guard names == featureNames else {
            let missing = featureNames.filter { !names.contains($0) }
            throw FileProblem(file: source, message: missing.isEmpty
                ? "features are in a different order than the model expects"
                : "the model needs features this input lacks: \(missing.prefix(5).joined(separator: ", "))")
        }
    }
}

/// The tool's version, written into model files and reports.
public enum GenreVersion {
    public static let current = "0.1.0"
}

/// The spread of one feature over the training set: minimum, 5th, 50th and 95th percentiles, maximum.
public struct FeatureRange: Sendable, Codable, Equatable {
    public var min: Double, p5: Double, median: Double, p95: Double, max: Double

    public init(_ values: [Double]) {
        let s = values.filter(\.isFinite).sorted()
        min = s.first ?? .nan; p5 = quantile(sorted: s, 0.05); median = quantile(sorted: s, 0.5)
        p95 = quantile(sorted: s, 0.95); max = s.last ?? .nan
    }

    /// Where `value` lies: "below the training range", "low", "typical", "high" or "above the training range".
    public func verdict(_ value: Double) -> String {
        if value < min { return "below training range" }
        if value > max { return "above training range" }
        if value < p5 { return "low" }
        if value > p95 { return "high" }
        return "typical"
    }
}
