import Foundation
import Testing
import TestSupport
@testable import AudioIO

/// The decoders hand over the metadata chunks they walk past (`AudioFrameReader.metadata`):
/// before the audio, after it (stepped over by its declared size), and never from bytes that
/// are audio or garbage. Files built from the specifications (`MetadataFiles`).
struct ChunkMetadataTests {
    typealias F = MetadataFiles

    static func open(_ bytes: [UInt8]) throws -> any AudioFrameReader { try AudioDecoder.open(bytes: bytes, name: "t.wav") }

    static func frames(_ reader: any AudioFrameReader) throws -> Int {
        var n = 0
        while let block = try reader.readBlock(maxFrames: 1 << 16) { n += block.frameCount }
        return n
    }

    @Test func chunksBeforeAndAfterTheAudio() throws {
        let wav = F.wav(before: [F.riffChunk("bext", F.bext(description: "Wedding", originator: "Zoom F8", reference: "R1", date: "2023-07-14", time: "18:30:05")),
                                 F.riffChunk("LIST", Array("adtl".utf8) + F.riffChunk("labl", F.le32(1) + Array("cue\0".utf8)))],
                        after: [F.riffChunk("LIST", F.info([("INAM", "Harvest song"), ("ISFT", "Audacity")])),
                                F.riffChunk("iXML", Array(F.ixml.utf8))])
        let reader = try Self.open(wav)
        #expect(reader.metadata.fields.map(\.key) == ["description", "originator", "originator_reference", "origination_date",
                                                      "origination_time", "coding_history", "title", "software", "project", "scene", "take", "notes"])
        #expect(reader.metadata["title"] == "Harvest song" && reader.metadata["scene"] == "12A")
        #expect(reader.warnings.isEmpty)
        #expect(try Self.frames(reader) == F.samples.count)
        // AIFF: text chunks after SSND too.
        var aiff = F.aiff(text: [("NAME", "Lullaby")])
        aiff += F.aiffChunk("ANNO", Array("after the sound".utf8))
        aiff.replaceSubrange(4..<8, with: F.be32(aiff.count - 8))
        let a = try AudioDecoder.open(bytes: aiff, name: "t.aiff")
        #expect(a.metadata.dictionary == ["title": "Lullaby", "comment": "after the sound"])
        #expect(try Self.frames(a) == F.samples.count)
    }

    @Test func audioOfUnknownLengthAndGarbageAreNeverReadAsChunks() throws {
        // Data size never finalised (0xFFFFFFFF): the audio runs to the end of the file, so what
        // follows it is audio, not a LIST chunk.
        var unset = F.wav(before: [], after: [F.riffChunk("LIST", F.info([("INAM", "not metadata")]))])
        let data = try #require((0..<unset.count - 4).first { unset[$0..<$0 + 4].elementsEqual("data".utf8) })
        unset.replaceSubrange((data + 4)..<(data + 8), with: [0xFF, 0xFF, 0xFF, 0xFF])
        let reader = try Self.open(unset)
        #expect(reader.metadata.isEmpty)
        #expect(reader.warnings.count == 1)
        // Bytes after the audio that are no chunk (a recorder's junk): ignored, no warning.
        let junk = F.wav(before: [], after: [[0x00, 0x01, 0xFE, 0xFF] + [UInt8](repeating: 0, count: 4000)])
        let j = try Self.open(junk)
        #expect(j.metadata.isEmpty && j.warnings.isEmpty)
        #expect(try Self.frames(j) == F.samples.count)
    }

    @Test func oversizedAndTruncatedMetadataChunksAreWarnings() throws {
        let big = F.wav(before: [F.riffChunk("LIST", F.info([("ICMT", String(repeating: "x", count: ChunkMetadata.maxBodyBytes))]))], after: [])
        let reader = try Self.open(big)
        #expect(reader.metadata.isEmpty)
        #expect(reader.warnings == ["LIST chunk of \(ChunkMetadata.maxBodyBytes + 14) bytes is too large to be metadata: skipped"])
        #expect(try Self.frames(reader) == F.samples.count)
        // An iXML chunk cut by the end of the file, after the audio.
        var cut = F.wav(before: [], after: [F.riffChunk("iXML", Array(F.ixml.utf8))])
        cut.removeLast(40)
        let c = try Self.open(cut)
        #expect(c.warnings.contains { $0.hasPrefix("iXML chunk is truncated: ") }, "\(c.warnings)")
        #expect(try Self.frames(c) == F.samples.count)
    }
}
