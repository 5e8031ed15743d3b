import Foundation

/// A minimal RFC 4180 CSV reader: comma-separated fields, optional double quotes around a field
/// (a quote inside a quoted field is written twice), CRLF, LF or CR line ends, an optional UTF-8
/// byte-order mark. Blank lines are skipped. It exists so the learning library can read the
/// Kaggle feature CSVs (and the CLI's own `features` output) without a dependency.
struct CSVTable {
    /// One record: its 1-based line number in the file (where the record starts) and its fields.
    struct Record {
        var line: Int
        var fields: [String]
    }

    var records: [Record]

    /// Parses `bytes` (UTF-8). Throws `DatasetError.malformedCSV` for an unterminated quoted
    /// field or text between a closing quote and the next separator.
    init(bytes: [UInt8], source: String) throws {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var i = 0
        let n = bytes.count
        // Skip a UTF-8 byte-order mark (Excel writes one).
        if n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }
        var fieldWasQuoted = false
        var atRecordStart = true

        func finishField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        func finishRecord() {
            finishField()
            // A blank line is one empty unquoted field: skip it.
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
            atRecordStart = true
        }

        while i < n {
            let b = bytes[i]
            if atRecordStart { recordLine = line; atRecordStart = false }
            switch b {
            case UInt8(ascii: "\""):
                guard field.isEmpty && !fieldWasQuoted else {
                    throw DatasetError.malformedCSV(file: source, line: line, reason: "a double quote inside an unquoted field")
                }
                // Quoted field: read to the closing quote; "" is a literal quote.
                let openLine = line
                i += 1
                var closed = false
                while i < n {
                    let q = bytes[i]
                    if q == UInt8(ascii: "\"") {
                        if i + 1 < n && bytes[i + 1] == UInt8(ascii: "\"") { field.append(q); i += 2; continue }
                        closed = true; i += 1; break
                    }
                    if q == UInt8(ascii: "\n") { line += 1 }
                    field.append(q); i += 1
                }
                guard closed else {
                    throw DatasetError.malformedCSV(file: source, line: openLine, reason: "a quoted field is never closed")
                }
                fieldWasQuoted = true
                if i < n, ![UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(bytes[i]) {
                    throw DatasetError.malformedCSV(file: source, line: line, reason: "text after a closing double quote")
                }
                continue
            case UInt8(ascii: ","):
                finishField()
            case UInt8(ascii: "\r"):
                finishRecord()
                if i + 1 < n && bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                line += 1
            case UInt8(ascii: "\n"):
                finishRecord()
                line += 1
            default:
                field.append(b)
            }
            i += 1
        }
        if !atRecordStart { finishRecord() }
        self.records = records
    }
}
