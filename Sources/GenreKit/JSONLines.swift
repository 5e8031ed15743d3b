import Foundation

/// `--format jsonl` (JSON Lines, https://jsonlines.org): one compact JSON object per line,
/// written as soon as it is ready with a single unbuffered `write`, so a long batch can be read
/// while it runs and what was written survives a crash. Safe to call from several threads; each
/// line is written whole.
///
/// Records are whatever the command emits per recording; a file that failed is a line of its
/// own, `{"error": MESSAGE, "file": PATH}`.
public final class JSONLinesWriter: @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()
    private let partial: URL?
    private let destination: URL?

    /// Lines go to `handle` (standard output by default).
    public init(handle: FileHandle = .standardOutput) {
        self.handle = handle
        partial = nil
        destination = nil
    }

    /// Lines go to `destination + ".partial"` while the batch runs (readable, and left behind by a
    /// crash); `finish()` renames it to `destination`, so the destination itself only ever
    /// holds a complete run, as every file the tool writes.
    public init(streamingTo destination: URL) throws {
        let partial = URL(fileURLWithPath: destination.path + ".partial")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: partial) else {
            throw FileProblem(file: partial.path, message: "cannot write")
        }
        self.handle = handle
        self.partial = partial
        self.destination = destination
    }

    /// One record as a line.
    public func write<Record: Encodable>(_ record: Record) {
        let data = (try? ClassificationText.encoder().encode(record))
            ?? Data(#"{"error":"cannot encode record"}"#.utf8)
        writeLine(data)
    }

    /// An already encoded JSON object as a line (it must not contain a line break).
    public func write(line json: String) {
        writeLine(Data(json.utf8))
    }

    /// A failed file as a line: `{"error": MESSAGE, "file": PATH}`.
    public func write(_ problem: FileProblem) {
        write(ErrorLine(file: problem.file, error: problem.message))
    }

    /// Closes the file and moves it into place (nothing to do for standard output).
    public func finish() throws {
        guard let partial, let destination else { return }
        try lock.withLock { try handle.close() }
        guard rename(partial.path, destination.path) == 0 else {
            throw FileProblem(file: destination.path, message: "cannot move \(partial.lastPathComponent) into place: \(String(cString: strerror(errno)))")
        }
    }

    private func writeLine(_ json: Data) {
        var line = json
        line.append(0x0A)
        lock.withLock { try? handle.write(contentsOf: line) }
    }

    struct ErrorLine: Encodable {
        var file: String
        var error: String
    }
}
