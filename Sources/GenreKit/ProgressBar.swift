import Foundation

/// A one-line progress bar on standard error, drawn only when stderr is a terminal, so that
/// piped or logged output stays clean. Thread-safe: batch workers call `advance()`.
public final class ProgressBar: @unchecked Sendable {
    private let total: Int
    private let label: String
    private var done = 0
    private let enabled: Bool
    private let lock = NSLock()
    private let started = Date()
    private let observer: (@Sendable (_ done: Int, _ total: Int) -> Void)?

    /// - Parameters:
    ///   - total: number of steps (files).
    ///   - label: what is counted, e.g. "files".
    ///   - enabled: draw at all; defaults to whether stderr is a terminal.
    ///   - observer: told (done, total) at the start and after every step, whether or not the bar is drawn
    ///     (e.g. for the web app's training status).
    public init(total: Int, label: String = "files", enabled: Bool = isatty(STDERR_FILENO) == 1,
                observer: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) {
        self.total = total
        self.label = label
        self.enabled = enabled && total > 1
        self.observer = observer
        observer?(0, total)
        draw()
    }

    /// Marks one more step done and redraws.
    public func advance() {
        let now = lock.withLock { done += 1; return done }
        observer?(now, total)
        draw()
    }

    /// Clears the bar's line (call before printing results).
    public func finish() {
        guard enabled else { return }
        lock.withLock { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    private func draw() {
        guard enabled else { return }
        lock.withLock {
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
            let elapsed = Date().timeIntervalSince(started)
            let line = String(format: "\r[%@] %d/%d %@  %.1fs", bar, done, total, label, elapsed)
            FileHandle.standardError.write(Data(line.utf8))
        }
    }
}
