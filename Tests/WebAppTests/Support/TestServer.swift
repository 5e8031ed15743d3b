import Catalog
import Foundation
import TestSupport

/// A catalogue of generated recordings served by `genre serve --port 0` in a child process.
///
/// A child process rather than a server task in the test process: Swift's concurrency pool has
/// one thread per core, and the tests of other suites, running at the same time, may hold them
/// all for minutes with feature extraction, which would stall the server's handlers.
struct TestServer {
    let collection: TestCollection
    let catalog: Catalog
    let port: Int
    let process: Process
    var http: RawHTTP { RawHTTP(port: port) }

    /// Indexes a small collection (recordings of 6 s, one of 50 s, broken files) and starts the server.
    /// `prepare` may change the collection (its folder) before it is indexed.
    static func start(count: Int = 4, prepare: (TestCollection) throws -> Void = { _ in }) throws -> TestServer {
        let collection = try TestCollection.make(count: count, longEvery: count)
        try prepare(collection)
        let url = collection.root.appendingPathComponent("catalogue.sqlite")
        let catalog = try Catalog(url: url)
        var indexer = Indexer(catalog: catalog)
        indexer.progress = false
        _ = try indexer.run([collection.root.path])
        let log = collection.root.appendingPathComponent("serve.log")
        let process = try GenreProcess.start(["serve", "--catalog", url.path, "--port", "0"], output: log)
        var port = 0
        let deadline = Date().addingTimeInterval(120)
        while port == 0 && process.isRunning && Date() < deadline {
            usleep(20_000)
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on http://127.0.0.1:") }) {
                port = Int(line.split(separator: ":").last ?? "") ?? 0
            }
        }
        guard port > 0 else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            collection.remove()
            throw CocoaError(.featureUnsupported, userInfo: [NSLocalizedDescriptionKey: "genre serve did not start: \(text)"])
        }
        return TestServer(collection: collection, catalog: catalog, port: port, process: process)
    }

    /// Runs `body` with a started server, and stops it afterwards whatever happens.
    static func with(count: Int = 4, prepare: (TestCollection) throws -> Void = { _ in }, _ body: (TestServer) throws -> Void) throws {
        let server = try start(count: count, prepare: prepare)
        defer { server.stop() }
        try body(server)
    }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        collection.remove()
    }

    /// The id of the recording at `relative` (a path in the collection).
    func id(_ relative: String) throws -> String {
        let rows = try catalog.recordings(CollectionQuery())
        guard let row = rows.first(where: { $0.file == collection.path(relative) }) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: relative])
        }
        return row.id
    }
}
