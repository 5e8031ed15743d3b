import Foundation
import Testing
@testable import AudioIO

@Test func aiffAndAIFFCRoundTrip() throws {
    let dir = TempDir(); defer { dir.cleanup() }
    let l = testSignal(1234), r = testSignal(1234, channel: 1)
    for bits in [8, 16, 24, 32] {
        for aifc in [false, true] {
            let url = dir.file("a\(bits)\(aifc).aif")
            try AudioWriter.writeAIFF([l, r], sampleRate: 44100, bits: bits, to: url, aifc: aifc)
            let (info, y) = try decodeAll(url, block: 500)
            #expect(info.container == (aifc ? "AIFF-C" : "AIFF") && info.sampleRate == 44100 && info.channels == 2)
            let e = (0..<1234).map { (quantised(l[$0], bits: bits) + quantised(r[$0], bits: bits)) / 2 }
            #expect(maxAbsDiff(y, e) <= (bits == 32 ? 1e-7 : 0), "bits \(bits) aifc \(aifc)")
        }
    }
}

@Test func aifcCompressionTypes() throws {
    let dir = TempDir(); defer { dir.cleanup() }
    let x = testSignal(300)
    for (c, expected) in [("sowt", x.map { quantised($0, bits: 16) }), ("fl32", x), ("fl64", x)] {
        let bytes = AudioWriter.aiffBytes([x], sampleRate: 22050, bits: c == "fl64" ? 64 : (c == "fl32" ? 32 : 16), compression: c)
        let (info, y) = try decodeAll(dir.write("\(c).aifc", bytes))
        #expect(y == expected, "\(c)")
        #expect(info.container == "AIFF-C")
    }
}

@Test func extended80SampleRates() {
    // 44100 Hz in 80-bit extended is 40 0E AC 44 00 00 00 00 00 00 (AIFF spec examples).
    #expect(AIFFParser.extended80([0x40, 0x0E, 0xAC, 0x44, 0, 0, 0, 0, 0, 0]) == 44100)
    #expect(AIFFParser.extended80Bytes(44100) == [0x40, 0x0E, 0xAC, 0x44, 0, 0, 0, 0, 0, 0])
    #expect(AIFFParser.extended80([0x40, 0x0D, 0xAC, 0x44, 0, 0, 0, 0, 0, 0]) == 22050)
    for rate in [8000.0, 11025, 22050, 48000, 96000, 192000, 352800] {
        #expect(AIFFParser.extended80(AIFFParser.extended80Bytes(rate)) == rate)
    }
}

@Test func auRoundTripAndCompandedEncodings() throws {
    let dir = TempDir(); defer { dir.cleanup() }
    let x = testSignal(800)
    let url = dir.file("t.au")
    try AudioWriter.writeAU([x, x], sampleRate: 8000, to: url)
    let (info, y) = try decodeAll(url)
    #expect(info.container == "AU" && info.sampleRate == 8000 && info.channels == 2 && info.bitsPerSample == 16)
    #expect(y == x.map { quantised($0, bits: 16) })
    // mu-law bytes (G.711 reference values): 0xFF → 0, 0x80 → +32124, 0x00 → -32124.
    let mu = try decodeAll(dir.write("mu.au", auHeader(24, 3, 1, 8000, 1) + [0xFF, 0x80, 0x00])).samples
    let muExpected: [Float] = [0, 32124.0 / 32768, -32124.0 / 32768]
    #expect(mu == muExpected)
    // A-law (code 27): 0xD5 → +8, 0x55 → -8, 0xAA → +32256.
    let a = try decodeAll(dir.write("a.au", auHeader(24, 3, 27, 8000, 1) + [0xD5, 0x55, 0xAA])).samples
    let aExpected: [Float] = [8.0 / 32768, -8.0 / 32768, 32256.0 / 32768]
    #expect(a == aExpected)
    // Unknown data size (0xFFFFFFFF) reads to end of file; 24-bit big-endian linear.
    let h24 = auHeader(28, 0xFFFF_FFFF, 4, 16000, 1) + [0, 0, 0, 0]
    let y24 = try decodeAll(dir.write("u.au", h24 + [0x40, 0, 0, 0xC0, 0, 0])).samples
    #expect(y24 == [Float(0.5), -0.5])
}

/// A Sun .au header: offset, data size, encoding, rate, channels (all big-endian 32-bit).
func auHeader(_ offset: Int, _ size: Int, _ encoding: Int, _ rate: Int, _ channels: Int) -> [UInt8] {
    var h: [UInt8] = Array(".snd".utf8)
    for v in [offset, size, encoding, rate, channels] { h += AudioWriter.be32(v) }
    return h
}
