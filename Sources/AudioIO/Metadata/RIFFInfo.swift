import Foundation

/// A RIFF `LIST` chunk of type `INFO` (Microsoft/IBM RIFF, 1991): sub-chunks of text, each
/// `id(4) size(4, little-endian) text`, padded to an even length. Common ids get the shared
/// key names; others are `info_` + the id in lower case.
public enum RIFFInfo {
    static let keys: [String: String] = [
        "INAM": "title", "IART": "artist", "IPRD": "album", "ICRD": "date", "ICMT": "comment", "ICOP": "copyright",
        "IGNR": "genre", "ISFT": "software", "IENG": "engineer", "ITCH": "technician", "ISRC": "source",
        "ISBJ": "subject", "IKEY": "keywords", "IARL": "archival_location", "ICMS": "commissioned",
        "IMED": "medium", "ISRF": "source_form", "ITRK": "track", "IPRT": "track", "ILNG": "language", "ICNT": "country",
    ]

    /// The fields of a `LIST` chunk body; nil when it is not an INFO list (e.g. `adtl` cue labels).
    public static func parse(list body: [UInt8]) -> EmbeddedMetadata? {
        guard body.count >= 4, body.fourCC(0) == "INFO" else { return nil }
        var m = EmbeddedMetadata()
        var pos = 4
        while pos + 8 <= body.count {
            let id = body.fourCC(pos)
            let size = body.u32le(pos + 4)
            let start = pos + 8
            guard size <= body.count - start else {
                m.warnings.append("LIST/INFO chunk is malformed: its \(id) entry claims \(size) bytes, \(body.count - start) are left")
                return m
            }
            m.add(keys[id] ?? "info_" + id.lowercased().trimmingCharacters(in: .whitespaces), EmbeddedMetadata.text(body[start..<(start + size)]))
            pos = start + size + (size & 1)
        }
        if pos < body.count, body[pos...].contains(where: { $0 != 0 }) {
            m.warnings.append("LIST/INFO chunk is malformed: \(body.count - pos) bytes after its last entry")
        }
        return m
    }
}
