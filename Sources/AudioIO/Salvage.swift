import Foundation

/// How long a stretch of audio is, for warnings: "6.8 s", "0.186 s", "12.5 min", "2.3 h", or a
/// sample count when it is under a millisecond ("16 samples").
func describeDuration(frames: Int, sampleRate: Double) -> String {
    guard sampleRate > 0 else { return "\(frames) samples" }
    let seconds = Double(frames) / sampleRate
    switch seconds {
    case ..<0.001: return frames == 1 ? "1 sample" : "\(frames) samples"
    case ..<1: return String(format: "%.3f s", seconds)
    case ..<600: return String(format: "%.1f s", seconds)
    case ..<7200: return String(format: "%.1f min", seconds / 60)
    default: return String(format: "%.1f h", seconds / 3600)
    }
}

/// What a container's header says about the length of its sample data.
enum DeclaredLength: Equatable {
    /// A byte count (which may lie: past the end of the file, or not a whole number of frames).
    case bytes(UInt64)
    /// The header left the length unset, as a recorder that lost power before finalising the file
    /// does (WAV data size 0 or 0xFFFFFFFF, AIFF SSND size 0). `what` names it for the warning
    /// ("data chunk size 0"); the length is taken from the file size.
    case unset(what: String)
    /// The format's own "to the end of the file" value (AU's 0xFFFFFFFF): no warning.
    case toEnd
}

/// The audio bytes a header's length claim leaves, checked against what the file really holds.
struct AudioExtent: Equatable {
    /// Usable bytes from the data offset: whole units (frames, or ADPCM blocks) only.
    var bytes: Int
    /// Whole units in `bytes`.
    var units: Int
    /// Plain sentences for `AudioFrameReader.warnings` (empty for a healthy file).
    var warnings: [String]

    /// The salvage rule shared by WAV/RF64/BW64, AIFF/AIFF-C and AU, as libsndfile and ffmpeg
    /// users expect it:
    /// - a length past the end of the file (a copy cut short, a size never finalised):
    ///   the whole units present are decoded, with "truncated: the header declares 30.0 s, 6.8 s present";
    /// - an unset length (0, or 0xFFFFFFFF in a plain RIFF): everything to the end of the file
    ///   is decoded, as ffmpeg does, with "data chunk size 0: length taken from the file size (6.8 s)";
    /// - a trailing partial frame is dropped, with a warning;
    /// - nothing usable (no whole frame) is an error naming the file.
    /// - Parameters:
    ///   - unitBytes: bytes per frame (PCM) or per block (ADPCM); ≥ 1.
    ///   - framesPerUnit: frames each unit decodes to (1 for PCM), for the durations in warnings.
    ///   - noun: what holds the samples, for messages ("data chunk", "SSND chunk", "audio data").
    static func resolve(_ length: DeclaredLength, offset: Int, fileSize: Int, unitBytes: Int, framesPerUnit: Int = 1,
                        sampleRate: Double, noun: String, file: String) throws -> AudioExtent {
        precondition(unitBytes >= 1 && framesPerUnit >= 1)
        let available = UInt64(max(0, fileSize - offset))
        func duration(_ bytes: UInt64) -> String {
            let units = bytes / UInt64(unitBytes)
            return describeDuration(frames: Int(clamping: units.multipliedReportingOverflow(by: UInt64(framesPerUnit)).partialValue),
                                    sampleRate: sampleRate)
        }
        var warnings: [String] = []
        let usable: UInt64
        switch length {
        case .bytes(let declared) where declared > available:
            usable = available
            guard available >= UInt64(unitBytes) else {
                throw AudioError(file: file, message: "truncated: the header declares \(duration(declared)), no whole frame present")
            }
            warnings.append("truncated: the header declares \(duration(declared)), \(duration(available)) present")
        case .bytes(let declared):
            usable = declared
            guard declared > 0 else { throw AudioError(file: file, message: "no audio: the \(noun) is empty") }
            if declared % UInt64(unitBytes) != 0 {
                let extra = declared % UInt64(unitBytes)
                guard declared >= UInt64(unitBytes) else {
                    throw AudioError(file: file, message: "no audio: the \(noun) holds \(declared) bytes, less than one \(unitBytes)-byte frame")
                }
                warnings.append("the \(noun) ends in a partial frame: its last \(extra) byte\(extra == 1 ? "" : "s") ignored")
            }
        case .unset(let what):
            usable = available
            guard available >= UInt64(unitBytes) else {
                throw AudioError(file: file, message: "no audio: \(what) and no whole frame after it")
            }
            warnings.append("\(what): length taken from the file size (\(duration(available)))")
        case .toEnd:
            usable = available
            guard available >= UInt64(unitBytes) else { throw AudioError(file: file, message: "no audio after the header") }
            if available % UInt64(unitBytes) != 0 {
                let extra = available % UInt64(unitBytes)
                warnings.append("the file ends in a partial frame: its last \(extra) byte\(extra == 1 ? "" : "s") ignored")
            }
        }
        let units = usable / UInt64(unitBytes)
        return AudioExtent(bytes: Int(units) * unitBytes, units: Int(units), warnings: warnings)
    }
}
