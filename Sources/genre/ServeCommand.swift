import ArgumentParser
import Catalog
import Foundation
import WebApp

/// `genre serve`: the local web app over a catalogue.
struct ServeCommand: AsyncParsableCommand {
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

    func run() async throws {
        let store = try Catalog(url: URL(fileURLWithPath: catalog), create: false)
        do {
            try await WebServer(catalog: store, host: host, port: port).run { origin in
                FileHandle.standardError.write(Data("listening on \(origin)\n".utf8))
            }
        } catch let error as WebServerError {
            printError(error.message)
            throw ExitCode(1)
        }
    }
}
