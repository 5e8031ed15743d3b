import Features
import Foundation
import Learning

/// One side of the music the 57 GTZAN features describe, so an answer can say what its evidence
/// is: "rhythmically closest to reggae; timbrally closest to blues".
public enum Aspect: String, CaseIterable, Codable, Sendable {
    /// MFCC 1–20, spectral centroid, bandwidth and roll-off, zero-crossing rate (48 columns).
    case timbre
    /// chroma_stft (2 columns).
    case harmony
    /// RMS, harmonic and percussive energy (HPSS) (6 columns).
    case dynamics
    /// The beat tracker's tempo (1 column).
    case rhythm

    /// The aspect a Kaggle-schema column belongs to (nil for columns outside the schema).
    public static func of(feature name: String) -> Aspect? {
        if name.hasPrefix("mfcc") || name.hasPrefix("spectral_") || name.hasPrefix("rolloff") || name.hasPrefix("zero_crossing_rate") {
            return .timbre
        }
        if name.hasPrefix("chroma_stft") { return .harmony }
        if name.hasPrefix("rms_") || name.hasPrefix("harmony_") || name.hasPrefix("perceptr_") { return .dynamics }
        if name == "tempo" { return .rhythm }
        return nil
    }

    /// "timbrally", "harmonically", "in dynamics", "rhythmically".
    public var adverb: String {
        switch self {
        case .timbre: return "timbrally"
        case .harmony: return "harmonically"
        case .dynamics: return "in dynamics"
        case .rhythm: return "rhythmically"
        }
    }

    /// What the aspect's columns measure, in words.
    public var contents: String {
        switch self {
        case .timbre: return "MFCC 1–20, spectral centroid, bandwidth and roll-off, zero-crossing rate"
        case .harmony: return "chroma (mean and variance of the 12 pitch classes' energy)"
        case .dynamics: return "RMS level, harmonic and percussive energy"
        case .rhythm: return "tempo (one number)"
        }
    }
}

/// A classifier that sees one aspect's columns only.
public struct AspectModel: Sendable, Codable {
    public var aspect: Aspect
    /// Its columns, by name, in the parent model's feature order.
    public var columns: [String]
    /// Their indices in the parent model's features.
    public var columnIndices: [Int]
    public var pipeline: Pipeline<AnyClassifier>
    /// k-fold cross-validated accuracy on the training rows (`genre train --cv-folds K`), if measured.
    public var cvAccuracy: Double?
    public var cvFolds: Int?

    enum CodingKeys: String, CodingKey {
        case aspect, columns, columnIndices = "column_indices", pipeline, cvAccuracy = "cv_accuracy", cvFolds = "cv_folds"
    }
}

/// The per-aspect classifiers of a `GenreModel` (stored in the model file under "aspects"):
/// for each aspect, the same kind of classifier as `algorithm` trained on that aspect's columns
/// alone, so each can name the genre closest by that aspect and how clearly.
///
/// Versioned on its own (`formatVersion`): a model file whose aspect models are newer than this
/// program is refused with a clear message; a model file from before aspect models existed loads
/// without them (the output then has no "aspects").
public struct AspectModels: Sendable, Codable {
    /// The newest layout this code writes and reads.
    public static let formatVersion = 1
    /// The classifier used for every aspect: an RBF SVM (C 10, Platt probabilities). Chosen on
    /// 10-fold CV of features_30_sec.csv against logistic regression and k-NN: it is best or
    /// level on every aspect, and the only one of the three that gets anything out of tempo
    /// alone (20% against 12–13%), where a linear model cannot carve one number into ten genres.
    public static let algorithm = Algorithm.svm

    public var version: Int
    public var algorithm: Algorithm
    public var models: [AspectModel]

    enum CodingKeys: String, CodingKey { case version, algorithm, models }

    public init(version: Int = Self.formatVersion, algorithm: Algorithm = Self.algorithm, models: [AspectModel]) {
        self.version = version; self.algorithm = algorithm; self.models = models
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        guard version <= Self.formatVersion else { throw AspectModelsVersionError(found: version) }
        algorithm = try c.decode(Algorithm.self, forKey: .algorithm)
        models = try c.decode([AspectModel].self, forKey: .models)
    }

    /// Fits one classifier per aspect on `data`'s columns of that aspect (aspects with no
    /// columns in `data` are left out); nil when `data` has none of the schema's columns.
    /// - Parameter augmentation: the main model's training recipe (`GenreModel.train`): the
    ///   degraded copies are made from whole rows (the transfer table knows all 57 columns), then
    ///   each aspect takes its columns, so the aspect models are as robust to chains as the main one.
    public static func train(_ data: Dataset, seed: UInt64, augmentation: TrainingAugmentation = .none) throws -> AspectModels? {
        let augment = augmentation.augmentation(for: data.featureNames, seed: seed)
        let (x, labels) = augment.map { a -> (Matrix, [Int]) in let r = a.augment(data.x, labels: data.labels); return (r.x, r.labels) }
            ?? (data.x, data.labels)
        var models: [AspectModel] = []
        for aspect in Aspect.allCases {
            guard let indices = Self.columns(of: aspect, in: data.featureNames, levelInvariant: augmentation.levelInvariant) else { continue }
            let names = indices.map { data.featureNames[$0] }
            var pipeline = augmentation.robust(algorithm.pipeline(featureNames: names, seed: seed), featureNames: names)
            try pipeline.fit(x.selectingColumns(indices), labels: labels, classCount: data.classes.count)
            models.append(AspectModel(aspect: aspect, columns: indices.map { data.featureNames[$0] }, columnIndices: indices,
                                      pipeline: pipeline, cvAccuracy: nil, cvFolds: nil))
        }
        return models.isEmpty ? nil : AspectModels(models: models)
    }

    /// Measures each aspect model's k-fold cross-validated accuracy on `data` (the rows it was
    /// trained on; the folds of `genre evaluate`, group-aware, training folds augmented as in
    /// `train`, test folds never) and stores it with the model.
    public mutating func crossValidate(_ data: Dataset, folds: Int, seed: UInt64, groups: [String]? = nil,
                                       augmentation: TrainingAugmentation = .none) throws {
        let (splits, _) = try Evaluation.splits(data, scheme: .kFold(folds: folds), seed: seed, groups: groups)
        let augment = augmentation.augmentation(for: data.featureNames, seed: seed)
        for i in models.indices {
            let columns = models[i].columnIndices, names = models[i].columns, algorithm = self.algorithm
            let result = try Learning.crossValidate({
                Augmented(ColumnSubset(columns: columns, inner: augmentation.robust(algorithm.pipeline(featureNames: names, seed: seed),
                                                                                    featureNames: names)),
                          augmentation: augment)
            }, x: data.x, labels: data.labels, classCount: data.classes.count, splits: splits)
            models[i].cvAccuracy = result.meanAccuracy
            models[i].cvFolds = folds
        }
    }

    /// Indices of `aspect`'s columns among `featureNames`; nil when there are none. With
    /// `levelInvariant`, an aspect with a column that scales with playback level but without the
    /// level itself (timbre: `mfcc1_mean`) also takes `rms_mean`, as the reference
    /// `LevelNormalization` divides by; the step then zeroes it, so it is no evidence of its own.
    static func columns(of aspect: Aspect, in featureNames: [String], levelInvariant: Bool = false) -> [Int]? {
        var indices = featureNames.indices.filter { Aspect.of(feature: featureNames[$0]) == aspect }
        guard !indices.isEmpty else { return nil }
        let scaled = LevelNormalization.squaredNames.union(LevelNormalization.linearNames).union(LevelNormalization.decibelNames)
        if levelInvariant, let level = featureNames.firstIndex(of: LevelNormalization.levelName), !indices.contains(level),
           indices.contains(where: { scaled.contains(featureNames[$0]) }) {
            indices = (indices + [level]).sorted()
        }
        return indices
    }

    /// Each aspect's verdict on a recording: the mean over its window rows (`features`, in the
    /// parent model's column order) of the aspect model's probabilities.
    public func results(_ features: Matrix, classes: [String]) -> [String: AspectResult] {
        var out: [String: AspectResult] = [:]
        for model in models where model.columnIndices.allSatisfy({ $0 < features.columns }) && features.rows > 0 {
            let p = model.pipeline.predictProbabilities(features.selectingColumns(model.columnIndices))
            var mean = p.columnMeans()
            let total = mean.reduce(0, +)
            if total > 0 { mean = mean.map { $0 / total } }
            out[model.aspect.rawValue] = AspectResult(classes: classes, probabilities: mean, cvAccuracy: model.cvAccuracy)
        }
        return out
    }
}

/// A classifier that sees some columns only: `fit` and `predictProbabilities` take whole rows
/// and hand `inner` the columns at `columns` (so an aspect model can sit inside `Augmented`,
/// whose degraded copies need the whole rows).
struct ColumnSubset<C: Classifier>: Classifier {
    var columns: [Int]
    var inner: C

    mutating func fit(_ x: Matrix, labels: [Int], classCount: Int) throws {
        try inner.fit(x.selectingColumns(columns), labels: labels, classCount: classCount)
    }

    func predictProbabilities(_ x: Matrix) -> Matrix { inner.predictProbabilities(x.selectingColumns(columns)) }
}

/// A model file whose aspect models use a newer layout than this program reads.
public struct AspectModelsVersionError: Error, CustomStringConvertible {
    public var found: Int
    public var description: String {
        "its per-aspect models are format \(found), newer than this program reads (\(AspectModels.formatVersion)); upgrade genre"
    }
}

/// One aspect's verdict in a classification result (JSON under "aspects").
public struct AspectResult: Sendable, Codable, Equatable {
    /// The closest genre by this aspect alone.
    public var genre: String
    public var probabilities: [String: Double]
    /// Probability of `genre` minus that of the runner-up: how clearly this aspect points there.
    public var margin: Double
    /// How often this aspect alone names the right genre in cross-validation on the training
    /// data (null when not measured): how much weight its verdict deserves.
    public var cvAccuracy: Double?

    enum CodingKeys: String, CodingKey { case genre, probabilities, margin, cvAccuracy = "cv_accuracy" }

    public init(classes: [String], probabilities p: [Double], cvAccuracy: Double?) {
        let order = p.indices.sorted { (p[$0], $1) > (p[$1], $0) }
        genre = classes[order.first ?? 0]
        probabilities = Dictionary(uniqueKeysWithValues: zip(classes, p))
        margin = order.count > 1 ? p[order[0]] - p[order[1]] : 1
        self.cvAccuracy = cvAccuracy
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(genre, forKey: .genre)
        try c.encode(probabilities, forKey: .probabilities)
        try c.encode(margin, forKey: .margin)
        try c.encode(cvAccuracy, forKey: .cvAccuracy)
    }
}
