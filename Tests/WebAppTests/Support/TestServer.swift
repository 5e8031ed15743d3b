import Catalog
import Foundation
import TestSupport
import WebApp

/// A catalogue of generated recordings served on a free loopback port, for one test.
struct TestServer {
    let collection: TestCollection
    let catalog: Catalog
    let port: Int
    let task: Task<Void, Error>
    var http: RawHTTP { RawHTTP(port: port) }

    /// Indexes a small collection (recordings of 6 s, one of 50 s, broken files) and starts the server.
    static func start(count: Int = 4) async throws -> TestServer {
        let collection = try TestCollection.make(count: count, longEvery: count)
        let catalog = try Catalog(url: collection.root.appendingPathComponent("catalogue.sqlite"))
        var indexer = Indexer(catalog: catalog)
        indexer.progress = false
        _ = try indexer.run([collection.root.path])
        let (origins, continuation) = AsyncStream<String>.makeStream()
        let task = Task {
            defer { continuation.finish() }
            try await WebServer(catalog: catalog, host: "127.0.0.1", port: 0).run { continuation.yield($0) }
        }
        var port = 0
        for await origin in origins {
            port = Int(origin.split(separator: ":").last ?? "") ?? 0
            break
        }
        guard port > 0 else {
            _ = try await task.value
            throw CocoaError(.featureUnsupported, userInfo: [NSLocalizedDescriptionKey: "the server did not start"])
        }
        return TestServer(collection: collection, catalog: catalog, port: port, task: task)
    }

    /// Runs `body` with a started server, and stops it afterwards whatever happens.
    static func with(count: Int = 4, _ body: (TestServer) async throws -> Void) async throws {
        let server = try await start(count: count)
        do { try await body(server) } catch { await server.stop(); throw error }
        await server.stop()
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
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
