import Foundation
import Testing
import TestSupport
@testable import AudioIO

/// The IETF CELLAR FLAC decoder test set in ../shared/flac-conformance (each folder's README.txt
/// says what each file exercises). Every subset/ and uncommon/ file must decode to exactly the
/// samples libFLAC (`flac -d`) gives; where libFLAC refuses a file, to what the README describes.
enum Conformance {
    static let root = GTZAN.root.deletingLastPathComponent().appendingPathComponent("flac-conformance")

    /// The .flac files of one folder, sorted; nil (with a printed reason) when the set or flac is absent.
    static func files(_ folder: String) -> [URL]? {
        let dir = root.appendingPathComponent(folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else {
            print("../shared/flac-conformance/\(folder) is absent: FLAC conformance test skipped"); return nil
        }
        guard Reference.available("flac") else {
            print("flac not on PATH: FLAC conformance test skipped (apt-get install flac)"); return nil
        }
        return names.filter { $0.hasSuffix(".flac") }.sorted().map { dir.appendingPathComponent($0) }
    }

    static func file(_ folder: String, _ number: String) -> URL? {
        files(folder)?.first { $0.lastPathComponent.hasPrefix(number + "_") }
    }

    /// The frames of a stream as FLACFrameDecoder walks them without any salvage: offset, size and
    /// header of each. Used to cut a stream whose format changes into pieces libFLAC accepts.
    static func frames(_ bytes: [UInt8]) throws -> [(offset: Int, size: Int, header: FLACFrameHeader)] {
        let meta = try FLACMetadata.read(BlockFile(bytes: bytes, path: "frames"), from: 4)
        var out: [(Int, Int, FLACFrameHeader)] = []
        var pos = meta.audioOffset
        while pos < bytes.count {
            let f = try FLACFrameDecoder.decode(bytes, at: pos, streamInfo: meta.streamInfo)
            out.append((pos, f.byteCount, f.header))
            pos += f.byteCount
        }
        return out
    }

    /// A STREAMINFO-only FLAC header for frames of one format (block and frame sizes unknown
    /// enough for libFLAC; total samples and MD5 unset).
    static func header(rate: Int, channels: Int, bits: Int) -> [UInt8] {
        var b: [UInt8] = Array("fLaC".utf8) + [0x80, 0, 0, 34]
        b += [0, 16, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0]
        b += [UInt8(rate >> 12), UInt8((rate >> 4) & 0xFF),
              UInt8((rate & 0xF) << 4 | (channels - 1) << 1 | (bits - 1) >> 4), UInt8(((bits - 1) & 0xF) << 4)]
        b += [UInt8](repeating: 0, count: 4 + 16)
        return b
    }

    /// libFLAC's decoding of a stream whose format changes mid-way: each run of frames of one
    /// format goes to `flac -d` behind its own STREAMINFO, and the pieces are joined.
    static func libFLACPiecewise(_ url: URL, in dir: TempDir) throws -> (pcm: [Float], formats: [(rate: Int, channels: Int, bits: Int)])? {
        let bytes = [UInt8](try Data(contentsOf: url))
        var runs: [(format: (rate: Int, channels: Int, bits: Int), frames: [UInt8])] = []
        for f in try frames(bytes) {
            let format = (f.header.sampleRate, f.header.channels, f.header.bitsPerSample)
            if let last = runs.last, last.format == format {
                runs[runs.count - 1].frames += bytes[f.offset..<f.offset + f.size]
            } else {
                runs.append((format, Array(bytes[f.offset..<f.offset + f.size])))
            }
        }
        var pcm: [Float] = []
        for (k, run) in runs.enumerated() {
            let piece = dir.write("piece\(k).flac", header(rate: run.format.rate, channels: run.format.channels, bits: run.format.bits) + run.frames)
            guard let ref = Reference.libFLAC(piece, in: dir), ref.channels == run.format.channels else { return nil }
            pcm += ref.samples
        }
        return (pcm, runs.map { $0.format })
    }
}

@Test func flacConformanceSubsetMatchesLibFLAC() throws {
    guard let files = Conformance.files("subset") else { return }
    let dir = TempDir(); defer { dir.cleanup() }
    var matched = 0
    for url in files {
        let name = url.lastPathComponent
        guard let ref = Reference.libFLAC(url, in: dir) else { Issue.record("\(name): flac -d failed"); continue }
        let ours = try Decoded(url)
        #expect(ours.pcm?.channels == ref.channels && ours.pcm?.sampleRate == ref.sampleRate, "\(name): format")
        let diff = firstDifference(ours.samples, ref.samples)
        #expect(diff.isEmpty, "\(name): \(diff)")
        #expect(ours.warnings.isEmpty, "\(name): \(ours.warnings)")
        if diff.isEmpty { matched += 1 }
    }
    print("FLAC conformance subset/: \(matched) of \(files.count) files sample-identical to flac -d")
}

@Test func flacConformanceUncommonMatchesLibFLACOrREADME() throws {
    guard let files = Conformance.files("uncommon") else { return }
    let dir = TempDir(); defer { dir.cleanup() }
    // What the README says of the files libFLAC (the flac tool) refuses: the formats in order.
    let changes: [String: (rates: [Int], channels: [Int], bits: [Int])] = [
        "01": ([32000, 24000, 16000, 48000], [2], [16]),
        "02": ([44100], [1, 2, 6], [16]),
        "03": ([44100], [4, 2, 1], [16]),
        "04": ([44100], [1], [16, 8, 24]),
    ]
    var matched = 0
    for url in files {
        let name = url.lastPathComponent, number = String(name.prefix(2))
        let ours = try Decoded(url)
        let reference: [Float]?
        switch number {
        case "01", "02", "03", "04":
            // flac refuses a stream whose format changes; libFLAC decodes each run of frames of one format.
            guard let (pcm, formats) = try Conformance.libFLACPiecewise(url, in: dir) else {
                Issue.record("\(name): libFLAC refused a piece"); continue
            }
            let expected = changes[number]!
            func distinct(_ xs: [Int]) -> [Int] { xs.reduce(into: []) { if $0.last != $1 { $0.append($1) } } }
            #expect(distinct(formats.map { $0.rate }) == expected.rates, "\(name): rates")
            #expect(distinct(formats.map { $0.channels }) == expected.channels, "\(name): channels")
            #expect(distinct(formats.map { $0.bits }) == expected.bits, "\(name): bits")
            #expect(distinct(ours.formats.map { Int($0.rate) }) == expected.rates, "\(name): our blocks' rates")
            #expect(distinct(ours.formats.map { $0.channels }) == expected.channels, "\(name): our blocks' channels")
            #expect(ours.warnings.isEmpty, "\(name): a valid stream: \(ours.warnings)")
            reference = pcm
        case "10":
            reference = Reference.libFLACRaw(url, bits: ours.info.bitsPerSample, channels: ours.info.channels,
                                             sampleRate: ours.info.sampleRate, in: dir)?.samples
            #expect(ours.warnings == ["no fLaC marker or STREAMINFO: the stream starts at a frame header"], "\(name): \(ours.warnings)")
        case "11":
            // flac stops at the unparsable bytes unless told to go on (-F): then libFLAC finds the first frame sync.
            reference = Reference.libFLACRaw(url, bits: ours.info.bitsPerSample, channels: ours.info.channels,
                                             sampleRate: ours.info.sampleRate, extra: ["-F"], in: dir)?.samples
            #expect(ours.warnings.count == 1 && ours.warnings[0].contains("bytes that are not FLAC skipped before the first frame"),
                    "\(name): \(ours.warnings)")
        default:
            reference = Reference.libFLAC(url, in: dir)?.samples
            #expect(ours.warnings.isEmpty, "\(name): \(ours.warnings)")
        }
        guard let reference else { Issue.record("\(name): flac -d failed"); continue }
        let diff = firstDifference(ours.samples, reference)
        #expect(diff.isEmpty, "\(name): \(diff)")
        if diff.isEmpty { matched += 1 }
    }
    print("FLAC conformance uncommon/: \(matched) of \(files.count) files sample-identical to libFLAC")
}
