import Foundation

/// A minimal HTTP/1.1 client over a plain socket, so tests send exactly the bytes they mean
/// (URL libraries clean up `..` segments and percent-encoding, and add headers of their own).
struct RawHTTP {
    let port: Int

    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    /// Sends `method target` with `headers` (Host and Connection: close are added unless given) and `body`.
    func send(_ method: String, _ target: String, headers: [String: String] = [:], body: Data = Data()) throws -> Reply {
        var lines = ["\(method) \(target) HTTP/1.1"]
        var all = headers
        if !all.keys.contains(where: { $0.lowercased() == "host" }) { all["Host"] = "127.0.0.1:\(port)" }
        all["Connection"] = "close"
        if !body.isEmpty || method == "POST" { all["Content-Length"] = String(body.count) }
        for (k, v) in all.sorted(by: { $0.key < $1.key }) { lines.append("\(k): \(v)") }
        var request = Data((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
        request.append(body)
        return try Self.parse(exchange(request))
    }

    func get(_ target: String, headers: [String: String] = [:]) throws -> Reply { try send("GET", target, headers: headers) }

    /// POSTs JSON from this server's own origin unless `headers` say otherwise.
    func post(_ target: String, json: String, headers: [String: String] = [:]) throws -> Reply {
        var h = ["Content-Type": "application/json", "Origin": "http://127.0.0.1:\(port)"]
        for (k, v) in headers { h[k] = v }
        return try send("POST", target, headers: h.filter { !$0.value.isEmpty }, body: Data(json.utf8))
    }

    private func exchange(_ request: Data) throws -> Data {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        // Generous: POST /api/train fits a personal model with the full default recipe (chain
        // augmentation, calibration, aspect models), which takes minutes on a loaded 2-core CI machine.
        var timeout = timeval(tv_sec: 600, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        try request.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let n = write(fd, raw.baseAddress! + sent, raw.count - sent)
                // The server may answer (e.g. 413) and close before reading everything.
                if n <= 0 { if sent > 0 { break }; throw POSIXError(.EPIPE) }
                sent += n
            }
        }
        var reply = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            reply.append(contentsOf: buffer[0..<n])
        }
        return reply
    }

    static func parse(_ data: Data) throws -> Reply {
        guard let end = data.range(of: Data("\r\n\r\n".utf8)) else { throw POSIXError(.EBADMSG) }
        let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw POSIXError(.EBADMSG) }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(data[end.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        return Reply(status: status, headers: headers, body: body)
    }

    static func dechunk(_ data: Data) -> Data {
        var out = Data(), i = data.startIndex
        while let lineEnd = data[i...].range(of: Data("\r\n".utf8)) {
            let sizeText = String(decoding: data[i..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            guard start + size <= data.endIndex else { break }
            out.append(data[start..<(start + size)])
            i = start + size + 2
        }
        return out
    }
}
