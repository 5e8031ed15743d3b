import ArgumentParser
import Catalog
import Foundation
import GenreKit

/// `genre index`: analyse a collection into a catalogue, incrementally.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Analyse a collection of recordings into a catalogue (SQLite), keeping it up to date.",
        discussion: """
            Only new or changed files are analysed: a file whose size and modification time are \
            catalogued is left alone, and a moved or copied file is recognised by its content. Files that \
            vanished are marked missing. A run that is interrupted (even killed) keeps everything finished \
            so far; the next run continues. With --shard K/N only that share of the files is indexed (the same \
            share `features` and `classify` take), for one task of a cluster job array; join the shards' \
            catalogues with `genre catalog merge`. With --model, the catalogue adopts that model and re-classifies \
            its recordings from their stored features. Without paths, the paths of earlier runs are indexed \
            again. Exit status is 0 only if every file was indexed.
            """
    )

    @Option(name: .long, help: "The catalogue file (created if absent).")
    var catalog: String

    @Option(name: .long, help: "Model file (default: the catalogue's model, at first the bundled GTZAN model).")
    var model: String?

    @OptionGroup var sharding: ShardOption

    @Argument(help: "Recordings or folders of recordings (default: the paths indexed before).")
    var paths: [String] = []

    func run() throws {
        let store = try Catalog(url: URL(fileURLWithPath: catalog))
        let inputs = paths.isEmpty ? try store.roots() : paths
        if inputs.isEmpty { throw ValidationError("give the recordings or folders to index") }
        var indexer = Indexer(catalog: store, modelPath: model)
        indexer.shard = try sharding.parsed()
        let summary = try indexer.run(inputs)
        for problem in summary.problems { printError(problem.description) }
        print(summary.description)
        if !summary.succeeded { throw ExitCode(1) }
    }
}
