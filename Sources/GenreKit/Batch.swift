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
public func runBatch<Value: Sendable>(_ discovered: FileDiscovery.Result, label: String = "files", strict: Bool,
                                     _ work: @escaping @Sendable (URL) throws -> Warned<Value>) -> BatchOutcome<Value> {
    let progress = ProgressBar(total: discovered.files.count, label: label)
    let outcomes = parallelMap(discovered.files) { url -> Result<Warned<Value>, FileProblem> in
        defer { progress.advance() }
        do {
            return .success(try work(url))
        } catch let problem as FileProblem {
            return .failure(problem)
        } catch {
            return .failure(FileProblem(file: url.path, message: "\(error)"))
        }
    }
    progress.finish()
    var results: [(file: URL, value: Value)] = []
    var problems = discovered.problems
    var warnings: [FileWarning] = []
    for (url, outcome) in zip(discovered.files, outcomes) {
        switch outcome {
        case .success(let warned) where strict && !warned.warnings.isEmpty:
            problems += warned.warnings.map { FileProblem(file: url.path, message: $0 + " (an error under --strict)") }
        case .success(let warned):
            results.append((url, warned.value))
            warnings += warned.warnings.map { FileWarning(file: url.path, message: $0) }
        case .failure(let problem): problems.append(problem)
        }
    }
    return BatchOutcome(results: results, problems: problems, warnings: warnings)
}
