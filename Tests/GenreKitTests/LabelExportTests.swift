import AudioIO
import Foundation
import Testing
import TestSupport
@testable import GenreKit

/// The annotation exports (Audacity, ELAN, Sonic Visualiser): the region rule, each file format
/// parsed back as its program documents it, ELAN read back by pympi-ling (the library ELAN
/// users script with), a real two-genre medley, and export names that never collide.
@Suite(.serialized) struct LabelExportTests {
    static let classifier = ClassifyTests.classifier

    /// A real result (so it has every field the pipeline fills), with made-up windows.
    static func result(genres: [String], starts: [Double], window: Double = 30, duration: Double,
                       file: String = "/recordings/field trip/song.wav", warnings: [String] = []) throws -> RecordingResult {
        let dir = try ClassifyTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("tone.wav")
        try AudioWriter.writeWAV([(0..<(22050 * 4)).map { Float(0.3 * sin(Double($0) * 0.05)) }], sampleRate: 22050, format: .pcm16, to: url)
        var r = try classifier.classify(url)
        r.file = file
        r.durationSeconds = duration
        r.warnings = warnings
        r.segments = zip(genres, starts).enumerated().map { i, pair in
            // The window's own genre gets 0.5 + i/100, the rest share what is left.
            var p = Dictionary(uniqueKeysWithValues: r.probabilities.keys.map { ($0, 0.0) })
            p[pair.0] = 0.5 + Double(i) / 100
            return RecordingResult.Segment(startSeconds: pair.1, endSeconds: pair.1 + window, genre: pair.0, probabilities: p)
        }
        return r
    }

    /// Regions by the documented rule, computed naively from the result's JSON (`NaiveRegions`).
    static func expectedRegions(fromJSON result: RecordingResult) throws -> [(start: Double, end: Double, label: String)] {
        try NaiveRegions.expected(fromJSON: JSONEncoder().encode(result))
    }

    @Test func overlappingWindowsSplitTheirOverlapInTheMiddle() throws {
        // 130 s: windows every 15 s from 0 to 90, and one aligned to the end (100–130).
        let r = try Self.result(genres: ["jazz", "jazz", "jazz", "rock", "rock", "rock", "rock", "jazz"],
                                starts: [0, 15, 30, 45, 60, 75, 90, 100], duration: 130)
        let regions = r.regions
        #expect(regions.map(\.genre) == ["jazz", "rock", "jazz"])
        // Centres 15, 30, … 105, then 115: the last boundary lies halfway between 105 and 115.
        #expect(regions.map(\.startSeconds) == [0, 52.5, 110])
        #expect(regions.map(\.endSeconds) == [52.5, 110, 130])
        #expect(regions.map(\.windows) == [0..<3, 3..<7, 7..<8])
        #expect(abs(regions[0].probability - 0.51) < 1e-12)  // mean of 0.50, 0.51, 0.52
        #expect(regions[0].label == "jazz 0.51")
        for (region, expected) in zip(regions, try Self.expectedRegions(fromJSON: r)) {
            #expect(abs(region.startSeconds - expected.start) <= 0.001 && abs(region.endSeconds - expected.end) <= 0.001)
            #expect(region.label == expected.label)
        }
        let single = try Self.result(genres: ["blues"], starts: [0], window: 25, duration: 25)
        #expect(single.regions.map { [$0.startSeconds, $0.endSeconds] } == [[0, 25]])
    }

    @Test func audacityAndSonicVisualiserFilesFollowTheirFormats() throws {
        let r = try Self.result(genres: ["jazz", "jazz", "rock", "rock", "rock"], starts: [0, 15, 30, 45, 60], duration: 90)
        let expected = try Self.expectedRegions(fromJSON: r)
        // Audacity: start<TAB>end<TAB>label, seconds with a decimal point, one line each.
        let audacity = AudacityLabels.render(r.regions).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(audacity.last == "")
        #expect(audacity.count == expected.count + 1)
        for (line, e) in zip(audacity, expected) {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            #expect(f.count == 3)
            #expect(f[0].range(of: #"^\d+\.\d+$"#, options: .regularExpression) != nil, "\(f[0])")
            #expect(abs(Double(f[0])! - e.start) <= 1e-6 && abs(Double(f[1])! - e.end) <= 1e-6)
            #expect(f[2] == e.label)
        }
        // Sonic Visualiser: time,duration,label with no header; the regions tile the recording.
        let sv = SonicVisualiserRegions.render(r.regions).split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(sv.count == expected.count)
        var t = 0.0
        for (f, e) in zip(sv, expected) {
            #expect(f.count == 3)
            #expect(abs(Double(f[0])! - t) <= 1e-6 && abs(Double(f[0])! - e.start) <= 1e-6)
            #expect(abs(Double(f[1])! - (e.end - e.start)) <= 1e-6)
            #expect(f[2] == e.label)
            t = Double(f[0])! + Double(f[1])!
        }
        #expect(abs(t - 90) <= 1e-6)
        // Quoting: a label with a comma stays one field.
        var odd = r.regions
        odd[0].genre = "folk, dance"
        odd[0].probability = 0.25
        #expect(SonicVisualiserRegions.render(odd).hasPrefix("0.000000,37.500000,\"folk, dance 0.25\"\n"))
    }

    /// pympi-ling reads the document back: the same tiers, times (ms) and labels, and the
    /// relative media link resolves from the document's folder to the recording.
    @Test func elanDocumentReadsBackWithPympi() throws {
        guard let python = Pympi.available else { print("skipped: python3 with pympi-ling is not installed (pip install pympi-ling)"); return }
        let dir = try ClassifyTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let media = dir.appendingPathComponent("field trip/Tëmple & song.wav")
        try FileManager.default.createDirectory(at: media.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data([1]).write(to: media)
        let r = try Self.result(genres: ["jazz", "jazz", "rock", "rock", "rock"], starts: [0, 15, 30, 45, 60], duration: 90.0004,
                                file: media.path, warnings: ["truncated: 90.0 s of 95.0 s present", "odd <chunk> & more"])
        let exports = dir.appendingPathComponent("labels/day 1")
        try FileManager.default.createDirectory(at: exports, withIntermediateDirectories: true)
        let eaf = exports.appendingPathComponent("song.eaf")
        try AtomicFile.write(LabelFormat.elan.render(r, directory: exports), to: eaf)
        let read = try python.read(eaf)
        #expect(read.tiers.keys.sorted() == ["genre", "warnings"])
        let expected = try Self.expectedRegions(fromJSON: r)
        #expect(read.tiers["genre"]!.map(\.value) == expected.map(\.label))
        #expect(read.tiers["genre"]!.map(\.start) == expected.map { Int(($0.start * 1000).rounded()) })
        #expect(read.tiers["genre"]!.map(\.end) == expected.map { Int(($0.end * 1000).rounded()) })
        #expect(read.tiers["warnings"]!.map(\.value) == ["truncated: 90.0 s of 95.0 s present; odd <chunk> & more"])
        #expect(read.tiers["warnings"]!.map { [$0.start, $0.end] } == [[0, 90000]])
        #expect(read.media.count == 1)
        #expect(read.media.first?.mime == "audio/x-wav")
        #expect(read.media.first?.resolvedRelative == media.standardizedFileURL.path)
        #expect(read.media.first?.absolute == media.standardizedFileURL.path)
        // Without warnings there is no warnings tier.
        var clean = r
        clean.warnings = []
        try AtomicFile.write(LabelFormat.elan.render(clean, directory: exports), to: eaf)
        #expect(try python.read(eaf).tiers.keys.sorted() == ["genre"])
    }

    /// Two minutes: a jazz clip twice, then a classical clip twice. Each export has two
    /// regions, jazz then classical, changing within half a hop of the true change at 60 s, and
    /// equal to the regions derived from the JSON segments.
    @Test func aTwoGenreMedleyGivesTwoRegionsInEveryExport() throws {
        guard GTZAN.available else { print("skipped: \(GTZAN.skipMessage)"); return }
        let dir = try ClassifyTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let jazz = Array(GTZAN.samples(GTZAN.root.appendingPathComponent("audio/jazz/jazz.00003.wav")).prefix(30 * 22050))
        let classical = Array(GTZAN.samples(GTZAN.root.appendingPathComponent("audio/classical/classical.00002.wav")).prefix(30 * 22050))
        let medley = dir.appendingPathComponent("recordings/medley.wav")
        try FileManager.default.createDirectory(at: medley.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AudioWriter.writeWAV([jazz + jazz + classical + classical], sampleRate: 22050, format: .pcm16, to: medley)
        let result = try Self.classifier.classify(medley)
        let expected = try Self.expectedRegions(fromJSON: result)
        #expect(expected.map { $0.label.split(separator: " ")[0] } == ["jazz", "classical"], "\(result.segments.map(\.genre))")
        #expect(abs(expected[0].end - 60) <= 7.5)
        let out = dir.appendingPathComponent("labels")
        let exporter = LabelExporter(formats: LabelFormat.allCases, directory: out,
                                     files: FileDiscovery.expand([medley.deletingLastPathComponent().path], isWanted: Recording.isAudioFile))
        let written = try exporter.write(result)
        #expect(written.map(\.lastPathComponent).sorted() == ["medley.csv", "medley.eaf", "medley.txt"])
        let audacity = try String(contentsOf: out.appendingPathComponent("medley.txt"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        let sv = try String(contentsOf: out.appendingPathComponent("medley.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(audacity.count == 2 && sv.count == 2)
        // The expected regions are found on a 1-ms grid; the windows start on the 512-sample frame
        // grid, so the true boundaries fall between milliseconds: within 1 ms (0.5 ms each end).
        for (i, e) in expected.enumerated() where audacity.count == 2 && sv.count == 2 {
            #expect(abs(Double(audacity[i][0])! - e.start) <= 1e-3 && abs(Double(audacity[i][1])! - e.end) <= 1e-3 && audacity[i][2] == e.label)
            #expect(abs(Double(sv[i][0])! - e.start) <= 1e-3 && abs(Double(sv[i][1])! - (e.end - e.start)) <= 1e-3 && sv[i][2] == e.label)
        }
        if let python = Pympi.available {
            let read = try python.read(out.appendingPathComponent("medley.eaf"))
            #expect(read.tiers.keys.sorted() == ["genre"])
            #expect(read.tiers["genre"]!.map(\.value) == expected.map(\.label))
            #expect(read.tiers["genre"]!.map(\.start) == expected.map { Int(($0.start * 1000).rounded()) })
            #expect(read.media.first?.resolvedRelative == medley.standardizedFileURL.path)
        } else {
            print("skipped the pympi read-back: python3 with pympi-ling is not installed")
        }
    }

    @Test func exportsOfSameNamedRecordingsNeverOverwriteEachOther() throws {
        let files = ["/elsewhere/a/song.wav", "/elsewhere/b/song.wav", "/collection/day1/song.wav", "/collection/day2/song.wav",
                     "/collection/day2/Song.flac", "/elsewhere/a/song.wav", "/collection/day1/other.wav"].map { URL(fileURLWithPath: $0) }
        let discovered = FileDiscovery.Result(files: files, problems: [],
                                              relativePaths: ["song.wav", "song.wav", "day1/song.wav", "day2/song.wav", "day2/Song.flac", "song.wav", "day1/other.wav"])
        let exporter = LabelExporter(formats: [.audacity], directory: URL(fileURLWithPath: "/out"), files: discovered)
        #expect(exporter.names["/elsewhere/a/song.wav"] == "song")
        #expect(exporter.names["/elsewhere/b/song.wav"] == "song (2)")
        #expect(exporter.names["/collection/day1/song.wav"] == "day1/song")
        #expect(exporter.names["/collection/day2/song.wav"] == "day2/song")
        #expect(exporter.names["/collection/day2/Song.flac"] == "day2/Song (2)")
        #expect(exporter.names["/collection/day1/other.wav"] == "day1/other")
        #expect(Set(exporter.names.values.map { $0.lowercased() }).count == exporter.names.count)
        #expect(exporter.notices.map(\.file) == ["/elsewhere/b/song.wav", "/collection/day2/Song.flac"])
        #expect(exporter.notices[0].message.contains("/elsewhere/a/song.wav"))
    }

    @Test func discoveryKeepsEachFilesPathBelowItsArgument() throws {
        let dir = try ClassifyTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["coll/day1/a.wav", "coll/day2/deeper/b.wav", "single.wav"] {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data([1]).write(to: url)
        }
        let found = FileDiscovery.expand([dir.appendingPathComponent("coll").path + "/", dir.appendingPathComponent("single.wav").path],
                                         isWanted: { $0.pathExtension == "wav" })
        #expect(found.relativePaths == ["day1/a.wav", "day2/deeper/b.wav", "single.wav"])
    }
}
