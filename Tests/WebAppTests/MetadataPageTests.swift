import Foundation
import Testing
import TestSupport
@testable import WebApp

/// Embedded metadata in the web app: a recording whose WAV carries a RIFF INFO list (after its
/// audio, where editors put it) shows the fields on its page, in the full result of the API, and
/// the collection's search finds it by them.
@Suite(.serialized) struct MetadataPageTests {
    /// Appends a LIST/INFO chunk to a WAV file and corrects the RIFF size.
    static func tag(_ url: URL, _ entries: [(String, String)]) throws {
        var bytes = [UInt8](try Data(contentsOf: url))
        if bytes.count % 2 == 1 { bytes.append(0) }
        bytes += MetadataFiles.riffChunk("LIST", MetadataFiles.info(entries))
        bytes.replaceSubrange(4..<8, with: MetadataFiles.le32(bytes.count - 8))
        try Data(bytes).write(to: url)
    }

    @Test func theRecordingPageShowsEmbeddedMetadata() throws {
        let tagged = "trip-1998/day-1/take-0.wav"
        try TestServer.with(count: 2, prepare: { collection in
            try Self.tag(URL(fileURLWithPath: collection.path(tagged)), [("INAM", "Harvest song"), ("IART", "Women of Vallé"), ("ICRD", "1968-09")])
        }) { server in
            let http = server.http
            let id = try server.id(tagged)
            let page = try http.get("/recordings/\(id)")
            #expect(page.status == 200)
            #expect(page.text.contains("Embedded metadata"))
            for value in ["Harvest song", "Women of Vallé", "1968-09"] { #expect(page.text.contains(value), "\(value) not on the page") }
            let detail = try #require(try JSONSerialization.jsonObject(with: http.get("/api/recordings/\(id)").body) as? [String: Any])
            #expect(detail["metadata"] as? [String: String] == ["title": "Harvest song", "artist": "Women of Vallé", "date": "1968-09"])
            let found = try JSONSerialization.jsonObject(with: http.get("/api/recordings?q=harvest").body) as? [String: Any]
            #expect((found?["recordings"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [id])
            // The collection's date column takes the recording date from the metadata.
            #expect(try server.catalog.recordings().first { $0.id == id }?.date == "1968-09")
        }
    }
}
