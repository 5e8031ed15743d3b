import Catalog
import Foundation
import Graphics
import Testing
import TestSupport
@testable import WebApp

/// `genre serve` over a generated catalogue on a free loopback port: every page and endpoint,
/// Range requests, and what it must refuse.
@Suite(.serialized) struct ServerTests {
    @Test func pagesAndAPIShowEveryRecording() throws {
        try TestServer.with { server in
        let http = server.http
        let collection = server.collection

        let home = try http.get("/")
        #expect(home.status == 200 && home.header("content-type")?.hasPrefix("text/html") == true)
        for name in collection.good { #expect(home.text.contains((name as NSString).lastPathComponent), "\(name) not listed") }
        #expect(home.text.contains("4 files could not be analysed"))
        #expect(home.header("content-security-policy")?.contains("default-src 'none'") == true)
        Self.expectNothingFromTheNetwork(home.text)

        let list = try JSONSerialization.jsonObject(with: http.get("/api/recordings").body) as? [String: Any]
        let recordings = try #require(list?["recordings"] as? [[String: Any]])
        #expect(recordings.count == collection.good.count)
        for r in recordings {
            #expect(Set(r.keys).isSuperset(of: ["id", "file", "duration_seconds", "genre", "probabilities", "novelty", "labels"]))
            #expect((r["probabilities"] as? [String: Double])?.count == 10)
            #expect((r["novelty"] as? [String: Any])?["unfamiliar"] != nil)
        }
        let long = try server.id(collection.good[3])  // 50 s: three windows
        let detail = try #require(try JSONSerialization.jsonObject(with: http.get("/api/recordings/\(long)").body) as? [String: Any])
        #expect((detail["segments"] as? [Any])?.count == 3 && (detail["nearest"] as? [Any])?.isEmpty == false)
        #expect(detail["id"] as? String == long && detail["file"] as? String == collection.path(collection.good[3]))
        #expect((detail["files"] as? [[String: String]])?.first?["status"] == "present")

        let page = try http.get("/recordings/\(long)")
        #expect(page.status == 200)
        #expect(page.text.contains("<audio id=\"player\"") && page.text.contains("src=\"/audio/\(long)\""))
        #expect(page.text.components(separatedBy: "class=\"segment\"").count - 1 >= 1)  // timeline blocks
        #expect(page.text.components(separatedBy: "data-start=").count - 1 >= 3 + 1)   // three ▶ buttons and the timeline
        Self.expectNothingFromTheNetwork(page.text)
        // Everything the result holds is on the page: probabilities, nearest tracks, novelty,
        // aspects, condition and warnings (as the JSON API gives them).
        for track in detail["nearest"] as? [[String: Any]] ?? [] {
            #expect(page.text.contains(Markup.escape(track["track"] as? String ?? "?")), "nearest \(track)")
        }
        #expect(page.text.contains((detail["novelty"] as? [String: Any])?["unfamiliar"] as? Bool == true ? "Novelty: unfamiliar" : "Novelty: familiar"))
        for aspect in (detail["aspects"] as? [String: Any] ?? [:]).keys { #expect(page.text.contains("<td>\(aspect)</td>"), "aspect \(aspect)") }
        #expect(detail["aspects"] != nil && detail["condition"] != nil)
        #expect(page.text.contains("Recording condition") && page.text.contains("signal-to-noise (band-averaged)") && page.text.contains("integrated loudness (BS.1770)"))
        for warning in detail["warnings"] as? [String] ?? [] { #expect(page.text.contains(Markup.escape(warning)), "warning \(warning)") }
        let spectrogram = try http.get("/recordings/\(long)/spectrogram.svg")
        #expect(spectrogram.status == 200 && spectrogram.header("content-type") == "image/svg+xml" && spectrogram.text.contains("data:image/png;base64,"))

        try Self.expectAnnotationDownloads(server, id: long, page: page.text)

        for path in ["/map", "/labels", "/app.js"] { #expect(try http.get(path).status == 200, "\(path)") }
        for path in ["/map", "/labels"] { Self.expectNothingFromTheNetwork(try http.get(path).text) }
        #expect(try http.get("/labels").text.contains("Train and re-classify the collection</button>"))
        #expect(try http.get("/map").text.components(separatedBy: "href=\"/recordings/").count - 1 == collection.good.count)

        let csv = try http.get("/export.csv")
        #expect(csv.status == 200 && csv.text.split(separator: "\n").count == collection.good.count + 1)
        #expect(csv.text.hasPrefix("id,file,folder,duration_seconds,genre,probability,novelty,unfamiliar,date,labels,blues,"))
        let exported = try JSONSerialization.jsonObject(with: http.get("/export.json").body) as? [String: Any]
        #expect((exported?["recordings"] as? [Any])?.count == collection.good.count)

        // Filters: search over names, a folder, sorting by the probability of a genre.
        let searched = try http.get("/api/recordings?q=take-1")
        #expect(((try JSONSerialization.jsonObject(with: searched.body) as? [String: Any])?["recordings"] as? [Any])?.count == 1)
        let tapes = try http.get("/?folder=" + (collection.root.appendingPathComponent("tapes").path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        #expect(tapes.text.contains("take-2.wav") && !tapes.text.contains("take-0.wav"))
        let close = try http.get("/api/recordings?close=reggae")
        let ordered = ((try JSONSerialization.jsonObject(with: close.body) as? [String: Any])?["recordings"] as? [[String: Any]] ?? [])
            .compactMap { ($0["probabilities"] as? [String: Double])?["reggae"] }
        #expect(ordered == ordered.sorted(by: >) && ordered.count == collection.good.count)
        }
    }

    @Test func audioIsServedWithRangeSupport() throws {
        try TestServer.with { server in
        let http = server.http
        let name = server.collection.good[0]
        let id = try server.id(name)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: server.collection.path(name)))
        let size = bytes.count

        let whole = try http.get("/audio/\(id)")
        #expect(whole.status == 200 && whole.body == bytes && whole.header("accept-ranges") == "bytes" && whole.header("content-type") == "audio/wav")
        let middle = try http.get("/audio/\(id)", headers: ["Range": "bytes=100-199"])
        #expect(middle.status == 206 && middle.body == bytes[100..<200] && middle.header("content-range") == "bytes 100-199/\(size)")
        let open = try http.get("/audio/\(id)", headers: ["Range": "bytes=1000-"])
        #expect(open.status == 206 && open.body == bytes[1000...] && open.header("content-length") == String(size - 1000))
        let suffix = try http.get("/audio/\(id)", headers: ["Range": "bytes=-64"])
        #expect(suffix.status == 206 && suffix.body == bytes[(size - 64)...] && suffix.header("content-range") == "bytes \(size - 64)-\(size - 1)/\(size)")
        let beyond = try http.get("/audio/\(id)", headers: ["Range": "bytes=\(size)-"])
        #expect(beyond.status == 416 && beyond.header("content-range") == "bytes */\(size)" && beyond.body.isEmpty)
        let clipped = try http.get("/audio/\(id)", headers: ["Range": "bytes=\(size - 10)-\(size + 500)"])
        #expect(clipped.status == 206 && clipped.body == bytes[(size - 10)...])
        let flac = try server.id(server.collection.good[3])
        #expect(try http.get("/audio/\(flac)", headers: ["Range": "bytes=0-3"]).body == Data("fLaC".utf8))
        }
    }

    @Test func refusesTraversalUnknownIdsForeignOriginsAndOversizedBodies() throws {
        try TestServer.with { server in
        let http = server.http
        let id = try server.id(server.collection.good[0])
        for target in ["/audio/../../etc/passwd", "/audio/..%2F..%2Fetc%2Fpasswd", "/audio/%2e%2e/%2e%2e/etc/passwd", "/audio/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
                       "/audio/..%252F..%252Fetc%252Fpasswd", "/audio//etc/passwd", "/audio/0000000000000000", "/audio/\(id)/../../../etc/passwd",
                       "/recordings/../../etc/passwd", "/recordings/ffffffffffffffff", "/api/recordings/ffffffffffffffff",
                       "/api/recordings/..%2F..%2Fcatalogue.sqlite", "/catalogue.sqlite", "/etc/passwd", "/../../etc/passwd",
                       "/recordings/\(id)/spectrogram.svg/../../../etc/passwd", "/audio/\(id.uppercased())"] {
            let reply = try http.get(target)
            #expect(reply.status == 404, "\(target) answered \(reply.status)")
            #expect(!reply.text.contains("root:"), "\(target) leaked a file")
        }
        // A recording whose file vanished is not served either.
        let gone = server.collection.good[1]
        let goneID = try server.id(gone)
        try FileManager.default.removeItem(atPath: server.collection.path(gone))
        #expect(try http.get("/audio/\(goneID)").status == 404)

        let labels = "/api/recordings/\(id)/labels"
        #expect(try http.post(labels, json: #"{"labels": ["x"]}"#).status == 200)
        #expect(try http.post(labels, json: #"{"labels": ["x"]}"#, headers: ["Origin": "http://evil.example"]).status == 403)
        #expect(try http.post(labels, json: #"{"labels": ["x"]}"#, headers: ["Origin": "null"]).status == 403)
        #expect(try http.post(labels, json: #"{"labels": ["x"]}"#, headers: ["Origin": "", "Sec-Fetch-Site": "cross-site"]).status == 403)
        #expect(try http.post(labels, json: #"{"labels": ["x"]}"#, headers: ["Content-Type": "text/plain"]).status == 415)
        #expect(try http.post(labels, json: #"{"labels": ["x"]}"#, headers: ["Content-Type": "application/x-www-form-urlencoded"]).status == 415)
        #expect(try http.post("/api/train", json: #"{}"#, headers: ["Origin": "http://evil.example"]).status == 403)
        let big = "{\"labels\": [\"" + String(repeating: "a", count: 200_000) + "\"]}"
        #expect(try http.post(labels, json: big).status == 413)
        #expect(try http.post(labels, json: "not json").status == 400)
        #expect(try http.post("/api/recordings/ffffffffffffffff/labels", json: #"{"labels": []}"#).status == 404)
        #expect(try server.catalog.labels(of: id) == ["x"])  // the refused requests changed nothing
        // DNS rebinding: a page served under another name must not reach the app.
        #expect(try http.get("/", headers: ["Host": "evil.example:\(server.port)"]).status == 421)
        #expect(try http.get("/", headers: ["Host": "localhost:\(server.port)"]).status == 200)
        }
    }

    @Test func labelsThenAPersonalModelReclassifyTheCollection() throws {
        try TestServer.with(count: 5) { server in
        let http = server.http
        let ids = try server.collection.good.map(server.id)
        #expect(try http.post("/api/train", json: #"{"algorithm": "logistic"}"#).status == 422)  // no labels yet
        for id in ids.prefix(2) {
            let reply = try http.post("/api/recordings/\(id)/labels", json: #"{"labels": ["drone", " drone ", "", "field 1998"]}"#)
            #expect(reply.status == 200)
            #expect((try JSONSerialization.jsonObject(with: reply.body) as? [String: Any])?["labels"] as? [String] == ["drone", "field 1998"])
        }
        let labelled = try JSONSerialization.jsonObject(with: http.get("/api/recordings?label=drone").body) as? [String: Any]
        #expect((labelled?["recordings"] as? [Any])?.count == 2)
        #expect(try http.get("/labels").text.contains(">drone</span>"))
        #expect(try http.post("/api/train", json: #"{"algorithm": "no-such"}"#).status == 400)
        let trained = try http.post("/api/train", json: #"{"algorithm": "logistic"}"#)
        #expect(trained.status == 200, "\(trained.text)")
        let outcome = try JSONSerialization.jsonObject(with: trained.body) as? [String: Any]
        #expect(outcome?["reclassified"] as? Int == 5 && (outcome?["classes"] as? [String])?.contains("drone") == true)
        let after = try JSONSerialization.jsonObject(with: http.get("/api/recordings").body) as? [String: Any]
        for r in after?["recordings"] as? [[String: Any]] ?? [] {
            #expect((r["probabilities"] as? [String: Double])?.keys.contains("field 1998") == true)
        }
        #expect(try http.get("/").text.contains("model personal"))
        // Training on chosen labels only, then back to the bundled model.
        let chosen = try JSONSerialization.jsonObject(with: http.post("/api/train", json: #"{"algorithm": "logistic", "labels": ["drone"]}"#).body) as? [String: Any]
        #expect((chosen?["classes"] as? [String])?.contains("drone") == true && (chosen?["classes"] as? [String])?.contains("field 1998") == false)
        let reset = try JSONSerialization.jsonObject(with: http.post("/api/train", json: #"{"reset": true}"#).body) as? [String: Any]
        #expect(reset?["reclassified"] as? Int == 5 && (reset?["classes"] as? [String])?.count == 10)
        #expect(try http.get("/").text.contains("model GTZAN default"))
        }
    }

    @Test func theCommandPrintsWhereItListens() throws {
        let collection = try TestCollection.make(count: 2, broken: false)
        defer { collection.remove() }
        let catalogue = collection.root.appendingPathComponent("c.sqlite").path
        #expect(try GenreProcess.run(["index", collection.root.path, "--catalog", catalogue]).status == 0)
        let missing = try GenreProcess.run(["serve", "--catalog", collection.root.appendingPathComponent("absent.sqlite").path])
        #expect(missing.status != 0 && missing.output.contains("no such catalogue"), "\(missing.output)")
        let log = collection.root.appendingPathComponent("serve.log")
        let child = try GenreProcess.start(["serve", "--catalog", catalogue, "--port", "0"], output: log)
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) }; child.waitUntilExit() }
        var line = ""
        for _ in 0..<600 where line.isEmpty {
            usleep(50_000)
            line = ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").first { $0.hasPrefix("listening on http://127.0.0.1:") }.map(String.init) ?? ""
        }
        let port = try #require(Int(line.split(separator: ":").last ?? ""), "no listening line")
        #expect(try RawHTTP(port: port).get("/").status == 200)
        kill(child.processIdentifier, SIGTERM)
        child.waitUntilExit()
        #expect(child.terminationReason == .exit)
    }

    /// The recording page's ELAN, Audacity and Sonic Visualiser downloads: each parsed as its
    /// program documents it and checked against the regions derived naively from the
    /// recording's segments in `GET /api/recordings/{id}`; ELAN read back with pympi-ling.
    static func expectAnnotationDownloads(_ server: TestServer, id: String, page: String) throws {
        let http = server.http
        let name = server.collection.good[3]
        let path = server.collection.path(name)
        let base = ((name as NSString).lastPathComponent as NSString).deletingPathExtension
        let expected = try NaiveRegions.expected(fromJSON: http.get("/api/recordings/\(id)").body)
        #expect(!expected.isEmpty)
        for format in ["elan", "audacity", "sonic-visualiser"] { #expect(page.contains("href=\"/recordings/\(id)/labels/\(format)\""), "\(format) link") }

        let audacity = try http.get("/recordings/\(id)/labels/audacity")
        #expect(audacity.status == 200 && audacity.header("content-type")?.hasPrefix("text/plain") == true)
        #expect(audacity.header("content-disposition")?.contains("filename=\"\(base).txt\"") == true, "\(audacity.header("content-disposition") ?? "")")
        let tracks = audacity.text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(tracks.count == expected.count)
        for (f, e) in zip(tracks, expected) {
            #expect(f.count == 3 && abs(Double(f[0])! - e.start) <= 1e-6 && abs(Double(f[1])! - e.end) <= 1e-6 && f[2] == e.label, "\(f)")
        }

        let sv = try http.get("/recordings/\(id)/labels/sonic-visualiser")
        #expect(sv.status == 200 && sv.header("content-type")?.hasPrefix("text/csv") == true)
        #expect(sv.header("content-disposition")?.contains("filename=\"\(base).csv\"") == true)
        let regions = sv.text.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(regions.count == expected.count)
        for (f, e) in zip(regions, expected) {
            #expect(f.count == 3 && abs(Double(f[0])! - e.start) <= 1e-6 && abs(Double(f[1])! - (e.end - e.start)) <= 1e-6 && f[2] == e.label, "\(f)")
        }

        let elan = try http.get("/recordings/\(id)/labels/elan")
        #expect(elan.status == 200 && elan.header("content-type") == "application/xml")
        #expect(elan.header("content-disposition")?.contains("filename=\"\(base).eaf\"") == true)
        if let pympi = Pympi.available {
            let saved = server.collection.root.appendingPathComponent("downloaded.eaf")
            try elan.body.write(to: saved)
            let read = try pympi.read(saved)
            let genre = try #require(read.tiers["genre"])
            #expect(genre.map(\.value) == expected.map(\.label))
            #expect(genre.map(\.start) == expected.map { Int(($0.start * 1000).rounded()) })
            #expect(genre.map(\.end) == expected.map { Int(($0.end * 1000).rounded()) })
            #expect(read.media.first?.absolute == URL(fileURLWithPath: path).standardizedFileURL.path)
        } else {
            print("skipped the pympi read-back of the ELAN download: python3 with pympi-ling is not installed")
            #expect(elan.text.components(separatedBy: "<ANNOTATION_VALUE>").count - 1 >= expected.count)
        }
        #expect(try http.get("/recordings/\(id)/labels/praat").status == 404)
        #expect(try http.get("/recordings/\(String(repeating: "f", count: 64))/labels/elan").status == 404)
    }

    /// No page may fetch anything from another host: every src, href and url() is local.
    static func expectNothingFromTheNetwork(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for attribute in ["src=\"", "href=\"", "url("] {
            for part in html.components(separatedBy: attribute).dropFirst() {
                let value = part.prefix { $0 != "\"" && $0 != ")" }
                let local = value.hasPrefix("/") || value.hasPrefix("#") || value.hasPrefix("data:") || value.hasPrefix("?")
                #expect(local && !value.hasPrefix("//"), "non-local reference \(attribute)\(value)", sourceLocation: sourceLocation)
            }
        }
    }
}
