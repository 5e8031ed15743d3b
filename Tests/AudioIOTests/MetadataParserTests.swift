import Foundation
import Testing
@testable import AudioIO

/// The embedded-metadata readers on chunk bodies: built byte by byte from the specifications,
/// and as ffmpeg and flac (independent writers) write them. Malformed bodies give warnings and
/// whatever fields could be read, never a failure.
struct MetadataParserTests {
    static func le32(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24 & 0xFF)] }
    static func padded(_ s: String, _ n: Int) -> [UInt8] { Array((Array(s.utf8) + [UInt8](repeating: 0, count: n)).prefix(n)) }

    /// EBU Tech 3285 v2 layout, field by field.
    static func bext(description: String, originator: String, reference: String, date: String, time: String,
                     timeReference: UInt64, history: String) -> [UInt8] {
        var b = padded(description, 256) + padded(originator, 32) + padded(reference, 32) + padded(date, 10) + padded(time, 8)
        b += le32(Int(timeReference & 0xFFFF_FFFF)) + le32(Int(timeReference >> 32))
        b += [2, 0] + [UInt8](repeating: 0, count: 64) + [UInt8](repeating: 0, count: 10) + [UInt8](repeating: 0, count: 180)
        #expect(b.count == 602)
        return b + Array(history.utf8)
    }

    @Test func broadcastWaveExtension() {
        let body = Self.bext(description: "Wedding song, second take", originator: "Zoom F8", reference: "F8-0042",
                             date: "2023-07-14", time: "18:30:05", timeReference: 48000 * 3600 * 5 + 7,
                             history: "A=PCM,F=48000,W=24,M=stereo,T=Zoom F8\r\nA=PCM,F=22050,W=16,M=mono\r\n")
        let m = BroadcastWaveExtension.parse(body)
        #expect(m.warnings.isEmpty)
        #expect(m["description"] == "Wedding song, second take")
        #expect(m["originator"] == "Zoom F8")
        #expect(m["originator_reference"] == "F8-0042")
        #expect(m["origination_date"] == "2023-07-14")
        #expect(m["origination_time"] == "18:30:05")
        #expect(m["time_reference"] == String(48000 * 3600 * 5 + 7))
        #expect(m["coding_history"] == "A=PCM,F=48000,W=24,M=stereo,T=Zoom F8 | A=PCM,F=22050,W=16,M=mono")
        // Cut inside the originator reference: description and originator survive, with a warning.
        let cut = BroadcastWaveExtension.parse(Array(body.prefix(300)))
        #expect(cut["description"] == "Wedding song, second take" && cut["originator"] == "Zoom F8" && cut["originator_reference"] == nil)
        #expect(cut.warnings == ["bext chunk is truncated: 300 of its 602 fixed bytes"])
        // Windows-1252/Latin-1 text (é as 0xE9), as older recorders wrote it.
        var latin = body
        latin.replaceSubrange(0..<5, with: [0x43, 0x61, 0x66, 0xE9, 0x00])
        #expect(BroadcastWaveExtension.parse(latin)["description"] == "Café")
    }

    @Test func ixml() {
        let doc = """
            <?xml version="1.0" encoding="UTF-8"?>
            <BWFXML><IXML_VERSION>2.10</IXML_VERSION><PROJECT>Highland survey</PROJECT><SCENE>12A</SCENE>
            <TAKE>3</TAKE><TAPE>DAY2</TAPE><NOTE>Rain &amp; wind &lt;loud&gt; &#233;t&#xE9; <![CDATA[<raw> & kept]]></NOTE>
            <TRACK_LIST><TRACK><NAME>Mix</NAME></TRACK></TRACK_LIST></BWFXML>
            """
        let m = IXML.parse(Array(doc.utf8) + [0, 0])
        #expect(m.warnings.isEmpty)
        #expect(m.dictionary == ["project": "Highland survey", "scene": "12A", "take": "3", "tape": "DAY2",
                                 "notes": "Rain & wind <loud> été <raw> & kept"])
        #expect(IXML.parse(Array("<html>nope</html>".utf8)).warnings == ["iXML chunk is not an iXML document (no <BWFXML> element)"])
        let open = IXML.parse(Array("<BWFXML><SCENE>4</SCENE><NOTE>unfinished</BWFXML>".utf8))
        #expect(open["scene"] == "4")
        #expect(open.warnings == ["iXML chunk is malformed: <NOTE> is not closed"])
    }

    static func info(_ entries: [(String, [UInt8])]) -> [UInt8] {
        var b = Array("INFO".utf8)
        for (id, text) in entries {
            b += Array(id.utf8) + le32(text.count) + text
            if text.count % 2 == 1 { b.append(0) }
        }
        return b
    }

    @Test func riffInfo() {
        let body = Self.info([("INAM", Array("Harvest song\0".utf8)), ("IART", Array("Women of Vall".utf8) + [0xE9, 0]),
                              ("ICMT", Array("Tape 7, side B".utf8)), ("ICRD", Array("1968-09".utf8)), ("IXYZ", Array("odd".utf8))])
        let m = RIFFInfo.parse(list: body)!
        #expect(m.warnings.isEmpty)
        #expect(m.fields.map(\.key) == ["title", "artist", "comment", "date", "info_ixyz"])
        #expect(m["title"] == "Harvest song" && m["artist"] == "Women of Vallé" && m["comment"] == "Tape 7, side B")
        #expect(RIFFInfo.parse(list: Array("adtlnote".utf8)) == nil)
        // An entry claiming more than the list holds: the entries before it are kept.
        var broken = Self.info([("INAM", Array("Harvest song".utf8))])
        broken += Array("ICMT".utf8) + Self.le32(5000) + Array("short".utf8)
        let b = RIFFInfo.parse(list: broken)!
        #expect(b["title"] == "Harvest song")
        #expect(b.warnings == ["LIST/INFO chunk is malformed: its ICMT entry claims 5000 bytes, 5 are left"])
    }

    @Test func aiffTextChunks() {
        var c = AIFFText.Collector()
        c.add(id: "NAME", body: Array("Lullaby".utf8))
        c.add(id: "ANNO", body: Array("Side A".utf8))
        c.add(id: "COMT", body: Array("ignored".utf8))
        c.add(id: "ANNO", body: Array("track 3".utf8))
        c.add(id: "(c) ", body: Array("1971 Archive".utf8), declared: 40)
        #expect(c.metadata.dictionary == ["title": "Lullaby", "comment": "Side A; track 3", "copyright": "1971 Archive"])
        #expect(c.metadata.warnings == ["AIFF (c) chunk is truncated: 12 of 40 bytes"])
        #expect(AIFFText.Collector.wants("AUTH") && !AIFFText.Collector.wants("SSND"))
    }

    static func vorbis(vendor: String, _ comments: [String]) -> [UInt8] {
        var b = le32(vendor.utf8.count) + Array(vendor.utf8) + le32(comments.count)
        for c in comments { b += le32(c.utf8.count) + Array(c.utf8) }
        return b
    }

    @Test func vorbisComments() {
        let body = Self.vorbis(vendor: "reference libFLAC 1.4.3", ["TITLE=Morning raga", "artist=Ustad A", "ARTIST=Ustad B", "Date=1959", "DESCRIPTION=Live, Delhi"])
        let m = VorbisComment.parse(body)
        #expect(m.warnings.isEmpty)
        #expect(m.dictionary == ["title": "Morning raga", "artist": "Ustad A; Ustad B", "date": "1959", "description": "Live, Delhi"])
        // A length running past the block: what came before stays.
        var cut = Self.vorbis(vendor: "x", ["TITLE=ok"])
        cut.replaceSubrange(5..<9, with: Self.le32(2))
        cut += Self.le32(900) + Array("ARTIST=".utf8)
        let c = VorbisComment.parse(cut)
        #expect(c["title"] == "ok")
        #expect(c.warnings == ["Vorbis comment block is malformed: comment 2 claims 900 bytes, 7 are left"])
        #expect(VorbisComment.parse([1, 2]).warnings == ["Vorbis comment block is malformed: 2 bytes, too short for its vendor length"])
        #expect(VorbisComment.parse(Self.vorbis(vendor: "", ["NOEQUALS"])).warnings == ["Vorbis comment block is malformed: comment 1 has no FIELD= name"])
        #expect(VorbisComment.parse(Self.le32(1_000_000)).warnings.count == 1)
    }

    @Test func ffprobeJSON() {
        let json = #"{"streams": [{"tags": {"title": "stream title", "language": "eng"}}], "format": {"tags": {"title": "Song", "ARTIST": "Band", "track": 3, "id3v2_priv.XMP": "<?xpacket begin=\\xef"}}}"#
        let m = FFprobeTags.parse(json: Data(json.utf8))
        #expect(m.dictionary == ["title": "Song", "artist": "Band", "track": "3", "language": "eng"])
        #expect(FFprobeTags.parse(json: Data("nope".utf8)).warnings.count == 1)
    }

    /// The metadata fuzzer's finding (crash-ea48d683...): a tag with an empty name became a field
    /// with an empty key (`"": "Lavf60"` in the JSON `metadata`). Empty names are dropped.
    @Test func ffprobeTagWithAnEmptyNameIsDropped() {
        let json = #"{"streams":[{"tags":{"":"Lavf60"}}],"format":{"tags":{"title":"Harvest song","artist":"Women of Vallé","date":"1968","comment":"Tape 7"}}}"#
        let m = FFprobeTags.parse(json: Data(json.utf8))
        #expect(m.fields.allSatisfy { !$0.key.isEmpty })
        #expect(m.dictionary == ["title": "Harvest song", "artist": "Women of Vallé", "date": "1968", "comment": "Tape 7"])
    }

    // MARK: independent writers

    /// Top-level chunks of a RIFF or AIFF file (a naive walk for the tests).
    static func chunks(_ data: [UInt8], bigEndian: Bool) -> [(id: String, body: [UInt8])] {
        var out: [(String, [UInt8])] = []
        var pos = 12
        while pos + 8 <= data.count {
            let id = String(decoding: data[pos..<(pos + 4)], as: UTF8.self)
            let s = data[(pos + 4)..<(pos + 8)].map(Int.init)
            let size = bigEndian ? s[0] << 24 | s[1] << 16 | s[2] << 8 | s[3] : s[3] << 24 | s[2] << 16 | s[1] << 8 | s[0]
            out.append((id, Array(data[(pos + 8)..<min(data.count, pos + 8 + size)])))
            pos += 8 + size + (size & 1)
        }
        return out
    }

    @Test func whatFFmpegWritesIntoWAVAndAIFF() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("genre-meta-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let wav = dir.appendingPathComponent("b.wav"), aiff = dir.appendingPathComponent("a.aiff")
        let sine = ["-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=1"]
        guard runTool("ffmpeg", sine + ["-write_bext", "1", "-metadata", "description=Wedding song", "-metadata", "originator=Zoom F8",
                                        "-metadata", "origination_date=2023-07-14", "-metadata", "origination_time=18:30:05",
                                        "-metadata", "title=Wedding", "-metadata", "artist=Village ensemble", wav.path]) == 0,
              runTool("ffmpeg", sine + ["-metadata", "title=Lullaby", "-metadata", "author=M. Field", "-metadata", "comment=Side A", aiff.path]) == 0
        else { print("skipped: ffmpeg is not installed"); return }
        let riff = Self.chunks([UInt8](try Data(contentsOf: wav)), bigEndian: false)
        let bext = BroadcastWaveExtension.parse(try #require(riff.first { $0.id == "bext" }).body)
        #expect(bext["description"] == "Wedding song" && bext["originator"] == "Zoom F8")
        #expect(bext["origination_date"] == "2023-07-14" && bext["origination_time"] == "18:30:05")
        let list = try #require(riff.first { $0.id == "LIST" })
        let info = try #require(RIFFInfo.parse(list: list.body))
        #expect(info["title"] == "Wedding" && info["artist"] == "Village ensemble")
        var collector = AIFFText.Collector()
        for chunk in Self.chunks([UInt8](try Data(contentsOf: aiff)), bigEndian: true) { collector.add(id: chunk.id, body: chunk.body) }
        #expect(collector.metadata.dictionary == ["title": "Lullaby", "artist": "M. Field", "comment": "Side A"])
    }

    @Test func whatFlacWritesAsVorbisComments() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("genre-meta-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let wav = dir.appendingPathComponent("t.wav"), flac = dir.appendingPathComponent("t.flac")
        try AudioWriter.writeWAV([[Float](repeating: 0.1, count: 4410)], sampleRate: 44100, format: .pcm16, to: wav)
        guard runTool("flac", ["-s", "-f", "-T", "TITLE=Morning raga", "-T", "ARTIST=Ustad A", "-T", "ARTIST=Ustad B", "-o", flac.path, wav.path]) == 0
        else { print("skipped: flac is not installed"); return }
        let bytes = [UInt8](try Data(contentsOf: flac))
        var pos = 4, body: [UInt8]?
        while pos + 4 <= bytes.count {
            let last = bytes[pos] & 0x80 != 0, type = bytes[pos] & 0x7F
            let size = Int(bytes[pos + 1]) << 16 | Int(bytes[pos + 2]) << 8 | Int(bytes[pos + 3])
            if type == 4 { body = Array(bytes[(pos + 4)..<(pos + 4 + size)]) }
            pos += 4 + size
            if last { break }
        }
        let m = VorbisComment.parse(try #require(body))
        #expect(m.warnings.isEmpty)
        #expect(m["title"] == "Morning raga" && m["artist"] == "Ustad A; Ustad B")
    }
}
