import Foundation
import Learning

/// The space the novelty detector measures in: the features with their variances on a log scale
/// (as the classifiers see them), made independent of playback level. A recording played 20 dB
/// quieter is the same music, so it must not look unfamiliar: the level-dependent columns are
/// dropped (`rms_mean`, `mfcc1_mean`, `harmony_mean`, `perceptr_mean`) or divided by the level
/// (`rms_var`, `harmony_var` and `perceptr_var` over `rms_mean²`, i.e. minus 2·log rms_mean after
/// the log). Every other Kaggle feature (spectral shape, chroma, zero crossings, tempo, MFCC 2–20,
/// all MFCC variances) is already level-invariant. For feature sets without `rms_mean` only the
/// log of the variances is taken.
public struct NoveltyFeatureMap: Sendable, Codable, Equatable {
    /// The columns dropped because they scale with playback level.
    public static let levelDependent: Set<String> = LevelNormalization.linearNames.union(LevelNormalization.decibelNames)
        .union([LevelNormalization.levelName])
    /// The (variance) columns divided by rms_mean² to make them level-invariant.
    public static let levelRelative: Set<String> = LevelNormalization.squaredNames

    public var inputNames: [String]
    public var logVariance: LogVarianceTransform
    /// Input column of each output column.
    public var outputColumns: [Int]
    /// The input column of `rms_mean`, when present.
    public var levelColumn: Int?
    /// Output columns from which 2·log(rms_mean) is subtracted.
    public var levelRelativeOutputs: [Int]

    public init(featureNames: [String]) {
        inputNames = featureNames
        logVariance = LogVarianceTransform(featureNames: featureNames)
        let level = featureNames.firstIndex(of: "rms_mean")
        let drop = level == nil ? [] : Self.levelDependent
        let outputs = featureNames.indices.filter { !drop.contains(featureNames[$0]) }
        levelColumn = level
        outputColumns = outputs
        levelRelativeOutputs = level == nil ? [] : outputs.indices.filter { Self.levelRelative.contains(featureNames[outputs[$0]]) }
    }

    /// Names of the output columns.
    public var outputNames: [String] { outputColumns.map { inputNames[$0] } }

    /// Learns the log offsets (see `LogVarianceTransform`).
    public mutating func fit(_ x: Matrix) throws { try logVariance.fit(x) }

    public func transform(_ x: Matrix) -> Matrix {
        let logged = logVariance.transform(x)
        var out = Matrix(rows: x.rows, columns: outputColumns.count)
        for r in 0..<x.rows {
            for (o, c) in outputColumns.enumerated() { out[r, o] = logged[r, c] }
            if let level = levelColumn {
                let logLevel = 2 * Foundation.log(Swift.max(x[r, level], 1e-10))
                for o in levelRelativeOutputs { out[r, o] -= logLevel }
            }
        }
        return out
    }
}
