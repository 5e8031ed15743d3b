import Foundation
import Testing
@testable import AudioIO

@Test func md5MatchesRFC1321Vectors() {
    func hex(_ s: String) -> String {
        var m = MD5(); m.update(Array(s.utf8))
        return m.finalize().map { String(format: "%02x", $0) }.joined()
    }
    #expect(hex("") == "d41d8cd98f00b204e9800998ecf8427e")
    #expect(hex("abc") == "900150983cd24fb0d6963f7d28e17f72")
    #expect(hex("The quick brown fox jumps over the lazy dog") == "9e107d9d372bb6826bd81d3542a419d6")
    #expect(hex(String(repeating: "1234567890", count: 8)) == "57edf4a22be3c955ac49da2e2107b67a")
    var split = MD5()  // incremental updates across block boundaries give the same digest
    let text = Array(String(repeating: "1234567890", count: 8).utf8)
    for range in [0..<29, 29..<29, 29..<70, 70..<80] { split.update(Array(text[range])) }
    #expect(split.finalize().map { String(format: "%02x", $0) }.joined() == "57edf4a22be3c955ac49da2e2107b67a")
}

@Test func crcMatchesFLACCheckValues() {
    // CRC-8/SMBUS and CRC-16/UMTS(BUYPASS) of "123456789": 0xF4 and 0xFEE8.
    #expect(FLACCRC.crc8(Array("123456789".utf8)[...]) == 0xF4)
    #expect(FLACCRC.crc16(Array("123456789".utf8)[...]) == 0xFEE8)
}

@Test func flacWriterRoundTrip() throws {
    let dir = TempDir(); defer { dir.cleanup() }
    let l = testSignal(10000), r = testSignal(10000, channel: 1)
    let silence = [Float](repeating: 0, count: 10000)
    for bits in [8, 16, 24] {
        let url = dir.file("w\(bits).flac")
        try AudioWriter.writeFLAC([l, r, silence], sampleRate: 44100, bits: bits, to: url)
        let (info, y) = try decodeAll(url, block: 3000)
        #expect(info.container == "FLAC" && info.bitsPerSample == bits && info.channels == 3 && info.frameCount == 10000)
        let e = (0..<10000).map { (quantised(l[$0], bits: bits) + quantised(r[$0], bits: bits) + 0) / 3 }
        #expect(maxAbsDiff(y, e) < 1e-7, "bits \(bits)")
        if runTool("flac", ["-t", "-s", url.path]) != nil {
            #expect(runTool("flac", ["-t", "-s", url.path]) == 0, "flac -t rejects our \(bits)-bit file")
        }
    }
}

/// FLAC files made by the reference encoder (fixed + LPC subframes, mid/side and left/side
/// stereo, wasted bits, escape partitions as it chooses) must decode sample-exact against the WAV.
@Test func referenceFlacToolFilesDecodeExactly() throws {
    guard FFmpegReader.locate("flac") != nil else {
        print("flac not on PATH: reference-encoder FLAC test skipped (apt-get install flac)"); return
    }
    let dir = TempDir(); defer { dir.cleanup() }
    let n = 30000
    let l = testSignal(n, amplitude: 0.9)
    let other = testSignal(n, channel: 3)
    let r = (0..<n).map { 0.7 * l[$0] + 0.2 * other[$0] }                         // correlated → mid/side
    let quiet = testSignal(n, channel: 2, amplitude: 0.001)                       // low level → escapes / small k
    let even = l.map { Float(Int(($0 * 4096).rounded()) * 8) / 32768 }            // low 3 bits zero → wasted bits
    let cases: [(String, [[Float]], AudioWriter.SampleFormat, [String])] = [
        ("stereo16", [l, r], .pcm16, ["--best"]),
        ("stereo24", [l, r], .pcm24, ["--best"]),
        ("mono16", [quiet], .pcm16, ["-8"]),
        ("wasted", [even, even], .pcm16, ["-5"]),
        ("fast", [l, quiet], .pcm16, ["-0"]),
    ]
    for (name, chans, format, args) in cases {
        let wav = dir.file("\(name).wav"), flac = dir.file("\(name).flac")
        try AudioWriter.writeWAV(chans, sampleRate: 44100, format: format, to: wav)
        #expect(runTool("flac", args + ["-s", "-f", "-o", flac.path, wav.path]) == 0)
        let expected = try decodeAll(wav).samples
        let (info, y) = try decodeAll(flac, block: 4000)
        #expect(info.frameCount == n && info.channels == chans.count)
        #expect(y == expected, "\(name)")
    }
}
