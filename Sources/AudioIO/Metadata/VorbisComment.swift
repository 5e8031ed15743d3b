import Foundation

/// A Vorbis comment block (https://xiph.org/vorbis/doc/v-comment.html; FLAC metadata block
/// type 4): little-endian vendor length and vendor string, a count, then `length` +
/// `FIELD=value` (UTF-8) per comment. Field names are case-insensitive: keys are them in lower
/// case (`title`, `artist`, `date`, `comment`, …); repeated fields are joined with "; ".
public enum VorbisComment {
    public static func parse(_ body: [UInt8]) -> EmbeddedMetadata {
        var m = EmbeddedMetadata()
        var owned = Set<String>()
        func malformed(_ what: String) -> EmbeddedMetadata {
            m.warnings.append("Vorbis comment block is malformed: " + what)
            return m
        }
        guard body.count >= 4 else { return malformed("\(body.count) bytes, too short for its vendor length") }
        let vendor = body.u32le(0)
        guard vendor <= body.count - 4 else { return malformed("vendor string of \(vendor) bytes in a \(body.count)-byte block") }
        var pos = 4 + vendor
        guard pos + 4 <= body.count else { return malformed("no comment count") }
        let count = body.u32le(pos)
        pos += 4
        for i in 0..<count {
            guard pos + 4 <= body.count else { return malformed("comment \(i + 1) of \(count) is missing") }
            let length = body.u32le(pos)
            pos += 4
            guard length <= body.count - pos else { return malformed("comment \(i + 1) claims \(length) bytes, \(body.count - pos) are left") }
            let text = String(decoding: body[pos..<(pos + length)], as: UTF8.self)
            pos += length
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                m.warnings.append("Vorbis comment block is malformed: comment \(i + 1) has no FIELD= name")
                continue
            }
            m.append(text[..<equals].lowercased(), String(text[text.index(after: equals)...]), ownedBy: &owned)
        }
        return m
    }
}
