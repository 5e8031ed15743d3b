import AudioIO
import Features
import Foundation

/// What the recording chain did to a recording, as `genre classify` reports it under
/// `"condition"`: measured on the file's own samples (native rate and channels) while they are
/// decoded for classification, so it costs no second pass. See `ConditionMeter` for the methods
/// and `ConditionLimits` for what is compared with the training data.
public struct RecordingCondition: Sendable, Codable, Equatable {
    /// Highest frequency (Hz) with content above the noise floor; null for silence.
    public var bandwidthHz: Double?
    /// Band-averaged signal-to-noise estimate (dB) up to 11025 Hz; null for silence.
    public var snrDB: Double?
    /// Share (0–1) of samples on a clipping ceiling.
    public var clippedFraction: Double
    /// Mean sample value of the channel furthest from zero (full scale = 1).
    public var dcOffset: Double
    /// EBU R128 / ITU-R BS.1770-4 integrated loudness (LUFS); null for silence.
    public var loudnessLUFS: Double?

    enum CodingKeys: String, CodingKey {
        case bandwidthHz = "bandwidth_hz", snrDB = "snr_db", clippedFraction = "clipped_fraction",
             dcOffset = "dc_offset", loudnessLUFS = "loudness_lufs"
    }

    public init(bandwidthHz: Double?, snrDB: Double?, clippedFraction: Double, dcOffset: Double, loudnessLUFS: Double?) {
        self.bandwidthHz = bandwidthHz; self.snrDB = snrDB; self.clippedFraction = clippedFraction
        self.dcOffset = dcOffset; self.loudnessLUFS = loudnessLUFS
    }

    public init(_ m: ConditionMeasurement) {
        self.init(bandwidthHz: m.bandwidthHz, snrDB: m.snrDB, clippedFraction: m.clippedFraction, dcOffset: m.dcOffset,
                  loudnessLUFS: m.loudnessLUFS)
    }

    /// Every field is written, unknown values as null (so readers see which were measured).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(bandwidthHz, forKey: .bandwidthHz)
        try c.encode(snrDB, forKey: .snrDB)
        try c.encode(clippedFraction, forKey: .clippedFraction)
        try c.encode(dcOffset, forKey: .dcOffset)
        try c.encode(loudnessLUFS, forKey: .loudnessLUFS)
    }

    /// Measures a file's condition on its own (decoding it once, without classifying it).
    public static func measure(_ url: URL) throws -> Warned<RecordingCondition> {
        do {
            let reader = try AudioDecoder.open(url)
            var meter = ConditionMeter()
            while let block = try reader.readBlock(maxFrames: 1 << 16) {
                meter.add(block.samples, channels: block.channels, sampleRate: block.sampleRate)
            }
            return Warned(RecordingCondition(meter.measurement), warnings: reader.warnings)
        } catch { throw Recording.problem(error, url: url) }
    }

    /// One line for the terminal table, e.g. "content to 10.5 kHz, SNR 17 dB, 0.01% clipped,
    /// DC +0.0002, −14.2 LUFS".
    public var summary: String {
        var parts: [String] = []
        if let bw = bandwidthHz { parts.append(String(format: "content to %.1f kHz", bw / 1000)) } else { parts.append("no content above −70 dBFS") }
        if let snr = snrDB { parts.append(String(format: "SNR %.0f dB", snr)) }
        parts.append(String(format: "%.2f%% clipped", 100 * clippedFraction))
        parts.append(String(format: "DC %+.4f", abs(dcOffset) < 0.00005 ? 0 : dcOffset))
        if let l = loudnessLUFS { parts.append(String(format: "%.1f LUFS", l)) }
        return parts.joined(separator: ", ")
    }
}
