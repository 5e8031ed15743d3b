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

func printError(_ line: String) {
    FileHandle.standardError.write(Data(("genre: " + line + "\n").utf8))
}
