import Foundation

/// The outcome of running one job over many files: a value for each file that worked, in the
/// order the files were given, one problem per file (or path) that did not, and the warnings of
/// files that worked all the same (salvaged audio, unreadable metadata, …).
public struct BatchOutcome<Value: Sendable>: Sendable {
    public var results: [(file: URL, value: Value)]
    public var problems: [FileProblem]
    /// One per warning, in file order; a warned file still has its result (unless `strict`).
    public var warnings: [FileWarning]
    /// True when every path and file worked (the exit status is 0 only then).
    public var succeeded: Bool { problems.isEmpty }
}

/// Expands `paths` (files, and folders searched recursively for audio) and runs `work` on every
/// file on all cores, with a progress bar on stderr when it is a terminal. A file whose `work`
/// throws is reported by a `FileProblem` naming it and never stops the others.
public func runBatch<Value: Sendable>(_ paths: [String], label: String = "files",
                                     isWanted: @escaping (URL) -> Bool = Recording.isAudioFile,
                                     _ work: @escaping @Sendable (URL) throws -> Value) -> BatchOutcome<Value> {
    runBatch(FileDiscovery.expand(paths, isWanted: isWanted), label: label, work)
}

/// `runBatch` over `paths` for work that reports warnings (see the `strict` variant below).
public func runBatch<Value: Sendable>(_ paths: [String], label: String = "files", strict: Bool,
                                     isWanted: @escaping (URL) -> Bool = Recording.isAudioFile,
                                     _ work: @escaping @Sendable (URL) throws -> Warned<Value>) -> BatchOutcome<Value> {
    runBatch(FileDiscovery.expand(paths, isWanted: isWanted), label: label, strict: strict, work)
}

/// `runBatch` over files already discovered (for callers that look at the file list first).
public func runBatch<Value: Sendable>(_ discovered: FileDiscovery.Result, label: String = "files",
                                     _ work: @escaping @Sendable (URL) throws -> Value) -> BatchOutcome<Value> {
    runBatch(discovered, label: label, strict: false) { url in Warned(try work(url)) }
}

/// `runBatch` for work that reports warnings with its value. With `strict`, a file that raised
/// warnings loses its result and each warning becomes a problem ("… (an error under --strict)").
/// - Parameter onEach: called as soon as each file is done (from the worker thread that did it,
///   so in completion order, possibly concurrently) with that file's own outcome: for streaming
///   output (`--format jsonl`) and exports written while the batch runs.
public func runBatch<Value: Sendable>(_ discovered: FileDiscovery.Result, label: String = "files", strict: Bool,
                                     onEach: (@Sendable (BatchOutcome<Value>) -> Void)? = nil,
                                     _ work: @escaping @Sendable (URL) throws -> Warned<Value>) -> BatchOutcome<Value> {
    let progress = ProgressBar(total: discovered.files.count, label: label)
    let outcomes = parallelMap(discovered.files) { url -> BatchOutcome<Value> in
        defer { progress.advance() }
        let outcome: BatchOutcome<Value>
        do {
            outcome = BatchOutcome(file: url, warned: try work(url), strict: strict)
        } catch let problem as FileProblem {
            outcome = BatchOutcome(results: [], problems: [problem], warnings: [])
        } catch {
            outcome = BatchOutcome(results: [], problems: [FileProblem(file: url.path, message: "\(error)")], warnings: [])
        }
        onEach?(outcome)
        return outcome
    }
    progress.finish()
    return BatchOutcome(results: outcomes.flatMap(\.results), problems: discovered.problems + outcomes.flatMap(\.problems),
                        warnings: outcomes.flatMap(\.warnings))
}

extension BatchOutcome {
    /// The outcome of one file whose work succeeded, under the `strict` rule.
    init(file url: URL, warned: Warned<Value>, strict: Bool) {
        if strict && !warned.warnings.isEmpty {
            self.init(results: [], problems: warned.warnings.map { FileProblem(file: url.path, message: $0 + " (an error under --strict)") },
                      warnings: [])
        } else {
            self.init(results: [(url, warned.value)], problems: [], warnings: warned.warnings.map { FileWarning(file: url.path, message: $0) })
        }
    }
}
