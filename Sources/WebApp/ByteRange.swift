import Foundation

/// The part of a file a `Range` request header asks for (RFC 9110 §14.1.2, bytes only).
///
/// Written here rather than using Hummingbird's FileMiddleware because that one reads a suffix
/// range `bytes=-500` as the first 501 bytes (not the last 500) and answers a range that starts
/// past the end with 206 instead of 416.
enum ByteRange: Equatable {
    /// No usable Range header: send the whole file (200). A syntactically invalid header, a
    /// unit other than bytes, or several ranges are answered this way (RFC 9110 lets a server
    /// ignore Range).
    case whole
    /// Send these bytes (206, Content-Range: bytes first-last/size).
    case partial(ClosedRange<Int>)
    /// The range lies outside the file (416, Content-Range: bytes */size).
    case unsatisfiable

    static func parse(_ header: String?, size: Int) -> ByteRange {
        guard let header else { return .whole }
        let text = header.trimmingCharacters(in: .whitespaces)
        guard text.lowercased().hasPrefix("bytes=") else { return .whole }
        let spec = text.dropFirst(6).trimmingCharacters(in: .whitespaces)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .whole }
        let first = spec[..<dash].trimmingCharacters(in: .whitespaces), last = spec[spec.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        func number(_ s: String) -> Int? { s.isEmpty || !s.utf8.allSatisfy({ (48...57).contains($0) }) ? nil : Int(s) }
        if first.isEmpty {
            // bytes=-N: the last N bytes.
            guard let suffix = number(last) else { return .whole }
            guard suffix > 0, size > 0 else { return .unsatisfiable }
            return .partial(max(0, size - suffix)...(size - 1))
        }
        guard let start = number(first) else { return .whole }
        let end: Int
        if last.isEmpty { end = size - 1 } else {
            guard let e = number(last), e >= start else { return .whole }
            end = min(e, size - 1)
        }
        guard start < size else { return .unsatisfiable }
        return .partial(start...end)
    }
}
