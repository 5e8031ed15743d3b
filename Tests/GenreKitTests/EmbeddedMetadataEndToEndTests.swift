import Foundation
import Testing
import TestSupport

/// Embedded metadata end to end: files written with BWF bext, iXML and RIFF INFO chunks (WAV),
/// NAME/AUTH/ANNO chunks (AIFF) and Vorbis comments (FLAC, written by metaflac) are classified
/// by the `genre` executable, and their fields come back in classify's JSON (`"metadata"`), its
/// JSON lines and one line of its table. The files are built byte by byte from the
/// specifications, and ffprobe (an independent reader) is asked what they hold when it is
/// installed. Malformed chunks give a warning in the JSON and on stderr, and the audio is
/// still analysed in full.
struct EmbeddedMetadataEndToEndTests {
    typealias F = MetadataFiles

    // MARK: running genre

    struct Classified: Decodable {
        struct Recording: Decodable {
            var file: String
            var duration_seconds: Double
            var metadata: [String: String]?
            var warnings: [String]
        }
        var recordings: [Recording]
    }

    static func classify(_ files: [URL]) throws -> (json: Classified, stderr: String)? {
        guard GenreProcess.binary != nil else { print("skipped: the genre executable is not built"); return nil }
        let dir = files[0].deletingLastPathComponent()
        let out = dir.appendingPathComponent("out.json")
        let run = try GenreProcess.run(["classify", "--format", "json", "-o", out.path] + files.map(\.path))
        #expect(run.status == 0, "\(run.output)")
        return (try JSONDecoder().decode(Classified.self, from: Data(contentsOf: out)), run.output)
    }

    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("genre-metadata-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Tags as ffprobe (an independent reader) reports them, lower-cased keys; nil without ffprobe.
    static func ffprobeTags(_ url: URL) -> [String: String]? {
        guard let out = runTool("ffprobe", ["-v", "error", "-print_format", "json", "-show_entries", "format_tags", url.path]),
              let object = try? JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any],
              let tags = (object["format"] as? [String: Any])?["tags"] as? [String: Any] else { return nil }
        return Dictionary(tags.compactMap { k, v in (v as? String).map { (k.lowercased(), $0) } }, uniquingKeysWith: { a, _ in a })
    }

    static func runTool(_ tool: String, _ arguments: [String]) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [tool] + arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return p.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }

    /// Whether a warning is about embedded metadata (not the audio or its condition).
    static func aboutMetadata(_ warning: String) -> Bool {
        ["chunk", "Vorbis", "iXML", "tags"].contains { warning.contains($0) }
    }

    // MARK: tests

    @Test func wavBextIXMLAndInfoAIFFTextAndFLACVorbisCommentsReachClassifyJSON() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wav = dir.appendingPathComponent("field.wav"), aiff = dir.appendingPathComponent("lullaby.aiff")
        let bext = F.bext(description: "Wedding song, second take", originator: "Zoom F8", reference: "F8-0042",
                             date: "2023-07-14", time: "18:30:05")
        // LIST/INFO after the audio, as many editors write it: reached by stepping over the samples.
        try Data(F.wav(before: [F.riffChunk("bext", bext), F.riffChunk("iXML", Array(F.ixml.utf8))],
                          after: [F.riffChunk("LIST", F.info([("INAM", "Harvest song"), ("IART", "Women of Vallé"),
                                                                     ("ICRD", "1968-09"), ("ICMT", "Tape 7, side B")]))]))
            .write(to: wav)
        try Data(F.aiff(text: [("NAME", "Lullaby"), ("AUTH", "M. Field"), ("ANNO", "Side A"), ("ANNO", "track 3")])).write(to: aiff)
        var files = [wav, aiff]
        // FLAC: the project's WAV through the reference encoder, tagged by metaflac.
        let flac = dir.appendingPathComponent("raga.flac")
        if Self.runTool("flac", ["-s", "-f", "-o", flac.path, wav.path]) != nil,
           Self.runTool("metaflac", ["--remove-all-tags", "--set-tag=TITLE=Morning raga", "--set-tag=ARTIST=Ustad A",
                                     "--set-tag=ARTIST=Ustad B", "--set-tag=DATE=1959", flac.path]) != nil {
            files.append(flac)
        } else {
            print("skipped the FLAC file: flac/metaflac are not installed")
        }
        guard let (json, stderr) = try Self.classify(files) else { return }
        let byName = Dictionary(uniqueKeysWithValues: json.recordings.map { (URL(fileURLWithPath: $0.file).lastPathComponent, $0) })
        let w = try #require(byName["field.wav"])
        #expect(w.metadata == ["description": "Wedding song, second take", "originator": "Zoom F8", "originator_reference": "F8-0042",
                               "origination_date": "2023-07-14", "origination_time": "18:30:05",
                               "coding_history": "A=PCM,F=22050,W=16,M=mono",
                               "project": "Highland survey", "scene": "12A", "take": "3", "notes": "Rain & wind",
                               "title": "Harvest song", "artist": "Women of Vallé", "date": "1968-09", "comment": "Tape 7, side B"])
        // (A steady test tone draws condition warnings; none is about metadata.)
        #expect(w.warnings.filter(Self.aboutMetadata).isEmpty && abs(w.duration_seconds - Double(F.seconds)) < 0.01, "\(w.warnings)")
        let a = try #require(byName["lullaby.aiff"])
        #expect(a.metadata == ["title": "Lullaby", "artist": "M. Field", "comment": "Side A; track 3"])
        #expect(a.warnings.filter(Self.aboutMetadata).isEmpty, "\(a.warnings)")
        if files.contains(flac) {
            let f = try #require(byName["raga.flac"])
            #expect(f.metadata == ["title": "Morning raga", "artist": "Ustad A; Ustad B", "date": "1959"])
            #expect(f.warnings.filter(Self.aboutMetadata).isEmpty, "\(f.warnings)")
        }
        #expect(!stderr.split(separator: "\n").map(String.init).contains(where: Self.aboutMetadata), "\(stderr)")

        // An independent reader agrees on what the files hold (ffmpeg names the bext originator
        // and time encoded_by and creation_time, and lets INFO's comment and date replace bext's).
        if let tags = Self.ffprobeTags(wav) {
            #expect(tags["encoded_by"] == w.metadata?["originator"])
            #expect(tags["originator_reference"] == w.metadata?["originator_reference"] && tags["creation_time"] == w.metadata?["origination_time"])
            #expect(tags["title"] == w.metadata?["title"] && tags["artist"] == w.metadata?["artist"])
            #expect(Self.ffprobeTags(aiff)?["title"] == "Lullaby")
            if files.contains(flac) { #expect(Self.ffprobeTags(flac)?["title"] == "Morning raga") }
        } else {
            print("not compared with ffprobe: it is not installed")
        }

        // One line of the table; one object per line in JSON lines.
        let table = try GenreProcess.run(["classify", wav.path])
        let lines = table.output.split(separator: "\n").filter { $0.contains("metadata:") }
        #expect(lines.count == 1)
        #expect(lines.first?.contains("title: Harvest song · artist: Women of Vallé · description: Wedding song, second take") == true,
                "\(table.output)")
        let jsonl = try GenreProcess.run(["classify", "--format", "jsonl", aiff.path])
        let object = try #require(jsonl.output.split(separator: "\n").first { $0.hasPrefix("{") })
        let decoded = try JSONDecoder().decode(Classified.Recording.self, from: Data(object.utf8))
        #expect(decoded.metadata?["title"] == "Lullaby")
    }

    @Test func malformedMetadataIsAWarningAndTheAudioIsStillAnalysed() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A bext cut inside its fixed part, an INFO entry claiming more bytes than its list holds.
        var list = F.info([("INAM", "Harvest song")])
        list += Array("ICMT".utf8) + F.le32(5000) + Array("short".utf8) + [0]
        let bext = Array(F.bext(description: "Wedding song", originator: "Zoom F8", reference: "", date: "", time: "").prefix(300))
        let wav = dir.appendingPathComponent("damaged-tags.wav")
        try Data(F.wav(before: [F.riffChunk("bext", bext), F.riffChunk("LIST", list),
                                   F.riffChunk("iXML", Array("<BWFXML><SCENE>4</SCENE><NOTE>unfinished</BWFXML>".utf8))],
                          after: [])).write(to: wav)
        // A Vorbis comment block whose count claims a comment that is not there.
        let flac = dir.appendingPathComponent("bad-comment.flac"), clean = dir.appendingPathComponent("clean.wav")
        try Data(F.wav(before: [], after: [])).write(to: clean)
        var files = [wav]
        if Self.runTool("flac", ["-s", "-f", "-T", "TITLE=ok", "-o", flac.path, clean.path]) != nil {
            var bytes = [UInt8](try Data(contentsOf: flac))
            var pos = 4
            while pos + 4 <= bytes.count {
                let type = bytes[pos] & 0x7F, size = Int(bytes[pos + 1]) << 16 | Int(bytes[pos + 2]) << 8 | Int(bytes[pos + 3])
                if type == 4 {
                    let vendor = Int(bytes[pos + 4]) | Int(bytes[pos + 5]) << 8
                    bytes[pos + 4 + 4 + vendor] = 9  // the count: 9 comments, one present
                    break
                }
                if bytes[pos] & 0x80 != 0 { break }
                pos += 4 + size
            }
            try Data(bytes).write(to: flac)
            files.append(flac)
        } else {
            print("skipped the FLAC file: flac is not installed")
        }
        guard let (json, stderr) = try Self.classify(files) else { return }
        #expect(json.recordings.count == files.count)
        let w = try #require(json.recordings.first { $0.file.hasSuffix("damaged-tags.wav") })
        #expect(abs(w.duration_seconds - Double(F.seconds)) < 0.01)
        #expect(w.metadata?["description"] == "Wedding song" && w.metadata?["originator"] == "Zoom F8")
        #expect(w.metadata?["title"] == "Harvest song" && w.metadata?["scene"] == "4")
        for expected in ["bext chunk is truncated: 300 of its 602 fixed bytes",
                         "LIST/INFO chunk is malformed: its ICMT entry claims 5000 bytes, 6 are left",
                         "iXML chunk is malformed: <NOTE> is not closed"] {
            #expect(w.warnings.contains(expected), "\(w.warnings)")
            #expect(stderr.contains(expected), "\(stderr)")
        }
        if files.contains(flac) {
            let f = try #require(json.recordings.first { $0.file.hasSuffix("bad-comment.flac") })
            #expect(abs(f.duration_seconds - Double(F.seconds)) < 0.01)
            #expect(f.metadata?["title"] == "ok")
            #expect(f.warnings.contains { $0.hasPrefix("Vorbis comment block is malformed: comment 2 of 9 is missing") }, "\(f.warnings)")
        }
    }
}
