import ArgumentParser
import Catalog
import Foundation
import GenreKit

/// `genre catalog`: work on catalogues as wholes.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Work on catalogues as a whole (merge the shards of a collection).",
        subcommands: [MergeCommand.self]
    )

    /// `genre catalog merge`: join catalogues made on several machines.
    struct MergeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Join catalogues (e.g. shards indexed on several machines) into one.",
            discussion: """
                Recordings are matched by content, files by path, labels are united; where two catalogues \
                know the same recording or file, the later analysis or check wins. OUT is created if absent, \
                otherwise the inputs are merged into it. Example:
                  genre catalog merge shard-0.sqlite shard-1.sqlite shard-2.sqlite --catalog archive.sqlite
                """
        )

        @Argument(help: "The catalogues to merge.")
        var inputs: [String]

        @Option(name: .long, help: "The merged catalogue (created if absent).")
        var catalog: String

        func run() throws {
            let output = try Catalog(url: URL(fileURLWithPath: catalog))
            let summary = try CatalogMerge.merge(inputs.map { URL(fileURLWithPath: $0) }, into: output)
            for note in summary.notes { printError(note) }
            print("\(summary.description) in \(catalog)")
        }
    }
}
