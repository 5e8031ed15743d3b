import Catalog
import Foundation
import GenreKit
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `genre serve`: a local web app over a catalogue — the collection table, one page per
/// recording with its audio, the map, the user's labels and a personal model — and the JSON
/// API the pages use. It binds to loopback unless told otherwise, serves no file that is not a
/// catalogued recording, and loads nothing from the network (see `SecurityMiddleware`).
public struct WebServer: Sendable {
    public let catalog: Catalog
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    /// Largest request body accepted (bytes); more is answered 413.
    public static let maximumBodySize = 64 * 1024

    public init(catalog: Catalog, host: String = "127.0.0.1", port: Int = 8080) {
        self.catalog = catalog
        self.host = host
        self.port = port
    }

    /// Serves until the task is cancelled or the process receives SIGINT or SIGTERM.
    /// - Parameter onListening: called with "http://HOST:PORT" once connections are accepted.
    public func run(onListening: @escaping @Sendable (String) -> Void) async throws {
        let site = Site(catalog: catalog)
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: SecurityMiddleware(address: site.address))
        Routes(site: site).register(on: router)
        var logger = Logger(label: "genre-serve")
        logger.logLevel = .warning
        let host = self.host
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                site.address.set(host: host, port: port)
                onListening(site.address.origin)
            },
            logger: logger)
        do { try await app.runService() } catch {
            throw WebServerError(message: "cannot serve on \(host):\(port): \(error)")
        }
    }
}

extension WebServer {
    /// Runs `server` to its end from synchronous code; returns the error it stopped with, if any.
    public static func runBlocking(_ server: WebServer, onListening: @escaping @Sendable (String) -> Void) -> (any Error)? {
        let finished = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        Task.detached {
            do { try await server.run(onListening: onListening) } catch { outcome.error = error }
            finished.signal()
        }
        finished.wait()
        return outcome.error
    }

    private final class Outcome: @unchecked Sendable {
        var error: (any Error)?
    }
}

/// The server could not start (e.g. the port is taken).
public struct WebServerError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// Every route of the app.
struct Routes: Sendable {
    let site: Site

    func register(on router: Router<BasicRequestContext>) {
        router.get("/") { request, _ in try await collection(request) }
        router.get("/recordings/:id") { request, context in try await recording(context.parameters.require("id")) }
        router.get("/recordings/:id/spectrogram.svg") { _, context in try await spectrogram(context.parameters.require("id")) }
        router.get("/recordings/:id/labels/:format") { _, context in
            try await annotations(context.parameters.require("id"), format: context.parameters.require("format"))
        }
        router.get("/map") { _, _ in try await map() }
        router.get("/labels") { _, _ in try await labels() }
        router.get("/app.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-cache"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: AppScript.source)))
        }
        router.get("/export.csv") { request, _ in try await export(request, csv: true) }
        router.get("/export.json") { request, _ in try await export(request, csv: false) }
        router.get("/api/recordings") { request, _ in try await apiRecordings(request) }
        router.get("/api/recordings/:id") { _, context in try await apiRecording(context.parameters.require("id")) }
        router.post("/api/recordings/:id/labels") { request, context in try await apiSetLabels(request, id: context.parameters.require("id")) }
        router.post("/api/train") { request, _ in try await apiTrain(request) }
        router.get("/audio/:id") { request, context in try await audio(request, id: context.parameters.require("id"), context: context) }
    }

    // MARK: - Pages

    func collection(_ request: Request) async throws -> Response {
        let query = CollectionQuery(items: Self.queryItems(request))
        let page = try await offload { [site] in try CollectionPage(site: site, query: query).html() }
        return Self.html(page)
    }

    func recording(_ id: String) async throws -> Response {
        guard let detail = try site.catalog.recording(id) else { throw HTTPError(.notFound, message: "no such recording") }
        return Self.html(try await offload { [site] in try RecordingPage(site: site, detail: detail).html() })
    }

    func spectrogram(_ id: String) async throws -> Response {
        guard let path = try site.catalog.audioFile(id) else { throw HTTPError(.notFound, message: "no such recording on disk") }
        let svg = try await offload { [site] () throws -> String in
            if let cached = site.spectrograms.value(id) { return cached }
            let svg = try SpectrogramFigure.svg(SpectrogramFigure.image(of: URL(fileURLWithPath: path)), plotWidth: 720)
            site.spectrograms.store(svg, for: id)
            return svg
        }
        return Response(status: .ok, headers: [.contentType: "image/svg+xml", .cacheControl: "private, max-age=3600"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: svg)))
    }

    /// `format`: as `genre classify --labels` names it (audacity, elan, sonic-visualiser).
    func annotations(_ id: String, format name: String) async throws -> Response {
        guard let format = LabelFormat(rawValue: name), let detail = try site.catalog.recording(id) else {
            throw HTTPError(.notFound, message: "no such recording or annotation format")
        }
        let download = try AnnotationDownload(detail, format: format)
        return Response(status: .ok, headers: [.contentType: format.mimeType, .contentDisposition: download.contentDisposition],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: download.body)))
    }

    func map() async throws -> Response {
        Self.html(try await offload { [site] in try MapPage(site: site).html() })
    }

    func labels() async throws -> Response {
        Self.html(try await offload { [site] in try LabelsPage(site: site).html() })
    }

    // MARK: - Export and API

    func export(_ request: Request, csv: Bool) async throws -> Response {
        let query = CollectionQuery(items: Self.queryItems(request))
        let rows = try site.catalog.recordings(query)
        let classes = try site.model().model.classes
        if csv {
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                                   .contentDisposition: "attachment; filename=\"collection.csv\""],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: ExportFormat.csv(rows, classes: classes))))
        }
        var response = Self.json(try ExportFormat.json(rows))
        response.headers[.contentDisposition] = "attachment; filename=\"collection.json\""
        return response
    }

    func apiRecordings(_ request: Request) async throws -> Response {
        Self.json(try ExportFormat.json(site.catalog.recordings(CollectionQuery(items: Self.queryItems(request)))))
    }

    func apiRecording(_ id: String) async throws -> Response {
        guard let detail = try site.catalog.recording(id) else { throw HTTPError(.notFound, message: "no such recording") }
        return Self.json(try ExportFormat.detail(detail))
    }

    struct LabelsBody: Decodable { var labels: [String] }

    func apiSetLabels(_ request: Request, id: String) async throws -> Response {
        guard try site.catalog.recording(id) != nil else { throw HTTPError(.notFound, message: "no such recording") }
        let body: LabelsBody = try await Self.decode(request)
        guard body.labels.count <= 100, body.labels.allSatisfy({ $0.count <= 200 }) else {
            throw HTTPError(.badRequest, message: "at most 100 labels of at most 200 characters")
        }
        guard try site.catalog.setLabels(of: id, to: body.labels) else { throw HTTPError(.notFound, message: "no such recording") }
        let labels = try site.catalog.labels(of: id)
        return Self.json(try JSONSerialization.data(withJSONObject: ["id": id, "labels": labels], options: [.sortedKeys]))
    }

    struct TrainBody: Decodable {
        var algorithm: String?
        /// Train on these labels only (all when absent).
        var labels: [String]?
        /// Go back to the bundled model instead of training.
        var reset: Bool?
    }
    struct TrainOutcome: Codable, Sendable { var algorithm: String, classes: [String], rows: Int, reclassified: Int, failed: Int }

    func apiTrain(_ request: Request) async throws -> Response {
        let body: TrainBody = try await Self.decode(request)
        let algorithm = try body.algorithm.map { name -> Algorithm in
            guard let a = Algorithm(rawValue: name) else { throw HTTPError(.badRequest, message: "unknown algorithm \(name)") }
            return a
        } ?? .stack
        guard site.training.take() else { throw HTTPError(.conflict, message: "a model is being trained already") }
        defer { site.training.release() }
        let outcome = try await offload { [site] () throws -> TrainOutcome in
            if body.reset == true {
                let summary = try CatalogTraining.revertToDefault(site.catalog, progress: false)
                return TrainOutcome(algorithm: "default", classes: try site.model().model.classes, rows: 0,
                                    reclassified: summary.reclassified, failed: summary.failed)
            }
            let data: TrainingData
            do { data = try CatalogTraining.trainingData(site.catalog, base: nil, only: body.labels ?? []) } catch let problem as FileProblem {
                throw HTTPError(.unprocessableContent, message: problem.message)
            }
            let model = try GenreModel.train(data.dataset, algorithm: algorithm)
            let summary = try CatalogTraining.adopt(model, name: "personal", trainingData: data.dataset, cvAccuracy: nil,
                                                    into: site.catalog, progress: false)
            return TrainOutcome(algorithm: algorithm.rawValue, classes: data.dataset.classes, rows: data.dataset.count,
                                reclassified: summary.reclassified, failed: summary.failed)
        }
        return Self.json(try ClassificationText.encoder().encode(outcome))
    }

    // MARK: - Audio

    func audio(_ request: Request, id: String, context: BasicRequestContext) async throws -> Response {
        guard let path = try site.catalog.audioFile(id) else { throw HTTPError(.notFound, message: "no such recording on disk") }
        var info = stat()
        guard stat(path, &info) == 0 else { throw HTTPError(.notFound, message: "no such recording on disk") }
        let size = Int(info.st_size)
        var headers: HTTPFields = [.contentType: Self.audioType(path), .acceptRanges: "bytes", .cacheControl: "private, max-age=60"]
        switch ByteRange.parse(request.headers[.range], size: size) {
        case .unsatisfiable:
            headers[.contentRange] = "bytes */\(size)"
            return Response(status: .rangeNotSatisfiable, headers: headers)
        case .whole:
            headers[.contentLength] = String(size)
            let body = size == 0 ? ResponseBody() : try await FileIO().loadFile(path: path, range: 0...(size - 1), context: context)
            return Response(status: .ok, headers: headers, body: body)
        case .partial(let range):
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
            headers[.contentLength] = String(range.count)
            return Response(status: .partialContent, headers: headers,
                            body: try await FileIO().loadFile(path: path, range: range, context: context))
        }
    }

    /// The media type browsers expect for an audio file, by extension.
    static func audioType(_ path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "wav", "wave", "bwf", "rf64": return "audio/wav"
        case "flac": return "audio/flac"
        case "aif", "aiff", "aifc": return "audio/aiff"
        case "au", "snd": return "audio/basic"
        case "mp3": return "audio/mpeg"
        case "ogg", "oga", "opus": return "audio/ogg"
        case "m4a", "mp4", "aac": return "audio/mp4"
        default: return "application/octet-stream"
        }
    }

    // MARK: - Helpers

    /// Query items as a form sends them (`+` for spaces, percent-encoding), the last of each name kept.
    static func queryItems(_ request: Request) -> [String: String] {
        var items: [String: String] = [:]
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            if let key = parts.first, !key.isEmpty { items[key] = parts.count > 1 ? parts[1] : "" }
        }
        return items
    }

    static func decode<T: Decodable>(_ request: Request) async throws -> T {
        let buffer = try await request.body.collect(upTo: WebServer.maximumBodySize)
        do { return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView)) } catch {
            throw HTTPError(.badRequest, message: "the body is not the JSON expected")
        }
    }

    static func html(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ data: Data) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
