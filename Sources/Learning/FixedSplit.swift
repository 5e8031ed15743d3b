import Foundation

/// A published train / validation / test split, e.g. GTZAN's artist-filtered "fault-filtered"
/// split (Kereliuk, Sturm & Larsen 2015). The file is JSON with lists of file names,
/// `{"train": [...], "valid": [...], "test": [...]}` (`valid` optional; other keys, such as a
/// name or source, are ignored).
///
/// Rows are matched to entries by recording: an entry `blues.00012.wav` takes every row whose
/// group (see `Dataset.group(ofName:)`, applied to the last path component) is `blues.00012`,
/// so the split also selects the 3-second segments `blues.00012.K.wav` of a segment CSV and the
/// windows of an audio folder's `blues/blues.00012.wav`. Rows named in no list take no part.
public struct FixedSplit: Sendable, Codable, Equatable {
    public var train: [String]
    public var valid: [String]?
    public var test: [String]

    public init(train: [String], valid: [String]? = nil, test: [String]) {
        self.train = train; self.valid = valid; self.test = test
    }

    /// Reads a split file; a missing, unreadable or malformed file is a `DatasetError` naming it.
    public static func load(_ url: URL) throws -> FixedSplit {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DatasetError.unreadable(file: url.path, reason: error.localizedDescription)
        }
        do { return try JSONDecoder().decode(FixedSplit.self, from: data) } catch {
            throw DatasetError.unreadable(file: url.path, reason: "not a split file ({\"train\": [...], \"valid\": [...], \"test\": [...]} of file names)")
        }
    }

    /// The rows of each list, ascending, given each row's sample name. Throws `FixedSplitError` when a recording is in two lists, when
    /// entries match no row (naming the first few), or when the train or test list selects nothing.
    public func rows(names: [String]) throws -> (train: [Int], valid: [Int], test: [Int]) {
        let rowGroups = names.map(Self.key)
        var owner: [String: Int] = [:]
        let lists = [train, valid ?? [], test]
        for (l, list) in lists.enumerated() {
            for entry in list {
                let k = Self.key(entry)
                if let other = owner[k], other != l {
                    throw FixedSplitError("\(entry) is in both the \(Self.listNames[other]) and \(Self.listNames[l]) lists")
                }
                owner[k] = l
            }
        }
        var selected: [[Int]] = [[], [], []]
        var found = Set<String>()
        for (i, g) in rowGroups.enumerated() {
            if let l = owner[g] { selected[l].append(i); found.insert(g) }
        }
        let missing = lists.flatMap { $0 }.filter { !found.contains(Self.key($0)) }
        if !missing.isEmpty {
            throw FixedSplitError("\(missing.count) listed recording\(missing.count == 1 ? " has" : "s have") no rows in the data, e.g. "
                + missing.prefix(3).joined(separator: ", "))
        }
        guard !selected[0].isEmpty else { throw FixedSplitError("the train list selects no rows") }
        guard !selected[2].isEmpty else { throw FixedSplitError("the test list selects no rows") }
        return (selected[0], selected[1], selected[2])
    }

    private static let listNames = ["train", "valid", "test"]

    /// The recording an entry or a row name stands for: `Dataset.group(ofName:)` of its last path component.
    static func key(_ name: String) -> String {
        Dataset.group(ofName: String(name.split(separator: "/").last ?? Substring(name)))
    }
}

/// Why a split does not fit the data, phrased for the person who chose both.
public struct FixedSplitError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
