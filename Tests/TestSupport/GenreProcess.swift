import Foundation

/// The `genre` executable that `swift test` builds beside the test bundle, run as a child process.
public enum GenreProcess {
    public static var binary: URL? {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("genre"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("genre"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/debug/genre"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Starts `genre arguments...` with its output collected in files (so a full pipe never blocks it).
    public static func start(_ arguments: [String], output: URL) throws -> Process {
        guard let binary else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "genre executable beside the tests"]) }
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        return p
    }

    /// Runs `genre arguments...` to completion: exit status and everything it printed.
    public static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("genre-out-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: log) }
        let p = try start(arguments, output: log)
        p.waitUntilExit()
        return (p.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
}
