import Foundation

extension Dataset {
    /// Columns of a Kaggle-schema CSV that are not features: the sample name, the clip length in
    /// samples (a property of the file, not of the music) and the genre.
    public static let nonFeatureColumns: Set<String> = ["filename", "length", "label"]

    /// Reads a Kaggle-schema feature CSV: header `filename,length,<features...>,label`, one row per
    /// clip or segment, CRLF or LF line ends, fields optionally double-quoted.
    ///
    /// - Parameters:
    ///   - url: the CSV file.
    ///   - expected: when given, exactly these feature columns are taken, in this order (a model's
    ///     feature list); a column missing from the file is an error naming it, extra columns are
    ///     ignored. When nil, every column except `filename`, `length` and `label` is a feature,
    ///     in header order.
    /// - Returns: the dataset; classes are the distinct labels sorted alphabetically. Without a
    ///   `filename` column, rows are named `row<N>` (N = line number).
    /// - Throws: `DatasetError` with the file name and line number: unreadable or empty file,
    ///   missing `label` column, duplicate header names, a row with the wrong number of fields,
    ///   an empty label, or a feature value that is not a finite number.
    public static func loadCSV(_ url: URL, featureNames expected: [String]? = nil) throws -> Dataset {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DatasetError.unreadable(file: url.path, reason: error.localizedDescription)
        }
        return try parseCSV(Array(data), source: url.lastPathComponent, featureNames: expected)
    }

    /// `loadCSV` on bytes already in memory; `source` names them in errors.
    public static func parseCSV(_ bytes: [UInt8], source: String, featureNames expected: [String]? = nil) throws -> Dataset {
        let table = try CSVTable(bytes: bytes, source: source)
        guard let headerRecord = table.records.first else { throw DatasetError.empty(file: source) }
        let header = headerRecord.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var position: [String: Int] = [:]
        for (i, name) in header.enumerated() {
            guard position[name] == nil else { throw DatasetError.duplicateColumn(file: source, column: name) }
            position[name] = i
        }
        guard let labelColumn = position["label"] else { throw DatasetError.missingColumn(file: source, column: "label") }
        let nameColumn = position["filename"]

        let featureNames: [String]
        let featureColumns: [Int]
        if let expected {
            var columns: [Int] = []
            for name in expected {
                guard let c = position[name] else { throw DatasetError.missingColumn(file: source, column: name) }
                columns.append(c)
            }
            featureNames = expected
            featureColumns = columns
        } else {
            let kept = header.enumerated().filter { !nonFeatureColumns.contains($0.element) }
            featureNames = kept.map(\.element)
            featureColumns = kept.map(\.offset)
        }

        let rows = table.records.dropFirst()
        var names: [String] = []
        var labelNames: [String] = []
        var values: [Double] = []
        names.reserveCapacity(rows.count)
        labelNames.reserveCapacity(rows.count)
        values.reserveCapacity(rows.count * featureColumns.count)
        for record in rows {
            let f = record.fields
            guard f.count == header.count else {
                throw DatasetError.badRow(file: source, line: record.line,
                                          reason: "\(f.count) fields where the header has \(header.count)")
            }
            let label = f[labelColumn].trimmingCharacters(in: .whitespaces)
            guard !label.isEmpty else { throw DatasetError.badRow(file: source, line: record.line, reason: "empty label") }
            for (k, c) in featureColumns.enumerated() {
                let text = f[c].trimmingCharacters(in: .whitespaces)
                guard let v = Double(text), v.isFinite else {
                    let shown = text.isEmpty ? "an empty field" : "'\(text.prefix(40))'"
                    throw DatasetError.badRow(file: source, line: record.line,
                                              reason: "column '\(featureNames[k])' holds \(shown), not a finite number")
                }
                values.append(v)
            }
            names.append(nameColumn.map { f[$0] } ?? "row\(record.line)")
            labelNames.append(label)
        }
        let classes = Array(Set(labelNames)).sorted()
        var index: [String: Int] = [:]
        for (i, c) in classes.enumerated() { index[c] = i }
        let labels = labelNames.map { index[$0] ?? 0 }
        return try Dataset(names: names, featureNames: featureNames,
                           x: Matrix(rows: names.count, columns: featureColumns.count, values: values),
                           labels: labels, classes: classes)
    }
}
