import Foundation
import GenreKit
import Learning

/// What the catalogue knows about one file, for deciding whether it needs work.
struct KnownFile: Sendable {
    var path: String
    var size: Int
    var mtimeNs: Int64
    var status: String
    var recordingID: String?
    /// The model and analysis version of its recording (nil without one).
    var modelID: String?
    var analysis: String?
}

/// A recording's analysis as the catalogue stores it.
struct StoredAnalysis: Sendable {
    var id: String
    var size: Int
    var modelID: String
    var totalSamples: Int
    var result: RecordingResult
    /// The result JSON (with any fields GenreKit adds that this module does not name).
    var json: String
    var extras: ResultExtras
    /// Window sample ranges and features, in time order (`features` row i is window i).
    var windows: [Range<Int>]
    var features: Matrix
    /// The same windows' features through the narrow-band variant's input band, when it answered.
    var narrowbandFeatures: Matrix?
}

/// Fields of the result JSON read by name without depending on GenreKit declaring them (they
/// arrive from other work in parallel): missing or differently shaped fields are nil.
struct ResultExtras: Decodable, Sendable {
    var warnings: [String]?
    var metadata: [String: String]?
    var condition: Condition?

    /// `"condition"`: how the recording was made and kept (what schema v2 has columns for).
    struct Condition: Decodable, Sendable {
        var bandwidthHz: Double?, snrDB: Double?, clippedFraction: Double?, dcOffset: Double?, loudnessLUFS: Double?
        enum CodingKeys: String, CodingKey {
            case bandwidthHz = "bandwidth_hz", snrDB = "snr_db", clippedFraction = "clipped_fraction", dcOffset = "dc_offset"
            case loudnessLUFS = "loudness_lufs"
        }
        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            func value(_ key: CodingKeys) -> Double? { (try? c.decodeIfPresent(Double.self, forKey: key)) ?? nil }
            bandwidthHz = value(.bandwidthHz); snrDB = value(.snrDB); clippedFraction = value(.clippedFraction)
            dcOffset = value(.dcOffset); loudnessLUFS = value(.loudnessLUFS)
        }
    }

    init(json: Data) {
        self = (try? JSONDecoder().decode(ResultExtras.self, from: json)) ?? ResultExtras()
    }

    private init() {}

    private enum CodingKeys: String, CodingKey { case warnings, metadata, condition }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        warnings = (try? c.decodeIfPresent([String].self, forKey: .warnings)) ?? nil
        metadata = (try? c.decodeIfPresent([String: String].self, forKey: .metadata)) ?? nil
        condition = (try? c.decodeIfPresent(Condition.self, forKey: .condition)) ?? nil
    }
}

/// The 57 features of a window as the catalogue stores them: little-endian IEEE-754 Float64.
enum FeatureBlob {
    static func encode(_ values: ArraySlice<Double>) -> Data {
        var data = Data(capacity: values.count * 8)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    static func decode(_ data: Data) -> [Double] {
        data.withUnsafeBytes { raw in
            (0..<(raw.count / 8)).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self))) }
        }
    }
}
