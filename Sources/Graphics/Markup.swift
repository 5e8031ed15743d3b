import Foundation

/// Escaping and number formatting shared by the SVG and HTML writers.
public enum Markup {
    /// `text` made safe as XML/HTML character data or a quoted attribute value: `& < > " '` become entities, and
    /// control characters that XML 1.0 forbids (everything below U+0020 except tab, newline and carriage return,
    /// plus U+FFFE/U+FFFF) are dropped, so file names with odd bytes cannot break a document.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A coordinate for SVG: at most two decimals, no trailing zeros, no exponent, "0" for non-finite values.
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let hundredths = (x * 100).rounded()
        if hundredths == 0 { return "0" }
        if abs(hundredths) >= 1e15 { return String(format: "%.0f", x) }
        let n = Int64(hundredths)
        let sign = n < 0 ? "-" : ""
        let magnitude = n.magnitude
        let whole = magnitude / 100, fraction = magnitude % 100
        if fraction == 0 { return "\(sign)\(whole)" }
        if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
        return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// `value` as a percentage with `decimals` places: 0.8125 -> "81.3%".
    public static func percent(_ value: Double, decimals: Int = 1) -> String {
        guard value.isFinite else { return "–" }
        return fixed(value * 100, decimals: decimals) + "%"
    }

    /// Fixed-point text with `decimals` places (0...10), never "-0".
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "-∞") }
        let d = min(max(decimals, 0), 10)
        var s = String(format: "%.\(d)f", value)
        if s.hasPrefix("-") && s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
        return s
    }
}

/// Base64 (RFC 4648, with padding, no line breaks) for data URIs.
public enum Base64 {
    public static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// `data:image/png;base64,...` for PNG file bytes.
    public static func pngDataURI(_ png: [UInt8]) -> String {
        "data:image/png;base64," + encode(png)
    }
}
