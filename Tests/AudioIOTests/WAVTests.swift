import Foundation
import Testing
@testable import AudioIO

@Test func wavIntegerDepthsRoundTrip() throws {
    let dir = TempDir(); defer { dir.cleanup() }
    let x = testSignal(3001)
    for (format, bits) in [(AudioWriter.SampleFormat.pcm8, 8), (.pcm16, 16), (.pcm24, 24), (.pcm32, 32)] {
        for extensible in [false, true] {
            let url = dir.file("t\(bits)\(extensible).wav")
            try AudioWriter.writeWAV([x], sampleRate: 22050, format: format, to: url, extensible: extensible)
            let (info, y) = try decodeAll(url, block: 777)
            #expect(info.container == "WAV" && info.bitsPerSample == bits && info.channels == 1)
            #expect(info.sampleRate == 22050 && info.frameCount == 3001)
            #expect(y.count == 3001)
            #expect(maxAbsDiff(y, x.map { quantised($0, bits: bits) }) <= (bits == 32 ? 1e-7 : 0), "bits \(bits)")
        }
    }
}

@Test func wavFloatFormatsAreExact() throws {
    let dir = TempDir(); defer { dir.cleanup() }
    let x = testSignal(1000)
    for format in [AudioWriter.SampleFormat.float32, .float64] {
        let url = dir.file("f.wav")
        try AudioWriter.writeWAV([x], sampleRate: 44100, format: format, to: url, extensible: format == .float64)
        let (info, y) = try decodeAll(url)
        #expect(y == x)
        #expect(info.bitsPerSample == (format == .float32 ? 32 : 64))
    }
}

@Test func handMadeBytesDecodeToKnownValues() throws {
    // Independent of the writer: 16-bit stereo frames (16384, -32768), (-16384, 0) → means 0.5·(0.5-1), 0.5·(-0.5+0).
    let dir = TempDir(); defer { dir.cleanup() }
    let data: [UInt8] = [0x00, 0x40, 0x00, 0x80, 0x00, 0xC0, 0x00, 0x00]
    let fmt: [UInt8] = [1, 0, 2, 0, 0x44, 0xAC, 0, 0, 0x10, 0xB1, 2, 0, 4, 0, 16, 0]
    var body = Array("WAVE".utf8) + Array("fmt ".utf8) + [16, 0, 0, 0] + fmt
    body += Array("data".utf8) + [8, 0, 0, 0] + data
    let url = dir.write("h.wav", Array("RIFF".utf8) + AudioWriter.le(body.count, bytes: 4) + body)
    let (info, y) = try decodeAll(url)
    #expect(info.sampleRate == 44100 && info.channels == 2)
    #expect(y == [-0.25, -0.25])
    // 8-bit unsigned: 0 → -1, 128 → 0, 255 → 127/128.
    let u8: [[Float]] = [[-1, 0, 127.0 / 128]]
    let url8 = dir.file("u8.wav")
    try AudioWriter.writeWAV(u8, sampleRate: 8000, format: .pcm8, to: url8)
    let bytes = [UInt8](try Data(contentsOf: url8))
    #expect(Array(bytes.suffix(4).prefix(3)) == [0, 128, 255])  // odd data chunk → pad byte last
    #expect(try decodeAll(url8).samples == u8[0])
}

@Test func stereoAndMultichannelAverageToMono() throws {
    let dir = TempDir(); defer { dir.cleanup() }
    let chans = (0..<6).map { testSignal(500, channel: $0, amplitude: 0.4) }
    let url = dir.file("six.wav")
    try AudioWriter.writeWAV(chans, sampleRate: 48000, format: .float32, to: url, extensible: true)
    let (info, y) = try decodeAll(url, block: 64)
    #expect(info.channels == 6)
    let expected = (0..<500).map { i in chans.reduce(Float(0)) { $0 + $1[i] } / 6 }
    #expect(maxAbsDiff(y, expected) < 1e-7)
    let url2 = dir.file("st.wav")
    try AudioWriter.writeWAV(Array(chans.prefix(2)), sampleRate: 48000, format: .pcm16, to: url2)
    let y2 = try decodeAll(url2).samples
    let e2 = (0..<500).map { (quantised(chans[0][$0], bits: 16) + quantised(chans[1][$0], bits: 16)) / 2 }
    #expect(y2 == e2)
}

@Test func rf64AndExtraChunksAreHandled() throws {
    let dir = TempDir(); defer { dir.cleanup() }
    let x = testSignal(999)
    let url = dir.file("r.wav")
    try AudioWriter.writeWAV([x, x], sampleRate: 96000, format: .pcm24, to: url, rf64: true)
    let (info, y) = try decodeAll(url)
    #expect(info.container == "RF64" && info.frameCount == 999 && info.sampleRate == 96000)
    #expect(y == x.map { quantised($0, bits: 24) })
    // Odd-sized LIST and bext chunks before the data, a JUNK chunk after: pad bytes honoured.
    let odd = AudioWriter.wavBytes([x], sampleRate: 22050, format: .pcm16, rf64: true,
                                   extraChunks: [("LIST", [1, 2, 3]), ("bext", [UInt8](repeating: 7, count: 601))])
    #expect(try decodeAll(dir.write("o64.wav", odd)).samples == x.map { quantised($0, bits: 16) })
    let plain = AudioWriter.wavBytes([x], sampleRate: 22050, format: .pcm16,
                                     extraChunks: [("LIST", [1, 2, 3]), ("junk", [9])])
    #expect(try decodeAll(dir.write("o.wav", plain + Array("JUNK".utf8) + [3, 0, 0, 0, 1, 2, 3, 0])).samples
            == x.map { quantised($0, bits: 16) })
}

@Test func wavDataChunkLongerThanFileDecodesWhatIsThere() throws {
    // Policy (as soundfile): a data chunk claiming more than the file holds yields the whole frames present.
    let dir = TempDir(); defer { dir.cleanup() }
    let x = testSignal(100)
    let full = AudioWriter.wavBytes([x], sampleRate: 22050, format: .pcm16)
    let cut = Array(full.prefix(full.count - 51))  // 25.5 frames missing
    let (info, y) = try decodeAll(dir.write("cut.wav", cut))
    #expect(info.frameCount == 74 && y.count == 74)
    #expect(y == Array(x.prefix(74)).map { quantised($0, bits: 16) })
}

@Test func realGTZANClipDecodes() throws {
    guard let url = SharedData.file("audio/blues/blues.00000.wav") else {
        print("../shared/gtzan is absent: GTZAN decode test skipped"); return
    }
    let (info, y) = try decodeAll(url, block: 1 << 16)
    #expect(y.count == 661794 && info.sampleRate == 22050 && info.bitsPerSample == 16)
    // Independent check: the first samples straight from the bytes after the 44-byte header.
    let bytes = [UInt8](try FileHandle(forReadingFrom: url).read(upToCount: 64) ?? Data())
    for i in 0..<10 {
        let v = Int16(bitPattern: UInt16(bytes[44 + 2 * i]) | UInt16(bytes[45 + 2 * i]) << 8)
        #expect(y[i] == Float(v) / 32768)
    }
}
