import Foundation

/// A labelled feature table: one row per recording (or per segment of one), as read from a
/// Kaggle-schema CSV (`filename,length,<features...>,label`) or assembled from extracted features.
///
/// `labels[i]` indexes `classes`, which are kept sorted alphabetically (the order of
/// scikit-learn's `LabelEncoder`), so class indices are stable whatever order rows arrive in.
public struct Dataset: Sendable, Codable, Equatable {
    /// The sample names (file names, e.g. `blues.00000.wav` or `blues.00000.3.wav`).
    public var names: [String]
    /// The feature column names, in matrix column order.
    public var featureNames: [String]
    /// The feature matrix: `names.count` rows x `featureNames.count` columns.
    public var x: Matrix
    /// Class index of each row, in `0..<classes.count`.
    public var labels: [Int]
    /// Class names, sorted alphabetically.
    public var classes: [String]

    /// Checks that the parts fit together; throws `DatasetError.inconsistent` naming the mismatch.
    public init(names: [String], featureNames: [String], x: Matrix, labels: [Int], classes: [String]) throws {
        guard x.rows == names.count, labels.count == names.count else {
            throw DatasetError.inconsistent("\(names.count) names, \(x.rows) matrix rows and \(labels.count) labels")
        }
        guard x.columns == featureNames.count || x.rows == 0 else {
            throw DatasetError.inconsistent("\(featureNames.count) feature names for \(x.columns) matrix columns")
        }
        if let bad = labels.first(where: { $0 < 0 || $0 >= classes.count }) {
            throw DatasetError.inconsistent("label index \(bad) outside 0..<\(classes.count)")
        }
        guard Set(classes).count == classes.count else {
            throw DatasetError.inconsistent("duplicate class names")
        }
        self.names = names
        self.featureNames = featureNames
        self.x = x.rows == 0 ? Matrix(rows: 0, columns: featureNames.count) : x
        self.labels = labels
        self.classes = classes
    }

    /// Number of rows.
    public var count: Int { names.count }

    /// Rows per class, indexed like `classes`.
    public var classCounts: [Int] {
        var counts = Array(repeating: 0, count: classes.count)
        for l in labels { counts[l] += 1 }
        return counts
    }

    /// The recording each row comes from, for group-aware cross-validation: rows of one group must
    /// never be split between training and test (3-second segments of one clip are near-duplicates).
    /// See `Dataset.group(ofName:)` for the rule.
    public var groups: [String] { names.map(Dataset.group(ofName:)) }

    /// The track a sample name belongs to. The extension is dropped; then, when the remaining stem
    /// has at least three dot-separated parts and the last one is all digits, that segment number
    /// is dropped too: `blues.00000.3.wav` -> `blues.00000`, `blues.00000.wav` -> `blues.00000`,
    /// `my song.wav` -> `my song`. (The Kaggle 3-second CSV names segments `NAME.K.wav`.)
    public static func group(ofName name: String) -> String {
        var stem = Substring(name)
        if let dot = stem.lastIndex(of: "."), !stem[dot...].contains("/") { stem = stem[..<dot] }
        let parts = stem.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count >= 3, let last = parts.last, !last.isEmpty, last.allSatisfy({ $0.isASCII && $0.isNumber }) {
            stem = stem[..<stem.index(stem.endIndex, offsetBy: -(last.count + 1))]
        }
        return String(stem)
    }

    /// The rows at `indices` (in that order; repeats allowed). Classes are kept unchanged, so
    /// label indices mean the same thing in the subset. Indices must be in `0..<count`.
    public func subset(_ indices: [Int]) -> Dataset {
        var copy = self
        copy.names = indices.map { names[$0] }
        copy.labels = indices.map { labels[$0] }
        copy.x = x.selectingRows(indices)
        return copy
    }

    /// This dataset's rows followed by `other`'s, e.g. the GTZAN table plus a user's own genre.
    /// Classes become the sorted union and both label sets are re-mapped. `other`'s columns are
    /// matched to this dataset's by name (so a different column order is fine); throws
    /// `DatasetError.missingColumn` when `other` lacks one of this dataset's features, and
    /// `DatasetError.inconsistent` when it has extra ones.
    public func merging(_ other: Dataset) throws -> Dataset {
        var position: [String: Int] = [:]
        for (i, name) in other.featureNames.enumerated() { position[name] = i }
        var columns: [Int] = []
        for name in featureNames {
            guard let c = position[name] else { throw DatasetError.missingColumn(file: "the dataset being merged", column: name) }
            columns.append(c)
        }
        guard other.featureNames.count == featureNames.count else {
            let extra = Set(other.featureNames).subtracting(featureNames).sorted()
            throw DatasetError.inconsistent("the dataset being merged has extra feature columns: \(extra.joined(separator: ", "))")
        }
        let otherX = columns == Array(0..<columns.count) ? other.x : other.x.selectingColumns(columns)
        let union = Array(Set(classes).union(other.classes)).sorted()
        var index: [String: Int] = [:]
        for (i, c) in union.enumerated() { index[c] = i }
        let mine = labels.map { index[classes[$0]] ?? 0 }
        let theirs = other.labels.map { index[other.classes[$0]] ?? 0 }
        let mergedX = count == 0 ? otherX : (other.count == 0 ? x : x.appendingRows(otherX))
        return try Dataset(names: names + other.names, featureNames: featureNames, x: mergedX,
                           labels: mine + theirs, classes: union)
    }
}

/// Problems reading or combining datasets, naming the file, line and column concerned.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case empty(file: String)
    case malformedCSV(file: String, line: Int, reason: String)
    case missingColumn(file: String, column: String)
    case duplicateColumn(file: String, column: String)
    case badRow(file: String, line: Int, reason: String)
    case inconsistent(String)

    public var description: String {
        switch self {
        case .unreadable(let f, let r): return "\(f): cannot read: \(r)"
        case .empty(let f): return "\(f): no header line (the file is empty)"
        case .malformedCSV(let f, let l, let r): return "\(f):\(l): malformed CSV: \(r)"
        case .missingColumn(let f, let c): return "\(f): missing column '\(c)'"
        case .duplicateColumn(let f, let c): return "\(f): column '\(c)' appears more than once in the header"
        case .badRow(let f, let l, let r): return "\(f):\(l): \(r)"
        case .inconsistent(let what): return "inconsistent dataset: \(what)"
        }
    }
}
