import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The address the server listens on, known once it is bound (`--port 0` picks the port).
final class BoundAddress: @unchecked Sendable {
    private var host = "", port = 0
    private let lock = NSLock()

    func set(host: String, port: Int) { lock.withLock { self.host = host; self.port = port } }

    /// "http://HOST:PORT" (IPv6 hosts in brackets).
    var origin: String {
        lock.withLock { "http://\(host.contains(":") ? "[\(host)]" : host):\(port)" }
    }

    /// The Host headers a browser sends for this server: the bound name and, on loopback, the
    /// other loopback spellings. Empty (anything goes) when bound to every interface.
    var allowedAuthorities: Set<String> {
        lock.withLock {
            if host == "0.0.0.0" || host == "::" { return [] }
            var names: Set<String> = [host.contains(":") ? "[\(host)]" : host]
            if ["127.0.0.1", "localhost", "::1"].contains(host) { names.formUnion(["127.0.0.1", "localhost", "[::1]"]) }
            return Set(names.map { "\($0):\(port)" })
        }
    }
}

/// The web app's protections, for every request:
/// - a Host header naming this server is required, so a page on another site cannot reach it
///   by pointing a domain name at 127.0.0.1 (DNS rebinding);
/// - requests other than GET and HEAD must come from a page of this server: an `Origin` other
///   than the address the request was sent to, or a cross-site `Sec-Fetch-Site`, is refused
///   (403), and their bodies must be JSON, which an HTML form on another site cannot send
///   without CORS (and the server answers no CORS preflight);
/// - responses carry a Content-Security-Policy that lets pages load nothing but this server's
///   own images, audio, script and data (no network), and may not be framed.
/// Errors are answered here too, so they carry the same headers.
struct SecurityMiddleware<Context: RequestContext>: RouterMiddleware {
    let address: BoundAddress

    static var policy: String {
        "default-src 'none'; img-src 'self' data:; media-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            try check(request)
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = Self.plain(error.status, Self.message(error))
        } catch {
            context.logger.error("\(request.method) \(request.uri.path): \(error)")
            response = Self.plain(.internalServerError, "\(error)")
        }
        response.headers[HTTPField.Name("Content-Security-Policy")!] = Self.policy
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }

    func check(_ request: Request) throws {
        let allowed = address.allowedAuthorities
        if !allowed.isEmpty {
            guard let authority = request.head.authority?.lowercased(), allowed.contains(authority) else {
                throw HTTPError(.misdirectedRequest, message: "this server answers only to \(address.origin)")
            }
        }
        guard request.method != .get && request.method != .head else { return }
        // Same origin: scheme, and the host and port the browser addressed (checked above on loopback).
        if let origin = request.headers[.origin], origin.lowercased() != "http://" + (request.head.authority ?? "").lowercased() {
            throw HTTPError(.forbidden, message: "requests from other sites (\(origin)) are refused")
        }
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin" && site != "none" {
            throw HTTPError(.forbidden, message: "requests from other sites are refused")
        }
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/json") else {
            throw HTTPError(.unsupportedMediaType, message: "send the body as application/json")
        }
    }

    static func message(_ error: any HTTPResponseError) -> String {
        if let error = error as? HTTPError, let body = error.body { return body }
        return error.status.reasonPhrase
    }

    /// A one-line text response.
    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}
