import Foundation

/// Writes files so that a reader (or a crash) never sees half of one: Foundation's atomic write
/// puts the bytes in a temporary file in the same directory and renames it over the destination
/// (a failed write leaves any old file intact).
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL) throws {
        do { try data.write(to: url, options: .atomic) } catch {
            throw FileProblem(file: url.path, message: "cannot write: \(error.localizedDescription)")
        }
    }

    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }
}
