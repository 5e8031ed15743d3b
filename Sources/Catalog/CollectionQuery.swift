import Foundation

/// One row of the collection as the web app's table and `GET /api/recordings` show it.
public struct RecordingSummary: Sendable, Equatable {
    public var id: String
    /// A file holding the recording: one on disk when there is one.
    public var file: String
    public var durationSeconds: Double
    public var genre: String
    /// The probability of `genre`.
    public var probability: Double
    public var probabilities: [String: Double]
    public var noveltyScore: Double
    public var unfamiliar: Bool
    /// The result's `"novelty"` object as JSON text.
    public var noveltyJSON: String
    public var labels: [String]
    /// The recording date from embedded metadata when there is one, else the file's modification date (YYYY-MM-DD…).
    public var date: String
    /// No file of the recording is on disk any more.
    public var missing: Bool
    public var warningCount: Int
    /// The embedded metadata in one line (`MetadataSummary.line`); nil when the file has none.
    public var metadataSummary: String? = nil

    public var name: String { (file as NSString).lastPathComponent }
    public var folder: String { (file as NSString).deletingLastPathComponent }
}

/// Which recordings the collection table shows, and in what order.
public struct CollectionQuery: Sendable, Equatable {
    public enum SortKey: String, Sendable, CaseIterable { case name, folder, genre, probability, novelty, duration, date, labels }

    /// Words every one of which must appear in a file path, a label or an embedded metadata value (case-insensitive).
    public var search: String = ""
    /// Only recordings whose most likely genre is this.
    public var genre: String?
    /// Sort by the probability of this genre, highest first ("everything close to reggae").
    public var closeTo: String?
    /// Only recordings with this label.
    public var label: String?
    /// Only recordings flagged unfamiliar.
    public var unfamiliarOnly = false
    /// Also recordings whose files are all missing.
    public var includeMissing = false
    /// Only recordings in this folder or below.
    public var folder: String?
    public var sort: SortKey = .folder
    public var descending = false

    public init() {}
}

extension CollectionQuery {
    /// The query as URL query items (what the page's links and forms carry), defaults left out.
    public var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if !search.isEmpty { items.append(("q", search)) }
        if let genre { items.append(("genre", genre)) }
        if let closeTo { items.append(("close", closeTo)) }
        if let label { items.append(("label", label)) }
        if unfamiliarOnly { items.append(("unfamiliar", "1")) }
        if includeMissing { items.append(("missing", "1")) }
        if let folder { items.append(("folder", folder)) }
        if sort != .folder { items.append(("sort", sort.rawValue)) }
        if descending { items.append(("order", "desc")) }
        return items
    }

    /// Reads a query from URL query items; unknown or malformed values are ignored.
    public init(items: [String: String]) {
        func value(_ key: String) -> String? { items[key].flatMap { $0.isEmpty ? nil : $0 } }
        search = value("q") ?? ""
        genre = value("genre"); closeTo = value("close"); label = value("label"); folder = value("folder")
        unfamiliarOnly = items["unfamiliar"] == "1"
        includeMissing = items["missing"] == "1"
        sort = value("sort").flatMap(SortKey.init(rawValue:)) ?? .folder
        descending = items["order"] == "desc"
    }
}

extension CollectionQuery {
    /// `rows` in this query's order (ties broken by path, so the order is stable).
    func sorted(_ rows: [RecordingSummary]) -> [RecordingSummary] {
        if let closeTo {
            return rows.sorted { ($0.probabilities[closeTo] ?? 0, $1.file) > ($1.probabilities[closeTo] ?? 0, $0.file) }
        }
        func less(_ a: RecordingSummary, _ b: RecordingSummary) -> Bool {
            switch sort {
            case .name: return (a.name.lowercased(), a.file) < (b.name.lowercased(), b.file)
            case .folder: return (a.folder, a.name.lowercased()) < (b.folder, b.name.lowercased())
            case .genre: return (a.genre, -a.probability, a.file) < (b.genre, -b.probability, b.file)
            case .probability: return (a.probability, a.file) < (b.probability, b.file)
            case .novelty: return (a.noveltyScore, a.file) < (b.noveltyScore, b.file)
            case .duration: return (a.durationSeconds, a.file) < (b.durationSeconds, b.file)
            case .date: return (a.date, a.file) < (b.date, b.file)
            case .labels: return (a.labels.isEmpty ? 1 : 0, a.labels.joined(separator: ","), a.file) < (b.labels.isEmpty ? 1 : 0, b.labels.joined(separator: ","), b.file)
            }
        }
        return rows.sorted { descending ? less($1, $0) : less($0, $1) }
    }
}
