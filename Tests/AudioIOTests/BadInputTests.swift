import Foundation
import Testing
@testable import AudioIO

/// Opens and fully decodes `url`; returns the AudioError thrown, or records an issue if none.
private func failure(_ url: URL, _ note: String) -> AudioError? {
    do {
        _ = try decodeAll(url, block: 1 << 16)
        Issue.record("\(note): decoded without error")
        return nil
    } catch let e as AudioError {
        #expect(e.file == url.path, "\(note): error must name the file")
        #expect(e.description.hasPrefix(url.path + ": ") && !e.description.contains("\n"), "\(note)")
        return e
    } catch {
        Issue.record("\(note): non-AudioError \(error)")
        return nil
    }
}

@Test func emptyShortAndRandomFilesThrow() throws {
    let dir = TempDir(); defer { dir.cleanup() }
    #expect(failure(dir.write("empty.wav", []), "empty")?.message.contains("empty") == true)
    _ = failure(dir.write("short.wav", [0x52, 0x49]), "2 bytes")
    _ = failure(dir.file("missing.wav"), "missing file")
    _ = failure(dir.url, "directory")
    var state: UInt64 = 99
    let random = (0..<5000).map { _ -> UInt8 in
        state = state &* 6364136223846793005 &+ 1
        return UInt8(truncatingIfNeeded: state >> 33)
    }
    _ = failure(dir.write("random.wav", random), "random bytes")
    for magic in ["RIFF", "FORM", ".snd", "fLaC", "RF64"] {  // valid magic, random rest
        _ = failure(dir.write("r\(magic).bin", Array(magic.utf8) + random), "random after \(magic)")
    }
}

@Test func truncatedHeadersThrow() throws {
    let dir = TempDir(); defer { dir.cleanup() }
    let wav = AudioWriter.wavBytes([testSignal(100)], sampleRate: 22050, format: .pcm16)
    let aiff = AudioWriter.aiffBytes([testSignal(100)], sampleRate: 22050, bits: 16, compression: nil)
    for cut in [4, 11, 12, 20, 36, 40] { _ = failure(dir.write("w\(cut).wav", Array(wav.prefix(cut))), "WAV cut at \(cut)") }
    for cut in [4, 12, 20, 30] { _ = failure(dir.write("a\(cut).aif", Array(aiff.prefix(cut))), "AIFF cut at \(cut)") }
    _ = failure(dir.write("au.au", Array(".snd".utf8) + [0, 0, 0, 24]), "AU cut in header")
}

@Test func lyingHeadersThrow() throws {
    let dir = TempDir(); defer { dir.cleanup() }
    let base = AudioWriter.wavBytes([testSignal(100)], sampleRate: 22050, format: .pcm16)
    // fmt chunk body starts at byte 20: tag(20) channels(22) rate(24) byteRate(28) align(32) bits(34).
    func patched(_ offset: Int, _ value: Int, bytes: Int) -> [UInt8] {
        var b = base
        for i in 0..<bytes { b[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
        return b
    }
    let cases: [(String, [UInt8], String)] = [
        ("zero channels", patched(22, 0, bytes: 2), "channel"),
        ("zero rate", patched(24, 0, bytes: 4), "sample rate"),
        ("absurd rate", patched(24, 0xFFFF_FFFF, bytes: 4), "sample rate"),
        ("bits 0", patched(34, 0, bytes: 2), "bits"),
        ("bits 7", patched(34, 7, bytes: 2), "bits"),
        ("format tag 0x1234", patched(20, 0x1234, bytes: 2), "format"),
    ]
    for (name, bytes, word) in cases {
        let e = failure(dir.write("\(name).wav", bytes), name)
        #expect(e?.message.contains(word) == true, "\(name): \(e?.message ?? "")")
    }
    // A fmt chunk whose size runs past the end of the file, and a file with no data chunk.
    _ = failure(dir.write("fmtpast.wav", Array(base.prefix(16)) + [0xFF, 0xFF, 0xFF, 0x7F] + Array(base[20..<36])), "fmt past end")
    _ = failure(dir.write("nodata.wav", Array(base.prefix(36))), "no data chunk")
    // AIFF with 0 channels / 0 Hz sample rate / absurd rate (COMM body at byte 20).
    let aiff = AudioWriter.aiffBytes([testSignal(10)], sampleRate: 22050, bits: 16, compression: nil)
    var a0 = aiff; a0[20] = 0; a0[21] = 0
    _ = failure(dir.write("a0.aif", a0), "AIFF 0 channels")
    var ar = aiff; for i in 28..<38 { ar[i] = 0 }
    _ = failure(dir.write("ar.aif", ar), "AIFF 0 Hz")
    var ax = aiff; ax[28] = 0x40; ax[29] = 0x60
    _ = failure(dir.write("ax.aif", ax), "AIFF absurd rate")
    // AU with 0 channels and with an unknown encoding.
    _ = failure(dir.write("c0.au", auHeader(24, 4, 3, 8000, 0) + [0, 0, 0, 0]), "AU 0 channels")
    // An encoding we do not decode natively (G.721) goes to ffmpeg when present, else throws.
    let g721 = dir.write("e.au", auHeader(24, 4, 23, 8000, 1) + [0, 0, 0, 0])
    if !FFmpegReader.available { #expect(failure(g721, "AU G.721")?.message.contains("encoding") == true) }
}

@Test func realCorruptGTZANFileThrows() throws {
    guard let url = SharedData.file("bad/jazz.00054.wav") else {
        print("../shared/gtzan is absent: corrupt-file test skipped"); return
    }
    let e = failure(url, "jazz.00054.wav")
    #expect(e?.message.contains("unsupported format") == true)
    #expect(throws: AudioError.self) { _ = try loadMono(url) }
}

@Test func ffmpegFallbackDecodesMP3() throws {
    guard FFmpegReader.available, let url = SharedData.file("blues.00099.mp3") else {
        print("ffmpeg or ../shared/gtzan/blues.00099.mp3 absent: ffmpeg fallback test skipped"); return
    }
    let (info, y) = try decodeAll(url, block: 1 << 15)
    #expect(info.container == "ffmpeg" && info.sampleRate == 22050)
    #expect(abs(y.count - 661500) < 3000)  // a 30-s clip (MP3 adds encoder padding)
    let rms = sqrt(y.reduce(0) { $0 + Double($1 * $1) } / Double(max(1, y.count)))
    #expect(rms > 0.01 && rms < 1)
    #expect(AudioDecoder.canDecode(pathExtension: "MP3"))
}

@Test func ffmpegDamageBecomesAWarning() throws {
    guard FFmpegReader.available, let url = SharedData.file("blues.00099.mp3") else {
        print("ffmpeg or ../shared/gtzan/blues.00099.mp3 absent: ffmpeg damage test skipped"); return
    }
    let dir = TempDir(); defer { dir.cleanup() }
    var bytes = [UInt8](try Data(contentsOf: url))
    for i in 200_000..<200_400 { bytes[i] = 0x55 }  // a frame header overwritten
    let reader = try AudioDecoder.open(dir.write("damaged.mp3", bytes))
    var n = 0
    while let b = try reader.readBlock(maxFrames: 1 << 16) { n += b.frameCount }
    #expect(n > 600_000, "the rest is still decoded")
    #expect(reader.warnings.count == 1 && reader.warnings[0].hasPrefix("ffmpeg reported damage while decoding: "), "\(reader.warnings)")
    // An intact file has none.
    let intact = try AudioDecoder.open(url)
    while try intact.readBlock(maxFrames: 1 << 16) != nil {}
    #expect(intact.warnings.isEmpty)
}

@Test func canDecodeKnowsNativeExtensions() {
    for ext in ["wav", "WAV", "wave", "bwf", "rf64", "aif", "aiff", "aifc", "au", "snd", "flac"] {
        #expect(AudioDecoder.canDecode(pathExtension: ext), "\(ext)")
    }
    for ext in ["txt", "csv", "png", ""] { #expect(!AudioDecoder.canDecode(pathExtension: ext), "\(ext)") }
    #expect(AudioDecoder.canDecode(pathExtension: "ogg") == FFmpegReader.available)
}
