import Foundation

/// The model `genre classify` uses when no `--model` is given: the default algorithm trained on
/// GTZAN's features_30_sec.csv, shipped as a package resource. Regenerate it with
/// `scripts/make-default-model.sh` (see README).
public enum DefaultModel {
    public static let resourceName = "default"
    public static let resourceExtension = "genremodel"

    public static var url: URL? {
        Bundle.module.url(forResource: resourceName, withExtension: resourceExtension)
    }

    /// Loads a model file, or the bundled default when `path` is nil.
    public static func load(_ path: String?) throws -> (metadata: ModelMetadataView, model: GenreModel) {
        let url: URL
        if let path { url = URL(fileURLWithPath: path) } else {
            guard let bundled = Self.url else {
                throw FileProblem(file: "default model", message: "not found in the package resources; pass --model FILE")
            }
            url = bundled
        }
        let (metadata, model) = try GenreModel.read(from: url)
        return (ModelMetadataView(name: metadata.name, version: metadata.formatVersion, algorithm: metadata.algorithm,
                                  classes: metadata.classes, cvAccuracy: metadata.cvAccuracy, createdBy: metadata.createdBy,
                                  calibrated: model.isCalibrated), model)
    }
}

/// What a classification output says about the model used.
public struct ModelMetadataView: Sendable, Codable {
    public var name: String
    public var version: Int
    public var algorithm: String
    public var classes: [String]
    public var cvAccuracy: Double?
    public var createdBy: String
    /// Whether the model's probabilities are calibrated (see `GenreModel.isCalibrated`).
    public var calibrated: Bool
    enum CodingKeys: String, CodingKey {
        case name, version, algorithm, classes, cvAccuracy = "cv_accuracy", createdBy = "created_by", calibrated
    }

    /// A warning for models whose probabilities are not calibrated, nil for calibrated ones.
    public var calibrationWarning: String? {
        calibrated ? nil : "warning: model '\(name)' (format \(version)) has uncalibrated probabilities; "
            + "retrain it with this version's genre train to calibrate them"
    }
}
