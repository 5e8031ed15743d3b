import Foundation

/// Writes files so that a reader (or a crash) never sees half of one: the bytes go to a hidden
/// temporary file in the same directory, which is then renamed over the destination.
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                throw FileProblem(file: url.path, message: "cannot write: \(String(cString: strerror(errno)))")
            }
        } catch let problem as FileProblem {
            try? FileManager.default.removeItem(at: temporary)
            throw problem
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw FileProblem(file: url.path, message: "cannot write: \(error.localizedDescription)")
        }
    }

    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }
}
