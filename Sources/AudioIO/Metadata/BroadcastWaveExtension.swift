import Foundation

/// The BWF `bext` chunk (EBU Tech 3285, version 2): description, originator, originator
/// reference, origination date and time, the time reference (samples since midnight) and the
/// coding history. Keys: `description`, `originator`, `originator_reference`,
/// `origination_date`, `origination_time`, `time_reference` (when not 0), `coding_history`.
public enum BroadcastWaveExtension {
    /// Bytes of the fixed fields before the coding history (256 + 32 + 32 + 10 + 8 + 8 + 2 + 64 + 190).
    public static let fixedSize = 602

    /// The fields of a `bext` chunk body. A body shorter than the fixed part gives the fields
    /// it holds whole, and a warning.
    public static func parse(_ body: [UInt8]) -> EmbeddedMetadata {
        var m = EmbeddedMetadata()
        let layout: [(key: String, offset: Int, length: Int)] = [
            ("description", 0, 256), ("originator", 256, 32), ("originator_reference", 288, 32),
            ("origination_date", 320, 10), ("origination_time", 330, 8),
        ]
        for field in layout where field.offset + field.length <= body.count {
            m.add(field.key, EmbeddedMetadata.text(body[field.offset..<(field.offset + field.length)]))
        }
        if body.count >= 346 {
            let low = UInt64(body.u32le(338)), high = UInt64(body.u32le(342))
            let reference = high << 32 | low
            if reference != 0 { m.add("time_reference", String(reference)) }
        }
        if body.count > fixedSize {
            let history = EmbeddedMetadata.text(body[fixedSize...])
            m.add("coding_history", history.split(whereSeparator: \.isNewline).joined(separator: " | "))
        }
        if body.count < fixedSize {
            m.warnings.append("bext chunk is truncated: \(body.count) of its \(fixedSize) fixed bytes")
        }
        return m
    }
}
