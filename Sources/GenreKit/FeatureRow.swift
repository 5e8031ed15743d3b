import AudioIO
import Features
import Foundation

/// One row of a Kaggle-schema feature table: a clip (or a segment of one), its length in samples
/// at 22050 Hz, and the 57 features in `KaggleSchema.featureNames` order.
public struct FeatureRow: Sendable, Codable, Equatable {
    public var filename: String
    public var length: Int
    public var features: [Double]

    public init(filename: String, length: Int, features: [Double]) {
        self.filename = filename
        self.length = length
        self.features = features
    }

    /// This row, or a one-line problem naming `file` when a feature is NaN or infinite (the audio
    /// holds NaN or infinite samples, or amplitudes so large its spectrum overflows): such a row
    /// can be neither classified nor learnt from. `startSeconds`: where the row's audio starts.
    public func requiringFinite(file: String, startSeconds: Double) throws -> FeatureRow {
        guard let bad = features.firstIndex(where: { !$0.isFinite }) else { return self }
        let name = bad < KaggleSchema.featureNames.count ? KaggleSchema.featureNames[bad] : "feature \(bad)"
        throw FileProblem(file: file, message: String(
            format: "the audio from %.1f s gives a non-finite %@ (NaN or infinite samples, or amplitudes out of range)",
            startSeconds, name))
    }
}

/// Turns recordings into Kaggle-schema feature rows: the whole recording as one row, or
/// consecutive segments as features_3_sec.csv does.
public struct FeatureTableBuilder: Sendable {
    /// Samples per segment, or nil for one row per recording.
    public let segmentSamples: Int?
    /// Samples between segment starts.
    public let segmentStride: Int?
    /// The resampler for recordings not at 22050 Hz (`genre features --resample`).
    public let resampling: ResamplerQuality
    let extractor = KaggleFeatureExtractor()

    /// - Parameter segmentSeconds: nil for whole recordings. Segments start every
    ///   round(seconds × 22050) samples and are that long — except for 3, which reproduces
    ///   features_3_sec.csv: starts every 66150 samples, 66149 samples long (the published
    ///   table's off-by-one, kept so its rows can be reproduced exactly).
    /// - Parameter resampling: default `.sharp`; `.librosa` gives librosa.load's values on files
    ///   at other rates.
    public init(segmentSeconds: Double? = nil, resampling: ResamplerQuality = .sharp) throws {
        self.resampling = resampling
        guard let seconds = segmentSeconds else { segmentSamples = nil; segmentStride = nil; return }
        guard seconds.isFinite, seconds >= 0.1, seconds <= 3600 else {
            throw FileProblem(file: "--segment-seconds", message: "must be between 0.1 and 3600 seconds, got \(seconds)")
        }
        let stride = Int((seconds * Recording.sampleRate).rounded())
        segmentStride = stride
        segmentSamples = seconds == 3 ? KaggleSchema.segmentSamples3s : stride
    }

    /// Shortest audio we extract features from: half a second (shorter input has too few frames
    /// for the statistics to mean anything).
    public static let minimumSamples = Int(Recording.sampleRate / 2)

    /// The rows of one recording. Segments are named `NAME.K.EXT` (K from 0), and a trailing
    /// part shorter than a segment is dropped, as in the published table.
    /// The decoder's warnings (audio salvaged from a damaged file) come with them.
    public func rows(for url: URL) throws -> Warned<[FeatureRow]> {
        let decoded = try Recording.load(url, quality: resampling)
        return Warned(try rows(signal: decoded.value, filename: url.lastPathComponent, file: url.path),
                      warnings: decoded.warnings)
    }

    /// The rows of a signal already decoded at 22050 Hz.
    public func rows(signal: [Double], filename: String, file: String) throws -> [FeatureRow] {
        guard signal.count >= Self.minimumSamples, signal.count >= KaggleFeatureExtractor.minimumSamples else {
            throw FileProblem(file: file, message: String(format: "too short: %.2f s of audio, need at least 0.5 s", Double(signal.count) / Recording.sampleRate))
        }
        guard let segment = segmentSamples, let stride = segmentStride else {
            return [FeatureRow(filename: filename, length: signal.count, features: extractor.features(signal))]
        }
        let count = signal.count >= segment ? (signal.count - segment) / stride + 1 : 0
        guard count > 0 else {
            throw FileProblem(file: file, message: "shorter than one \(segment)-sample segment")
        }
        let stem = (filename as NSString).deletingPathExtension
        let ext = (filename as NSString).pathExtension
        return (0..<count).map { k in
            let part = Array(signal[(k * stride)..<(k * stride + segment)])
            return FeatureRow(filename: "\(stem).\(k)" + (ext.isEmpty ? "" : ".\(ext)"), length: segment,
                              features: extractor.features(part))
        }
    }
}
