import Features
import Foundation

/// Rendering feature rows as the Kaggle CSV layout (`filename,length,<57 features>`) or JSON.
public enum FeatureTableFormat: String, Sendable, CaseIterable {
    case csv, json

    public func render(_ rows: [FeatureRow]) -> String {
        switch self {
        case .csv:
            var out = KaggleSchema.csvHeader.joined(separator: ",") + "\n"
            for row in rows {
                out += ([csvField(row.filename), String(row.length)] + row.features.map { "\($0)" }).joined(separator: ",") + "\n"
            }
            return out
        case .json:
            // One object per row, keys in Kaggle column order.
            let objects = rows.map { "  " + Self.jsonObject($0) }
            return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
        }
    }
}

extension FeatureTableFormat {
    /// One row as a one-line JSON object, keys in Kaggle column order (non-finite values null):
    /// an element of the JSON array, or a line of `--format jsonl`.
    public static func jsonObject(_ row: FeatureRow) -> String {
        var fields = ["\"filename\": \(jsonString(row.filename))", "\"length\": \(row.length)"]
        for (name, value) in zip(KaggleSchema.featureNames, row.features) {
            fields.append("\"\(name)\": \(value.isFinite ? "\(value)" : "null")")
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }
}

/// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
public func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// A JSON string literal.
public func jsonString(_ text: String) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .withoutEscapingSlashes
    let data = (try? encoder.encode(text)) ?? Data("\"\"".utf8)
    return String(decoding: data, as: UTF8.self)
}
