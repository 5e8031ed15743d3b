import Foundation

/// Why an image or chart could not be made. Every message names the offending input, so a caller can show it as is.
public enum GraphicsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A size, count or value that the operation cannot accept; the string says which and why.
    case invalidInput(String)
    /// Writing a file failed; `path` is the destination, `reason` the underlying error.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidInput(let message): return message
        case .writeFailed(let path, let reason): return "cannot write \(path): \(reason)"
        }
    }
}
