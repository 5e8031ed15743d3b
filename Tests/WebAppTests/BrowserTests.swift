import Foundation
import Testing
import TestSupport
@testable import WebApp

/// The pages in a real browser: headless Chromium (Debian's package; `.ci/run` installs it when
/// it can) loads the collection and one recording and prints the DOM after scripts ran.
@Suite(.serialized) struct BrowserTests {
    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The DOM of `url` after up to 3 s of (virtual) time for scripts and media.
    static func dom(_ url: String, browser: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: browser)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("genre-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile.path)",
                       "--virtual-time-budget=3000", "--dump-dom", url]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func collectionAndRecordingPagesInChromium() throws {
        guard let browser = Self.chromium else { print("skipped: chromium is not installed (apt install chromium)"); return }
        try TestServer.with { server in
            let origin = "http://127.0.0.1:\(server.port)"
            let collection = try Self.dom(origin + "/", browser: browser)
            #expect(collection.contains("data-script=\"ready\""), "app.js did not run")
            let rows = collection.components(separatedBy: "<tr data-id=\"").count - 1
            #expect(rows == server.collection.good.count, "\(rows) rows")
            for name in server.collection.good { #expect(collection.contains(">\((name as NSString).lastPathComponent)</a>")) }

            let id = try server.id(server.collection.good[3])
            let page = try Self.dom(origin + "/recordings/\(id)", browser: browser)
            #expect(page.contains("data-script=\"ready\""))
            #expect(page.contains("<audio id=\"player\""))
            #expect(page.contains("class=\"segment\"") && page.contains("Most likely genre of each 30-s window"))
            #expect(page.contains("class=\"spectrogram\""))
        }
    }
}
