import ArgumentParser
import Foundation
import GenreKit

/// Writes `text` to the file at `path` atomically, or to standard output when `path` is nil.
func emit(_ text: String, to path: String?) throws {
    if let path {
        try AtomicFile.write(text, to: URL(fileURLWithPath: path))
    } else {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// Prints one line per problem on stderr and exits non-zero if there were any.
func finish(_ problems: [FileProblem]) throws {
    for problem in problems { printError(problem.description) }
    if !problems.isEmpty { throw ExitCode(1) }
}

/// Prints a batch's warnings ("genre: warning: FILE: …", which keep the exit status 0), then its
/// problems, and exits non-zero if there were problems.
func finish<Value>(_ outcome: BatchOutcome<Value>) throws {
    for warning in outcome.warnings { printError("warning: " + warning.description) }
    try finish(outcome.problems)
}

/// `--strict`, shared by the commands that analyse recordings.
struct StrictOption: ParsableArguments {
    @Flag(name: .long, help: "Treat every warning (audio salvaged from a damaged file, unreadable metadata, ...) as an error for that file: it gets no result and the exit status is non-zero.")
    var strict = false
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data(("genre: " + line + "\n").utf8))
}

/// `--shard K/N`, shared by the commands that analyse collections.
struct ShardOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Process only shard K of N (K from 0 to N-1), e.g. one task of a cluster job array.",
        discussion: "Files are shared out by a hash of each one's path relative to the argument it was found under, so every machine and checkout agrees, and the N shards are disjoint and together hold every file.",
        valueName: "K/N"))
    var shard: String?

    func validate() throws {
        if let shard { do { _ = try Shard(parsing: shard) } catch { throw ValidationError("\(error)") } }
    }

    /// The files of the shard, or all of them.
    func select(_ discovered: FileDiscovery.Result) -> FileDiscovery.Result {
        discovered.sharded(shard.flatMap { try? Shard(parsing: $0) })
    }

    /// The shard given, nil without --shard.
    func parsed() throws -> Shard? {
        guard let shard else { return nil }
        do { return try Shard(parsing: shard) } catch { throw ValidationError("\(error)") }
    }
}

extension LabelFormat: ExpressibleByArgument {}

/// Items gathered from several threads (e.g. problems met while a batch runs).
final class Collected<Item: Sendable>: @unchecked Sendable {
    private var storage: [Item] = []
    private let lock = NSLock()
    func append(_ item: Item) { lock.withLock { storage.append(item) } }
    var items: [Item] { lock.withLock { storage } }
}
