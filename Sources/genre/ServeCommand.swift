import ArgumentParser
import Catalog
import Foundation
import WebApp

/// `genre serve`: the local web app over a catalogue.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Explore a catalogue in the browser: the collection, each recording with its audio, the map, your labels.",
        discussion: """
            Prints "listening on http://HOST:PORT" on stderr once it accepts connections; open that address \
            in a browser. It listens on this computer only (127.0.0.1) unless --host says otherwise, and \
            stops with Ctrl-C. Make the catalogue first with genre index PATH... --catalog FILE.
            """
    )

    @Option(name: .long, help: "The catalogue file (made by genre index).")
    var catalog: String

    @Option(name: .long, help: "Address to listen on (0.0.0.0 makes the app reachable from other computers).")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on (0 picks a free one).")
    var port: Int = 8080

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() throws {
        let store = try Catalog(url: URL(fileURLWithPath: catalog), create: false)
        let server = WebServer(catalog: store, host: host, port: port)
        // The other commands are synchronous; the server runs on the concurrency pool while the
        // main thread waits (an async main would park it in dispatch_main, which valgrind
        // cannot follow, so the benchmarks could no longer count instructions).
        if let error = WebServer.runBlocking(server, onListening: { origin in
            FileHandle.standardError.write(Data("listening on \(origin)\n".utf8))
        }) {
            printError("\(error)")
            throw ExitCode(1)
        }
    }
}
