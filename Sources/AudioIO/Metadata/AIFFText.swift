import Foundation

/// The AIFF/AIFF-C text chunks (Apple AIFF 1.3, section "Text Chunks"): `NAME`, `AUTH`,
/// `(c) ` and `ANNO`, each all text, several `ANNO` allowed. Keys: `title`, `artist`,
/// `copyright`, `comment` (annotations joined with "; ").
public enum AIFFText {
    public static let keys: [String: String] = ["NAME": "title", "AUTH": "artist", "(c) ": "copyright", "ANNO": "comment"]

    /// Reads the text chunks of a file in order into one set of fields.
    public struct Collector: Sendable {
        public private(set) var metadata = EmbeddedMetadata()
        private var owned = Set<String>()
        public init() {}

        /// Whether chunks with this id are text chunks read here.
        public static func wants(_ id: String) -> Bool { keys[id] != nil }

        /// One chunk's body; `declared` is its header's size, when the file holds fewer bytes.
        public mutating func add(id: String, body: [UInt8], declared: Int? = nil) {
            guard let key = keys[id] else { return }
            if let declared, declared > body.count {
                metadata.warnings.append("AIFF \(id.trimmingCharacters(in: .whitespaces)) chunk is truncated: \(body.count) of \(declared) bytes")
            }
            metadata.append(key, EmbeddedMetadata.text(body), ownedBy: &owned)
        }
    }
}
