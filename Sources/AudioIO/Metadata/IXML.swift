import Foundation

/// The iXML chunk (http://www.ixml.info, production sound recorders): an XML document with
/// root `BWFXML`. Read here: `PROJECT`, `SCENE`, `TAKE`, `TAPE` and `NOTE` (key `notes`), the
/// first occurrence of each, entities and CDATA decoded. The format is flat enough that a tag
/// scan serves; no XML library is needed at run time.
public enum IXML {
    static let tags: [(tag: String, key: String)] = [("PROJECT", "project"), ("SCENE", "scene"), ("TAKE", "take"),
                                                      ("TAPE", "tape"), ("NOTE", "notes")]

    public static func parse(_ body: [UInt8]) -> EmbeddedMetadata {
        var m = EmbeddedMetadata()
        let xml = EmbeddedMetadata.text(body)
        guard let root = xml.range(of: "<BWFXML"), let end = xml.range(of: "</BWFXML>", range: root.upperBound..<xml.endIndex) else {
            m.warnings.append("iXML chunk is not an iXML document (no <BWFXML> element)")
            return m
        }
        let document = xml[root.upperBound..<end.lowerBound]
        for (tag, key) in tags {
            guard let open = document.range(of: "<\(tag)>") else { continue }
            guard let close = document.range(of: "</\(tag)>", range: open.upperBound..<document.endIndex) else {
                m.warnings.append("iXML chunk is malformed: <\(tag)> is not closed")
                continue
            }
            m.add(key, decode(document[open.upperBound..<close.lowerBound]))
        }
        return m
    }

    /// Character data: CDATA sections kept as they are, the five XML entities and numeric
    /// character references decoded.
    static func decode(_ text: Substring) -> String {
        var out = ""
        var rest = text[...]
        while let amp = rest.firstIndex(where: { $0 == "&" || $0 == "<" }) {
            out += rest[..<amp]
            rest = rest[amp...]
            if rest.hasPrefix("<![CDATA["), let end = rest.range(of: "]]>") {
                out += rest[rest.index(rest.startIndex, offsetBy: 9)..<end.lowerBound]
                rest = rest[end.upperBound...]
                continue
            }
            guard rest.first == "&", let semicolon = rest.prefix(12).firstIndex(of: ";") else {
                out.append(rest.removeFirst())
                continue
            }
            let name = rest[rest.index(after: rest.startIndex)..<semicolon]
            let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'"]
            if let value = named[String(name)] {
                out += value
            } else if name.hasPrefix("#"), let code = name.hasPrefix("#x") || name.hasPrefix("#X")
                        ? UInt32(name.dropFirst(2), radix: 16) : UInt32(name.dropFirst()), let scalar = Unicode.Scalar(code) {
                out.unicodeScalars.append(scalar)
            } else {
                out += rest[...semicolon]
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return out + rest
    }
}
