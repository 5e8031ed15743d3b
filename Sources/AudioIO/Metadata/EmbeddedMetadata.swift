import Foundation

/// Text metadata embedded in a recording file (BWF `bext`, iXML, RIFF `LIST/INFO`, AIFF text
/// chunks, FLAC Vorbis comments, or the tags ffprobe reports for other containers), as named
/// fields in the order they were found, with what could not be read as warnings. Reading
/// metadata never stops the audio from being analysed: a malformed chunk gives a warning and
/// the fields that could be read.
///
/// Keys are lower-case. Common fields get one name whatever the container says (`title`,
/// `artist`, `album`, `date`, `comment`, `copyright`, `genre`, `software`, …, see each reader);
/// others keep the container's own name in lower case. When two sources give the same key
/// the first wins, except that repeated fields of one source (several AIFF `ANNO` chunks,
/// several Vorbis `ARTIST=` comments) are joined with "; ".
public struct EmbeddedMetadata: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var key: String
        public var value: String
    }

    public private(set) var fields: [Field] = []
    /// Plain sentences, e.g. "bext chunk is truncated: 300 of its 602 fixed bytes".
    public var warnings: [String] = []

    public init() {}

    public var isEmpty: Bool { fields.isEmpty }

    /// The fields as a dictionary (for JSON's `"metadata": {key: value}`).
    public var dictionary: [String: String] {
        Dictionary(fields.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    public subscript(key: String) -> String? { fields.first { $0.key == key }?.value }

    /// Adds a field unless the key or the value is empty or the key is already set. (An empty
    /// key is possible from ffprobe's JSON, `"tags": {"": "Lavf60"}`: found by the metadata fuzzer.)
    public mutating func add(_ key: String, _ value: String) {
        let value = value.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\0")))
        guard !key.isEmpty, !value.isEmpty, self[key] == nil else { return }
        fields.append(Field(key: key, value: value))
    }

    /// Adds a field, or appends to one this same source set ("; "-joined).
    mutating func append(_ key: String, _ value: String, ownedBy source: inout Set<String>) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\0")))
        guard !key.isEmpty, !trimmed.isEmpty else { return }
        if source.contains(key), let i = fields.firstIndex(where: { $0.key == key }) {
            fields[i].value += "; " + trimmed
        } else if self[key] == nil {
            fields.append(Field(key: key, value: trimmed))
            source.insert(key)
        }
    }

    /// Fields and warnings of `other` after this one's (first source wins).
    public mutating func merge(_ other: EmbeddedMetadata) {
        for f in other.fields { add(f.key, f.value) }
        warnings += other.warnings
    }

    /// Text of a fixed-size or chunk-sized field: up to the first NUL, as UTF-8 when it is
    /// valid UTF-8, otherwise as ISO Latin-1 (what old recorders and Windows tools wrote).
    static func text<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        let upToNul = bytes.prefix { $0 != 0 }
        if let utf8 = String(validating: Array(upToNul), as: UTF8.self) { return utf8 }
        return String(upToNul.map { Character(Unicode.Scalar($0)) })
    }
}
