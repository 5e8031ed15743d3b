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
    /// The "unfamiliar" detector (`NoveltyDetector`); nil in model files written before it existed
    /// (they get the older nearest-neighbour verdict) or trained on too few rows to calibrate it.
    public var novelty: NoveltyDetector?
    /// One classifier per aspect (timbre, harmony, dynamics, rhythm) on that aspect's columns
    /// alone (`AspectModels`); nil in models written before they existed.
    public var aspects: AspectModels?
    /// The pipeline for band-limited recordings (`NarrowbandVariant`); nil in model files written
    /// before it existed and in models trained without it (every recording gets `pipeline`).
    public var narrowband: NarrowbandVariant?

    /// Trains on a labelled dataset: the training recipe is `augmentation`'s degraded copies of
    /// the rows (default: the bundled chain transfer, each copy kept in its source row's group),
    /// then the algorithm's calibrated pipeline. The reference set, feature ranges and novelty
    /// detector see the original rows only.
    /// - Parameter noveltyProfile: what the novelty detector knows about window length and
    ///   recording chains (default: the bundled one, measured on GTZAN audio).
    public static func train(_ data: Dataset, algorithm: Algorithm = .stack, seed: UInt64 = 0,
                             calibration: Calibration = .temperature,
                             augmentation: TrainingAugmentation = .bundled,
                             noveltyProfile: NoveltyProfile? = NoveltyProfile.bundled) throws -> GenreModel {
        var recipe = Recipe(algorithm: algorithm, calibration: calibration, augmentation: augmentation,
                            featureNames: data.featureNames, seed: seed).make()
        let groups = Self.groupIDs(data.groups)
        try recipe.fit(data.x, labels: data.labels, classCount: data.classes.count, groups: groups)
        let pipeline = recipe.inner
        let levelColumn: Int? = { if case .levelNormalization(let l)? = pipeline.transforms.first { return l.levelColumn }; return nil }()
        // What the format projection removes from the training rows, kept so trainingRows() can restore it.
        var nuisance: Matrix?
        for (step, transform) in pipeline.transforms.enumerated() {
            if case .nuisanceProjection(let projection) = transform {
                nuisance = projection.coordinates(pipeline.transforms[..<step].reduce(data.x) { $1.transform($0) })
                break
            }
        }
        let reference = ReferenceSet(names: data.names, labels: data.labels, vectors: pipeline.transformed(data.x),
                                     levels: levelColumn.map { data.x.column($0) }, nuisance: nuisance)
        let ranges = (0..<data.x.columns).map { FeatureRange(data.x.column($0)) }
        let novelty = try NoveltyDetector.fit(data.x, labels: data.labels, classCount: data.classes.count, groups: data.groups,
                                              featureNames: data.featureNames, profile: noveltyProfile)
        // The narrow-band variant: the same recipe and seed, copies through the narrow-band conditions only.
        var narrowband: NarrowbandVariant?
        if let narrowed = augmentation.narrowed(to: augmentation.narrowbandConditions) {
            var narrowRecipe = Recipe(algorithm: algorithm, calibration: calibration, augmentation: narrowed,
                                      featureNames: data.featureNames, seed: seed).make()
            try narrowRecipe.fit(data.x, labels: data.labels, classCount: data.classes.count, groups: groups)
            narrowband = NarrowbandVariant(pipeline: narrowRecipe.inner, maximumBandwidthHz: NarrowbandVariant.defaultMaximumBandwidthHz,
                                           conditions: augmentation.narrowbandConditions)
        }
        return GenreModel(featureNames: data.featureNames, classes: data.classes, algorithm: algorithm,
                          pipeline: pipeline, reference: reference, featureRanges: ranges, novelty: novelty,
                          aspects: try AspectModels.train(data, seed: seed, augmentation: augmentation), narrowband: narrowband)
    }

    /// Group names as integer ids (rows of one recording share one).
    static func groupIDs(_ names: [String]) -> [Int] {
        var ids: [String: Int] = [:]
        return names.map { name in
            if let id = ids[name] { return id }
            ids[name] = ids.count
            return ids.count - 1
        }
    }

    /// Class probabilities of feature rows (in `featureNames` order).
    public func probabilities(_ x: Matrix) -> Matrix { pipeline.predictProbabilities(x) }

    /// The calibration, for the model file's self-description.
    var calibrationSummary: [String: String] {
        guard case .calibrated(let c) = pipeline.classifier, case .temperature(let t) = c.calibrator else {
            return ["calibration": "none"]
        }
        return ["calibration": "temperature scaling on out-of-fold probabilities", "inverse_temperature": "\(t.inverseTemperature)"]
    }

    /// Whether the probabilities are calibrated on out-of-fold predictions (`CalibratedClassifier`).
    /// False for format-1 model files (written before calibration existed) and for models trained
    /// with `--calibration none`: their probabilities are the classifier's own.
    public var isCalibrated: Bool {
        if case .calibrated = pipeline.classifier { return true }
        return false
    }

    /// The rows the model was trained on, recovered from its reference set (the training rows
    /// after the transforms) by inverting the transforms, last first: for the bundled model, the
    /// GTZAN rows, so a personal model can be trained on them without features_30_sec.csv at
    /// hand. Two steps drop something that the reference set keeps beside the vectors: the level
    /// step the levels (put back before it is inverted), the format projection the coordinates it
    /// removed (added back).
    public func trainingRows() throws -> Dataset {
        var x = reference.vectors
        for step in pipeline.transforms.reversed() {
            switch step {
            case .levelNormalization(let level):
                if let column = level.levelColumn {
                    guard let levels = reference.levels, levels.count == x.rows else {
                        throw FileProblem(file: "model", message: "the model keeps no training levels, so its training rows cannot be recovered")
                    }
                    for r in 0..<x.rows { x[r, column] = levels[r] }
                }
                x = level.inverseTransform(x)
            case .nuisanceProjection(let projection):
                guard let coordinates = reference.nuisance, coordinates.rows == x.rows, coordinates.columns == projection.directions.count else {
                    throw FileProblem(file: "model", message: "the model keeps no format coordinates, so its training rows cannot be recovered")
                }
                x = projection.restoring(x, coordinates: coordinates)
            default:
                x = step.inverseTransform(x)
            }
        }
        return try Dataset(names: reference.names, featureNames: featureNames, x: x, labels: reference.labels, classes: classes)
    }

    // MARK: files

    /// Writes the model (atomically) with a self-description.
    public func write(to url: URL, name: String, trainingData: Dataset, cvAccuracy: Double?,
                      augmentation: TrainingAugmentation = .none) throws {
        let metadata = ModelMetadata(
            formatVersion: ModelEnvelope<GenreModel>.currentFormatVersion, name: name,
            createdBy: "genre \(GenreVersion.current)", featureNames: featureNames, classes: classes,
            algorithm: algorithm.rawValue,
            hyperParameters: algorithm.hyperParameterSummary.merging(calibrationSummary) { $1 }
                .merging(["augmentation": augmentation.summary]) { $1 },
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
        guard metadata.featureNames == model.featureNames, metadata.classes == model.classes else {
            throw FileProblem(file: url.path, message: "model file is inconsistent (description and contents disagree)")
        }
        if let problem = model.novelty?.problem(featureCount: model.featureNames.count, classCount: model.classes.count) {
            throw FileProblem(file: url.path, message: problem)
        }
        if let problem = model.problem {
            throw FileProblem(file: url.path, message: "model file is inconsistent (\(problem))")
        }
        return (metadata, model)
    }

    /// What keeps a decoded model from being used on rows of its features, in plain words; nil
    /// when its parts fit together (see Learning's ModelChecks: the checksum catches damage,
    /// this catches files edited and re-hashed or written by a faulty program).
    var problem: String? {
        let d = featureNames.count, k = classes.count
        guard k >= 1 else { return "no classes" }
        // Results are keyed by class name (JSON probabilities, aspect verdicts).
        guard Set(classes).count == k else { return "a class is named twice" }
        if let problem = pipeline.problem(inputColumns: d, classCount: k) { return problem }
        if let narrowband {
            if let problem = narrowband.pipeline.problem(inputColumns: d, classCount: k) { return "the narrow-band variant: " + problem }
            guard narrowband.maximumBandwidthHz.isFinite, narrowband.maximumBandwidthHz > 0 else { return "the narrow-band variant has no usable bandwidth limit" }
        }
        for aspect in aspects?.models ?? [] {
            guard aspect.columnIndices.count == aspect.columns.count, aspect.columnIndices.allSatisfy({ (0..<d).contains($0) }) else {
                return "the \(aspect.aspect.rawValue) aspect model refers to columns outside \(d) features"
            }
            if let problem = aspect.pipeline.problem(inputColumns: aspect.columnIndices.count, classCount: k) {
                return "the \(aspect.aspect.rawValue) aspect model: " + problem
            }
        }
        let r = reference
        guard r.vectors.columns == d, r.names.count == r.vectors.rows, r.labels.count == r.vectors.rows,
              r.labels.allSatisfy({ (0..<k).contains($0) }) else {
            return "the reference tracks do not fit \(d) features and \(k) classes"
        }
        if let ranges = featureRanges, ranges.count != d { return "\(ranges.count) feature ranges for \(d) features" }
        return nil
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
