import Foundation
import Testing
@testable import AudioIO

/// Damaged files (issue 13): whatever a header says, a file is either decoded with at least one
/// warning (the audio present, never silently) or rejected with one error line naming the file.

/// What decoding `bytes` (as the file `name`) gives: the samples and warnings, or the error.
private enum Outcome {
    case decoded(samples: [Float], warnings: [String])
    case failed(AudioError)

    init(_ bytes: [UInt8], name: String = "damaged.wav") {
        do {
            let reader = try AudioDecoder.open(bytes: bytes, name: name)
            var samples: [Float] = []
            while let b = try reader.readBlock(maxFrames: 777) { samples += b.samples }
            self = .decoded(samples: samples, warnings: reader.warnings)
        } catch let e as AudioError {
            self = .failed(e)
        } catch {
            Issue.record("\(name): non-AudioError \(error)")
            self = .failed(AudioError(file: "", message: "\(error)"))
        }
    }

    var warnings: [String] { if case .decoded(_, let w) = self { return w } else { return [] } }
    var samples: [Float] { if case .decoded(let s, _) = self { return s } else { return [] } }
    var error: String? { if case .failed(let e) = self { return e.message } else { return nil } }
}

/// Checks one damaged variant: decoded with a warning whose text contains `warning` and exactly
/// the samples `expected`, or (when `warning` is nil) rejected with an error naming the file.
private func expectSalvaged(_ bytes: [UInt8], _ note: String, warning: String?, expected: [Float]? = nil,
                            error: String? = nil) {
    let name = "/recordings/\(note.replacingOccurrences(of: " ", with: "_"))"
    switch Outcome(bytes, name: name) {
    case .decoded(let samples, let warnings):
        guard let warning else { Issue.record("\(note): decoded (warnings \(warnings)), expected an error"); return }
        #expect(warnings.contains { $0.contains(warning) }, "\(note): warnings \(warnings)")
        if let expected { #expect(samples == expected, "\(note): \(firstDifference(samples, expected))") }
    case .failed(let e):
        #expect(warning == nil, "\(note): failed with '\(e.message)', expected a warning containing '\(warning ?? "")'")
        #expect(e.file == name && e.description.hasPrefix(name + ": ") && !e.description.contains("\n"), "\(note)")
        if let error { #expect(e.message.contains(error), "\(note): '\(e.message)'") }
    }
}

/// Every cut of `full` from `headerEnd` on: an error naming the file (no whole frame left), or
/// the whole frames present, in order, with a warning; the uncut file with none.
private func expectEveryCutSalvaged(_ full: [UInt8], headerEnd: Int, name: String, step: Int = 1,
                                    frameBytes: Int? = nil) {
    guard case .decoded(let all, let clean) = Outcome(full, name: name) else { Issue.record("\(name): intact file fails"); return }
    #expect(clean.isEmpty, "\(name): intact file warns \(clean)")
    var warned = 0, failed = 0
    for cut in stride(from: headerEnd, to: full.count, by: step) {
        let outcome = Outcome(Array(full.prefix(cut)), name: name)
        switch outcome {
        case .decoded(let samples, let warnings):
            warned += 1
            #expect(!warnings.isEmpty, "\(name) cut at \(cut): decoded without a warning")
            #expect(Array(all.prefix(samples.count)) == samples, "\(name) cut at \(cut): not a prefix of the whole")
            if let frameBytes { #expect(samples.count == (cut - headerEnd) / frameBytes * (all.count / ((full.count - headerEnd) / frameBytes)), "\(name) cut at \(cut)") }
        case .failed(let e):
            failed += 1
            #expect(e.file == name && !e.message.isEmpty, "\(name) cut at \(cut)")
        }
    }
    #expect(warned > 0)
    print("\(name): \(warned) cuts decoded with a warning, \(failed) rejected with an error")
}

// MARK: WAV

private let signal = testSignal(300)
private let stereo = [testSignal(300), testSignal(300, channel: 1)]

@Test func wavCutAtEveryBytePastItsHeader() {
    let full = AudioWriter.wavBytes(stereo, sampleRate: 22050, format: .pcm16)
    expectEveryCutSalvaged(full, headerEnd: 44, name: "cut.wav", frameBytes: 4)
}

/// A 16-bit mono WAV (header 44 bytes; fmt size at byte 16, data size at byte 40) with a size patched.
private func wav(fmtSize: Int? = nil, dataSize: Int? = nil, tail: [UInt8] = []) -> [UInt8] {
    var b = AudioWriter.wavBytes([signal], sampleRate: 22050, format: .pcm16) + tail
    if let fmtSize { b.replaceSubrange(16..<20, with: AudioWriter.le(fmtSize, bytes: 4)) }
    if let dataSize { b.replaceSubrange(40..<44, with: AudioWriter.le(dataSize, bytes: 4)) }
    return b
}

@Test func wavDataSizesThatLie() {
    let expected = signal.map { quantised($0, bits: 16) }
    expectSalvaged(wav(dataSize: 0), "data size 0", warning: "data chunk size 0: length taken from the file size (0.014 s)", expected: expected)
    expectSalvaged(wav(dataSize: 0xFFFF_FFFF), "data size unset", warning: "data chunk size unset (0xFFFFFFFF): length taken from the file size", expected: expected)
    expectSalvaged(wav(dataSize: 0xFFFF_FFF0), "data size 0xFFFFFFF0", warning: "truncated: the header declares 27.1 h, 0.014 s present", expected: expected)
    expectSalvaged(wav(dataSize: 600 + 2000), "data size past the end", warning: "truncated: the header declares 0.059 s, 0.014 s present", expected: expected)
    expectSalvaged(wav(dataSize: 599), "data size odd", warning: "the data chunk ends in a partial frame: its last 1 byte ignored",
                   expected: Array(expected.prefix(299)))
    // An empty data chunk followed by another chunk is empty, not unfinalised.
    let empty = Array(wav(dataSize: 0).prefix(44)) + AudioWriter.chunk("LIST", Array("INFOISFT".utf8) + [4, 0, 0, 0] + Array("abc\0".utf8))
    expectSalvaged(empty, "empty data chunk", warning: nil, error: "no audio: the data chunk is empty")
    expectSalvaged(Array(wav(dataSize: 0).prefix(44)), "data size 0 at the end", warning: nil, error: "no audio")
    expectSalvaged(Array(wav().prefix(45)), "less than a frame", warning: nil, error: "no whole frame")
}

@Test func wavFmtSizesThatLie() {
    let expected = signal.map { quantised($0, bits: 16) }
    expectSalvaged(wav(fmtSize: 0), "fmt size 0", warning: nil, error: "fmt chunk too short (0 bytes)")
    expectSalvaged(wav(fmtSize: 10), "fmt size 10", warning: nil, error: "fmt chunk too short")
    // A fmt size running into or past the data: its 16 bytes are sound, and the data chunk is found by its name.
    expectSalvaged(wav(fmtSize: 0xFFFF_FFF0), "fmt size 0xFFFFFFF0",
                   warning: "chunk 'fmt ' has a wrong size (4294967280 bytes): the data chunk was found by its name at byte 36",
                   expected: expected)
    expectSalvaged(wav(fmtSize: 100), "fmt size 100", warning: "the data chunk was found by its name", expected: expected)
    expectSalvaged(wav(fmtSize: 700), "fmt size past the end", warning: "the data chunk was found by its name", expected: expected)
    // No data chunk anywhere after the lying size: an error that says so.
    let noData = Array(wav(fmtSize: 0xFFFF_FFF0).prefix(36)) + [UInt8](repeating: 1, count: 100)
    expectSalvaged(noData, "fmt lies and no data", warning: nil, error: "WAV has no data chunk (chunk 'fmt ' claims 4294967280 bytes, 116 left in the file)")
}

@Test func rf64SizesThatLie() {
    var rf = AudioWriter.wavBytes([signal], sampleRate: 22050, format: .pcm16, rf64: true)
    let expected = signal.map { quantised($0, bits: 16) }
    for i in 0..<8 { rf[28 + i] = UInt8(truncatingIfNeeded: (1 << 41) >> (8 * i)) }  // ds64 data size 2^41
    expectSalvaged(rf, "RF64 ds64 2^41", warning: "truncated: the header declares", expected: expected)
    for i in 0..<8 { rf[28 + i] = 0 }
    expectSalvaged(rf, "RF64 ds64 0", warning: "ds64 data size 0: length taken from the file size", expected: expected)
    for top in [UInt64.max, UInt64.max - 15, UInt64(1) << 63] {
        for i in 0..<8 { rf[28 + i] = UInt8(truncatingIfNeeded: top >> (8 * UInt64(i))) }
        expectSalvaged(rf, "RF64 ds64 \(top)", warning: "truncated: the header declares", expected: expected)
    }
}

/// The wav fuzz target's finding in a CI run (crash-a94e3af8..., 272 bytes): a BW64 file whose
/// ds64 data size is 2^64 − 1 and whose fmt chunk is misnamed, so the chunk walk went on past the
/// data chunk and its next offset overflowed (a trap). Now the data chunk reads as running past
/// the end; the file gets one line naming it.
@Test func bw64WithAHugeDS64SizeAndNoFmtFailsWithOneLine() {
    let hex =
        "42573634ffffffff57415645647336341c0000000801000000000000ffffffffffffffff300000000000000053747269" +
        "6e67742010000000010002000077010000dc05000400100064617461ffffffff79191920ea26ef31af2fd636562d5536" +
        "3f302a31bf2870360e2932302217d72477094e2534feef22cf01241bccf4a90ff4f7951d8106750e1c0e1917a9144720" +
        "1523340e371d4b7f4c0651f555994a7d6072514064ce581361af5e3f5af447e760b33d635c7234e548821e45438317c0" +
        "2d0603af33b6fc3724f6dead17a8e0e821e1cb2616bec33019c7cd551bbcc21c27f0d3273e27f0d3273e06d1f538edd4" +
        "0a472fdf405648e1155ec9ea43588dec595804e90c5ee1ee8044c4dc663d05d1"
    var bytes: [UInt8] = []
    var digits = Substring(hex)
    while digits.count >= 2 { bytes.append(UInt8(digits.prefix(2), radix: 16)!); digits = digits.dropFirst(2) }
    #expect(bytes.count == 272)
    switch Outcome(bytes, name: "/recordings/crash.wav") {
    case .decoded(_, let warnings): #expect(!warnings.isEmpty, "decoded without a warning")
    case .failed(let e): #expect(e.description.hasPrefix("/recordings/crash.wav: ") && !e.description.contains("\n"), "\(e)")
    }
}

// MARK: AIFF

/// 16-bit mono AIFF: COMM frames at byte 22, SSND size at byte 42, samples from byte 54.
private func aiff(commFrames: Int? = nil, ssndSize: Int? = nil) -> [UInt8] {
    var b = AudioWriter.aiffBytes([signal], sampleRate: 22050, bits: 16, compression: nil)
    if let commFrames { b.replaceSubrange(22..<26, with: AudioWriter.be32(commFrames)) }
    if let ssndSize { b.replaceSubrange(42..<46, with: AudioWriter.be32(ssndSize)) }
    return b
}

@Test func aiffCutAtEveryBytePastItsHeader() {
    let full = AudioWriter.aiffBytes(stereo, sampleRate: 22050, bits: 24, compression: nil)
    expectEveryCutSalvaged(full, headerEnd: 54, name: "cut.aiff", frameBytes: 6)
}

@Test func aiffSizesThatLie() {
    let expected = signal.map { quantised($0, bits: 16) }
    #expect(Array(aiff().prefix(46).suffix(4)) == AudioWriter.be32(608))  // layout assumed above
    expectSalvaged(aiff(ssndSize: 0), "SSND size 0", warning: "SSND chunk size 0: length taken from the file size", expected: expected)
    expectSalvaged(aiff(ssndSize: 0xFFFF_FFF0), "SSND size 0xFFFFFFF0", warning: "truncated: the header declares", expected: expected)
    expectSalvaged(aiff(commFrames: 3000), "COMM frames past the end", warning: "truncated: the COMM chunk declares 0.136 s, 0.014 s present", expected: expected)
    expectSalvaged(aiff(commFrames: 0), "COMM frames 0", warning: "the COMM chunk declares no frames, the SSND chunk holds 0.014 s: all of it decoded", expected: expected)
    expectSalvaged(aiff(commFrames: 100), "COMM frames fewer", warning: "the COMM chunk declares 0.005 s (100 frames), the SSND chunk holds 0.014 s: all of it decoded", expected: expected)
    // Both left at 0 by a writer that never finalised the file: one warning.
    if case .decoded(_, let w) = Outcome(aiff(commFrames: 0, ssndSize: 0), name: "unfinalised.aiff") { #expect(w.count == 1, "\(w)") }
    // A COMM size that leads into the samples: SSND is found by its name.
    var longComm = aiff(); longComm.replaceSubrange(16..<20, with: AudioWriter.be32(100))
    expectSalvaged(longComm, "COMM size 100", warning: "chunk 'COMM' has a wrong size (100 bytes): the SSND chunk was found by its name at byte 38", expected: expected)
    var shortComm = aiff(); shortComm.replaceSubrange(16..<20, with: AudioWriter.be32(0))
    expectSalvaged(shortComm, "COMM size 0", warning: nil, error: "COMM chunk too short")
}

// MARK: AU

/// 16-bit mono AU with a 24-byte header (data size at byte 8).
private func au(dataSize: Int) -> [UInt8] {
    auHeader(24, dataSize, 3, 22050, 1) + signal.flatMap { AudioWriter.be(AudioWriter.quantise($0, bits: 16), bytes: 2) }
}

@Test func auCutAtEveryBytePastItsHeader() {
    let full = auHeader(24, 1200, 3, 22050, 2) + (0..<300).flatMap { i in stereo.flatMap { AudioWriter.be(AudioWriter.quantise($0[i], bits: 16), bytes: 2) } }
    expectEveryCutSalvaged(full, headerEnd: 24, name: "cut.au", frameBytes: 4)
}

@Test func auSizesThatLie() {
    let expected = signal.map { quantised($0, bits: 16) }
    expectSalvaged(au(dataSize: 0), "AU size 0", warning: "data size 0: length taken from the file size", expected: expected)
    expectSalvaged(au(dataSize: 0xFFFF_FFF0), "AU size 0xFFFFFFF0", warning: "truncated: the header declares", expected: expected)
    expectSalvaged(au(dataSize: 599), "AU size odd", warning: "the audio data ends in a partial frame: its last 1 byte ignored",
                   expected: Array(expected.prefix(299)))
    // 0xFFFFFFFF is AU's own "unknown size": no warning.
    if case .decoded(let y, let w) = Outcome(au(dataSize: 0xFFFF_FFFF), name: "unknown.au") { #expect(w.isEmpty && y == expected) }
    var far = au(dataSize: 600); far.replaceSubrange(4..<8, with: AudioWriter.be32(5000))
    expectSalvaged(far, "AU offset past the end", warning: nil, error: "past the end of the file")
}

// MARK: FLAC

private func flacBytes(_ x: [[Float]]) throws -> [UInt8] {
    let dir = TempDir(); defer { dir.cleanup() }
    let url = dir.file("s.flac")
    try AudioWriter.writeFLAC(x, sampleRate: 22050, bits: 16, to: url)
    return [UInt8](try Data(contentsOf: url))
}

@Test func flacCutAtEveryBytePastItsMetadata() throws {
    // Two frames (4096 + 904 samples) of a quiet signal: a small file to cut at every byte.
    let full = try flacBytes([testSignal(5000, amplitude: 0.002)])
    expectEveryCutSalvaged(full, headerEnd: 42, name: "cut.flac")
    let firstFrameCut = Outcome(Array(full.prefix(60)), name: "cut.flac")
    #expect(firstFrameCut.error?.contains("truncated: the file ends inside the first FLAC frame") == true, "\(String(describing: firstFrameCut.error))")
    #expect(Outcome(Array(full.prefix(42)), name: "cut.flac").error == "no audio: the FLAC stream ends after its metadata")
    let lastFrameCut = Outcome(Array(full.dropLast(5)), name: "cut.flac")
    #expect(lastFrameCut.warnings == ["truncated: the header declares 0.227 s, 0.186 s present"] && lastFrameCut.samples.count == 4096)
}

@Test func flacDamageInsideTheStream() throws {
    let x = testSignal(20000)
    let full = try flacBytes([x])
    guard case .decoded(let clean, let none) = Outcome(full, name: "ok.flac") else { Issue.record("intact FLAC fails"); return }
    #expect(none.isEmpty)
    // A flipped bit in the second frame: that frame's 4096 samples become silence, the rest is intact.
    let frames = try Conformance.frames(full)
    var flipped = full
    flipped[frames[1].offset + 100] ^= 0x10
    let bad = Outcome(flipped, name: "flip.flac")
    #expect(bad.warnings == ["FLAC frame 1 bad CRC: 0.186 s replaced by silence"], "\(bad.warnings)")
    let silenced = Array(clean[0..<4096]) + [Float](repeating: 0, count: 4096) + Array(clean[8192...])
    #expect(bad.samples == silenced)
    // Two frames damaged: one warning for both.
    flipped[frames[3].offset + 50] ^= 0x01
    #expect(Outcome(flipped, name: "flip2.flac").warnings == ["FLAC frame 1 and 1 later frames bad CRC: 0.372 s replaced by silence"])
    // Bytes that are not FLAC between two frames: skipped, the frames on either side intact.
    let garbage = Array(full[..<frames[2].offset]) + [UInt8](repeating: 0x55, count: 333) + Array(full[frames[2].offset...])
    let skipped = Outcome(garbage, name: "garbage.flac")
    #expect(skipped.warnings == ["unreadable data in the FLAC stream after frame 1: 333 bytes skipped"], "\(skipped.warnings)")
    #expect(skipped.samples == clean)
    // A trailing ID3v1 tag is no damage.
    let tagged = full + Array("TAG".utf8) + [UInt8](repeating: 0x20, count: 125)
    #expect(Outcome(tagged, name: "tagged.flac").warnings.isEmpty)
    #expect(Outcome(full + [1, 2, 3, 4, 5, 6, 7, 8, 9], name: "tail.flac").warnings == ["unreadable data in the FLAC stream after frame 4: 9 bytes at the end ignored"])
}

@Test func flacStreaminfoThatLies() throws {
    let x = testSignal(5000)
    let full = try flacBytes([x])
    let expected = x.map { quantised($0, bits: 16) }
    // STREAMINFO starts at byte 8; total samples in the low 36 bits of bytes 21-25.
    var more = full; more[21] |= 0x0F
    expectSalvaged(more, "FLAC claims 2^36 samples", warning: ", 0.227 s present", expected: expected)
    var fewer = full; fewer.replaceSubrange(22..<26, with: AudioWriter.be32(1000))
    expectSalvaged(fewer, "FLAC claims 1000 samples", warning: "STREAMINFO declares 0.045 s (1000 samples), the frames hold 0.227 s (5000): all decoded", expected: expected)
    var md5 = full; md5[30] ^= 0xFF
    expectSalvaged(md5, "FLAC MD5", warning: "MD5 mismatch", expected: expected)
    var length = full; length[5] = 0x7F  // STREAMINFO's length past the end of the file
    expectSalvaged(length, "FLAC block length past the end", warning: nil, error: "the FLAC metadata is damaged")
    var rate0 = full; rate0[18] = 0; rate0[19] = 0; rate0[20] &= 0x0F
    expectSalvaged(rate0, "FLAC 0 Hz", warning: nil, error: "sample rate")
}

/// A crafted stream: a sound frame header (CRC-8 right) claiming a verbatim 8-channel 32-bit
/// 4096-sample frame (128 KB) every 16 bytes of a megabyte. Each false header's body runs over all the others, so a
/// search that tried every byte after each failure would read the file once per header
/// (minutes); the work spent on failed candidates is bounded by the file size (FrameScan).
/// With no sound frame anywhere it is an error, not silence.
@Test func flacFalseFrameHeadersCostBoundedWork() {
    func crc8(_ b: [UInt8]) -> UInt8 { FLACCRC.crc8(b[...]) }
    let rate = 44100, channels = 8, bits = 32
    let streamInfo: [UInt8] = [0, 16, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, UInt8(rate >> 12), UInt8((rate >> 4) & 0xFF),
                               UInt8((rate & 0xF) << 4 | (channels - 1) << 1 | (bits - 1) >> 4), UInt8(((bits - 1) & 0xF) << 4)]
        + [UInt8](repeating: 0, count: 20)
    // Block size code 12 (4096), rate from STREAMINFO, 8 channels, 32 bits, frame 0.
    var header: [UInt8] = [0xFF, 0xF8, 0xC0, 0x7E, 0x00]
    header.append(crc8(header))
    let unit = header + [0x02] + [UInt8](repeating: 0, count: 16 - header.count - 1)  // a verbatim subframe begins
    let file = Array("fLaC".utf8) + [0x80, 0, 0, 34] + streamInfo + (0..<(1 << 16)).flatMap { _ in unit }
    let outcome = Outcome(file, name: "crafted.flac")
    #expect(outcome.error == "no FLAC frame found (no frame header with matching checksums)", "\(String(describing: outcome.error))")
    // Without a marker, the probe's search is bounded the same way.
    #expect(Outcome(Array(file.dropFirst(42)), name: "crafted.raw").error?.hasPrefix("unsupported format") == true)
}
