import Foundation
import Testing
@testable import AudioIO

/// ../shared/flac-conformance/faulty/: files whose metadata lies or is broken (README.txt says how).
/// Every one has sound frames, so every one is decoded as its frames say, with a warning that
/// names what was wrong, and must give exactly what libFLAC gives: for the files libFLAC itself
/// refuses (03, 04, 11), libFLAC's decoding of a copy with the lie corrected.
private func faulty(_ number: String, _ check: (URL, Decoded, TempDir) throws -> Void) throws {
    guard let url = Conformance.file("faulty", number) else { return }
    let dir = TempDir(); defer { dir.cleanup() }
    let decoded = try Decoded(url)
    print("faulty/\(url.lastPathComponent): decoded \(decoded.samples.count) samples; warnings: \(decoded.warnings)")
    try check(url, decoded, dir)
}

/// The file with bytes replaced (its lie corrected), written to `dir`.
private func corrected(_ url: URL, _ dir: TempDir, _ patch: (inout [UInt8]) -> Void) throws -> URL {
    var bytes = [UInt8](try Data(contentsOf: url))
    patch(&bytes)
    return dir.write("corrected-" + url.lastPathComponent, bytes)
}

/// Expects `ours` to equal the reference samples exactly.
private func expectSame(_ ours: Decoded, _ ref: Reference.PCM?, _ note: String) {
    guard let ref else { Issue.record("\(note): the reference decoder failed"); return }
    #expect(ours.pcm?.channels == ref.channels && ours.pcm?.sampleRate == ref.sampleRate, "\(note): format")
    let diff = firstDifference(ours.samples, ref.samples)
    #expect(diff.isEmpty, "\(note): \(diff)")
}

// STREAMINFO starts at byte 8: sample rate (20 bits), channels − 1 (3), bits − 1 (5), total samples (36).
private func setBits(_ b: inout [UInt8], _ bits: Int) { b[20] = b[20] & 0xFE | UInt8((bits - 1) >> 4); b[21] = b[21] & 0x0F | UInt8(((bits - 1) & 15) << 4) }
private func setChannels(_ b: inout [UInt8], _ channels: Int) { b[20] = b[20] & 0xF1 | UInt8((channels - 1) << 1) }
private func clearTotal(_ b: inout [UInt8]) { b[21] &= 0xF0; for i in 22..<26 { b[i] = 0 } }

@Test func faulty01WrongMaxBlocksizeIsDecodedWithAWarning() throws {
    try faulty("01") { url, ours, dir in
        #expect(ours.warnings == ["STREAMINFO's largest block size (4096) is wrong: frame 0 holds 16384 samples"])
        expectSame(ours, Reference.libFLAC(url, in: dir), "faulty/01")
    }
}

@Test func faulty02WrongMaxFramesizeIsDecodedWithAWarning() throws {
    try faulty("02") { url, ours, dir in
        #expect(ours.warnings == ["STREAMINFO's largest frame size (654 bytes) is wrong: frame 3 takes 749 bytes"])
        expectSame(ours, Reference.libFLAC(url, in: dir), "faulty/02")
    }
}

@Test func faulty03WrongBitDepthIsDecodedAsTheFramesSay() throws {
    try faulty("03") { url, ours, dir in
        #expect(ours.warnings == ["STREAMINFO says 24 bits per sample, the frames 16: decoded as the frames say"])
        #expect(ours.info.bitsPerSample == 16)
        #expect(Reference.libFLAC(url, in: dir) == nil, "libFLAC refuses the file as it is")
        expectSame(ours, Reference.libFLAC(try corrected(url, dir) { setBits(&$0, 16) }, in: dir), "faulty/03 with 16 bits")
    }
}

@Test func faulty04WrongChannelCountIsDecodedAsTheFramesSay() throws {
    try faulty("04") { url, ours, dir in
        #expect(ours.warnings == ["STREAMINFO says 5 channels, the frames 1: decoded as the frames say"])
        #expect(ours.info.channels == 1)
        expectSame(ours, Reference.libFLAC(try corrected(url, dir) { setChannels(&$0, 1) }, in: dir), "faulty/04 with 1 channel")
    }
}

@Test func faulty05WrongTotalSamplesDecodesEveryFrame() throws {
    try faulty("05") { url, ours, dir in
        #expect(ours.warnings == ["STREAMINFO declares 1.7 s (39842 samples), the frames hold 4.6 s (109487): all decoded"])
        // flac stops at the declared total; the MD5 (checked by flac on the corrected copy) covers all 109487.
        let declared = Reference.libFLAC(url, in: dir)
        #expect(declared?.frames == 39842)
        #expect(declared.map { Array(ours.samples.prefix($0.samples.count)) == $0.samples } == true)
        expectSame(ours, Reference.libFLAC(try corrected(url, dir) { clearTotal(&$0) }, in: dir), "faulty/05 with no total")
    }
}

@Test func faulty06MissingStreaminfoIsDecodedFromTheFrameHeaders() throws {
    try faulty("06") { url, ours, dir in
        #expect(ours.warnings == ["no STREAMINFO block: the format taken from the frame headers"])
        expectSame(ours, Reference.libFLACRaw(url, bits: 16, channels: 1, sampleRate: 24000, in: dir), "faulty/06")
    }
}

@Test func faulty07StreaminfoNotFirstIsDecodedWithAWarning() throws {
    try faulty("07") { url, ours, dir in
        #expect(ours.warnings == ["STREAMINFO is metadata block 3, not the first as FLAC requires"])
        expectSame(ours, Reference.libFLAC(url, in: dir), "faulty/07")
    }
}

@Test func faulty08Blocksize65536IsDecodedWithAWarning() throws {
    try faulty("08") { url, ours, dir in
        // (STREAMINFO's 16-bit largest block size cannot say 65536: that it reads 0 is no further news.)
        #expect(ours.warnings == ["FLAC frame 0 holds 65536 samples, more than FLAC allows (65535)"])
        expectSame(ours, Reference.libFLAC(url, in: dir), "faulty/08")
    }
}

@Test func faulty09Blocksize1IsDecodedWithAWarning() throws {
    try faulty("09") { url, ours, dir in
        #expect(ours.warnings == ["FLAC frame 0 holds a single sample, which FLAC allows only for the last frame"])
        expectSame(ours, Reference.libFLAC(url, in: dir), "faulty/09")
    }
}

@Test func faulty10InvalidVorbisCommentIsIgnoredWithAWarning() throws {
    try faulty("10") { url, ours, dir in
        // The README's "10 tags" is 0x10: the count field holds 16.
        #expect(ours.warnings == ["Vorbis comment block is malformed: comment 2 of 16 is missing"])
        expectSame(ours, Reference.libFLAC(url, in: dir), "faulty/10")
    }
}

@Test func faulty11WrongMetadataLengthFindsTheFramesBySync() throws {
    try faulty("11") { url, ours, dir in
        #expect(ours.warnings == ["the metadata is damaged (metadata block 3 at byte 174 has the invalid type 127, so metadata block 2 (VORBIS_COMMENT, 128 bytes) has a wrong length): the first frame found by its sync code at byte 98"])
        #expect(Reference.libFLAC(url, in: dir) == nil, "libFLAC refuses the file as it is")
        // The VORBIS_COMMENT block (header at byte 42) really holds 40 bytes.
        let fixed = try corrected(url, dir) { $0[43] = 0; $0[44] = 0; $0[45] = 40 }
        expectSame(ours, Reference.libFLAC(fixed, in: dir), "faulty/11 with the true length")
    }
}
