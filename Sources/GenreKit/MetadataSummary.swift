import Foundation

/// A recording's embedded metadata in one line, for the table and the catalogue's collection:
/// what names and places the recording first (title, artist, description, scene and take,
/// originator, date), then the other keys in alphabetical order, e.g. "title: Harvest song ·
/// artist: Women of Vallé · date: 1968-09 · comment: Tape 7, side B". Values keep one line.
public enum MetadataSummary {
    /// Keys shown first, in this order.
    public static let leading = ["title", "artist", "album", "description", "project", "scene", "take", "tape", "notes",
                                 "originator", "originator_reference", "origination_date", "origination_time", "date",
                                 "comment", "copyright"]

    /// The keys of `metadata` in display order.
    public static func orderedKeys(_ metadata: [String: String]) -> [String] {
        leading.filter { metadata[$0] != nil } + metadata.keys.filter { !leading.contains($0) }.sorted()
    }

    /// One line; nil when there is no metadata. Long values are cut at `valueLimit` characters
    /// ("…"), the line at `lineLimit`.
    public static func line(_ metadata: [String: String]?, valueLimit: Int = 80, lineLimit: Int = 400) -> String? {
        guard let metadata, !metadata.isEmpty else { return nil }
        let parts = orderedKeys(metadata).map { key in "\(key): \(cut(oneLine(metadata[key] ?? ""), valueLimit))" }
        return cut(parts.joined(separator: " · "), lineLimit)
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    static func cut(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(max(limit - 1, 0))) + "…"
    }
}
