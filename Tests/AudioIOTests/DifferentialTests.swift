import Foundation
import Testing
@testable import AudioIO

/// Files written by sox and ffmpeg in every container and encoding AudioIO decodes natively,
/// decoded by AudioIO and by the reference decoders — libsndfile (through `sox -t sndfile`),
/// sox's own readers and ffmpeg — and compared sample for sample: zero differences for integer
/// and companded encodings, and for floats at most 1 ulp after conversion to Float.
private struct Case {
    enum Ref { case ffmpeg, sndfile, sox }
    var name: String
    /// File name extension of the generated file.
    var ext: String
    /// Tool and its arguments; "IN" and "OUT" stand for the master and the generated file.
    var tool: String
    var args: [String]
    /// References that must decode the file and agree.
    var refs: [Ref]
    /// What AudioIO must call the container.
    var container: String
    /// Float encodings may differ by 1 ulp; integer ones not at all.
    var ulps = 0
    /// A check that the generated file really has the feature tested (nil: none needed).
    var verify: (([UInt8]) -> String?)? = nil
    /// Bytes changed after generation (e.g. RF64 → BW64), before decoding.
    var patch: ((inout [UInt8]) -> Void)? = nil
}

/// RIFF chunk ids and sizes of a WAV, walked naively (for the checks that a case has its feature).
private func riffChunks(_ b: [UInt8]) -> [(id: String, size: Int)] {
    var out: [(String, Int)] = []
    var pos = 12
    while pos + 8 <= b.count {
        let size = Int(b[pos + 4]) | Int(b[pos + 5]) << 8 | Int(b[pos + 6]) << 16 | Int(b[pos + 7]) << 24
        let id = String(decoding: b[pos..<pos + 4], as: UTF8.self)
        out.append((id, size))
        if id == "data", size == 0xFFFF_FFFF { break }
        pos += 8 + size + (size & 1)
    }
    return out
}

private func fmtTag(_ b: [UInt8]) -> Int? {
    guard let i = (12..<b.count - 10).first(where: { b[$0] == 0x66 && b[$0 + 1] == 0x6d && b[$0 + 2] == 0x74 && b[$0 + 3] == 0x20 }) else { return nil }
    return Int(b[i + 8]) | Int(b[i + 9]) << 8
}

private func expectTag(_ tag: Int) -> ([UInt8]) -> String? {
    { b in fmtTag(b) == tag ? nil : "fmt tag \(fmtTag(b).map { String($0, radix: 16) } ?? "none"), expected \(String(tag, radix: 16))" }
}

private func aifcCompression(_ b: [UInt8]) -> String? {
    guard let i = (12..<b.count - 30).first(where: { Array(b[$0..<$0 + 4]) == Array("COMM".utf8) }) else { return nil }
    return String(decoding: b[i + 8 + 18..<i + 8 + 22], as: UTF8.self)
}

private func expectCompression(_ c: String) -> ([UInt8]) -> String? {
    { b in aifcCompression(b) == c ? nil : "AIFF-C compression \(aifcCompression(b) ?? "none"), expected \(c)" }
}

private let sox = "sox", ffmpeg = "ffmpeg"
private let soxOut = ["-D", "-V1", "IN"]  // no dither: the file holds what the encoding makes of the master
private func soxArgs(_ encoding: [String]) -> [String] { soxOut + encoding + ["OUT"] }
private func ffArgs(_ codec: [String]) -> [String] { ["-v", "error", "-nostdin", "-y", "-i", "IN"] + codec + ["OUT"] }

nonisolated(unsafe) private let cases: [Case] = [
    // WAV: PCM 8/16/24/32, float 32/64, G.711, IMA ADPCM.
    Case(name: "WAV u8", ext: "wav", tool: sox, args: soxArgs(["-e", "unsigned", "-b", "8"]), refs: [.ffmpeg, .sndfile, .sox], container: "WAV"),
    Case(name: "WAV s16", ext: "wav", tool: sox, args: soxArgs(["-e", "signed", "-b", "16"]), refs: [.ffmpeg, .sndfile, .sox], container: "WAV"),
    Case(name: "WAV s24", ext: "wav", tool: ffmpeg, args: ffArgs(["-c:a", "pcm_s24le"]), refs: [.ffmpeg, .sndfile, .sox], container: "WAV"),
    Case(name: "WAV f32", ext: "wav", tool: sox, args: soxArgs(["-e", "floating-point", "-b", "32"]), refs: [.ffmpeg], container: "WAV", ulps: 1),
    Case(name: "WAV f64", ext: "wav", tool: ffmpeg, args: ffArgs(["-c:a", "pcm_f64le"]), refs: [.ffmpeg], container: "WAV", ulps: 1),
    Case(name: "WAV mu-law", ext: "wav", tool: sox, args: soxArgs(["-e", "mu-law"]), refs: [.ffmpeg, .sndfile, .sox], container: "WAV", verify: expectTag(7)),
    Case(name: "WAV A-law", ext: "wav", tool: ffmpeg, args: ffArgs(["-c:a", "pcm_alaw"]), refs: [.ffmpeg, .sndfile, .sox], container: "WAV", verify: expectTag(6)),
    // (ffmpeg's adpcm_ima_wav expands codes by multiplication, not the IMA reference's shifts and
    // adds that libsndfile and sox use: see imaADPCMAgreesWithLibsndfileAndNearlyWithFFmpeg.)
    Case(name: "WAV IMA ADPCM (sox)", ext: "wav", tool: sox, args: soxArgs(["-e", "ima-adpcm"]), refs: [.sndfile, .sox], container: "WAV", verify: expectTag(0x11)),
    Case(name: "WAV IMA ADPCM (ffmpeg)", ext: "wav", tool: ffmpeg, args: ffArgs(["-c:a", "adpcm_ima_wav"]), refs: [.sndfile, .sox], container: "WAV", verify: expectTag(0x11)),
    // WAVE_FORMAT_EXTENSIBLE with channel masks: 5.1 24-bit, quad float, stereo 32-bit.
    Case(name: "WAV extensible 5.1 s24", ext: "wav", tool: ffmpeg,
         args: ffArgs(["-af", "pan=5.1|c0=c0|c1=c1|c2=0.5*c0|c3=0.1*c1|c4=0.7*c0|c5=0.7*c1", "-c:a", "pcm_s24le"]),
         refs: [.ffmpeg, .sndfile, .sox], container: "WAV", verify: expectTag(0xFFFE)),
    Case(name: "WAV extensible quad f32", ext: "wav", tool: ffmpeg, args: ffArgs(["-af", "pan=quad|c0=c0|c1=c1|c2=0.3*c0|c3=0.3*c1", "-c:a", "pcm_f32le"]),
         refs: [.ffmpeg], container: "WAV", ulps: 1, verify: expectTag(0xFFFE)),
    Case(name: "WAV extensible s32", ext: "wav", tool: sox, args: soxArgs(["-e", "signed", "-b", "32"]),
         refs: [.ffmpeg, .sndfile, .sox], container: "WAV", verify: expectTag(0xFFFE)),
    // bext, LIST and JUNK chunks, odd-sized (with their pad byte), before odd-sized 8-bit data.
    Case(name: "WAV bext/LIST/JUNK odd chunks", ext: "wav", tool: ffmpeg,
         args: ffArgs(["-ac", "1", "-c:a", "pcm_u8", "-write_bext", "1", "-metadata", "coding_history=A=PCM,F=44100,W=8,M=mono",
                       "-metadata", "title=odd", "-metadata", "description=an odd-sized bext chunk", "-rf64", "auto"]),
         refs: [.ffmpeg, .sndfile, .sox], container: "WAV",
         verify: { b in
             let chunks = riffChunks(b), ids = Set(chunks.map(\.id))
             guard ids.isSuperset(of: ["bext", "LIST", "JUNK"]) else { return "chunks \(chunks.map(\.id))" }
             let oddBeforeData = chunks.contains { $0.size % 2 == 1 && $0.id != "data" }
             let oddData = chunks.contains { $0.id == "data" && $0.size % 2 == 1 }
             return oddBeforeData && oddData ? nil : "no odd chunk: \(chunks)"
         }),
    // RF64 and BW64 (EBU Tech 3306): ffmpeg writes RF64; BW64 is the same file with its magic changed.
    Case(name: "RF64 s16", ext: "wav", tool: ffmpeg, args: ffArgs(["-c:a", "pcm_s16le", "-rf64", "always"]),
         refs: [.ffmpeg, .sndfile], container: "RF64", verify: { b in String(decoding: b[0..<4], as: UTF8.self) == "RF64" ? nil : "not RF64" }),
    Case(name: "RF64 f32", ext: "wav", tool: ffmpeg, args: ffArgs(["-c:a", "pcm_f32le", "-rf64", "always"]), refs: [.ffmpeg], container: "RF64", ulps: 1),
    Case(name: "BW64 s24", ext: "wav", tool: ffmpeg, args: ffArgs(["-c:a", "pcm_s24le", "-rf64", "always"]), refs: [.ffmpeg], container: "BW64",
         patch: { $0.replaceSubrange(0..<4, with: Array("BW64".utf8)) }),
    // AIFF 8/16/24/32 and AIFF-C (NONE, sowt, fl32, fl64, ulaw, alaw).
    Case(name: "AIFF s8", ext: "aiff", tool: sox, args: soxArgs(["-e", "signed", "-b", "8"]), refs: [.ffmpeg, .sndfile, .sox], container: "AIFF"),
    Case(name: "AIFF s16", ext: "aiff", tool: sox, args: soxArgs(["-b", "16"]), refs: [.ffmpeg, .sndfile, .sox], container: "AIFF"),
    Case(name: "AIFF s24", ext: "aiff", tool: ffmpeg, args: ffArgs(["-c:a", "pcm_s24be"]), refs: [.ffmpeg, .sndfile, .sox], container: "AIFF"),
    Case(name: "AIFF s32", ext: "aiff", tool: sox, args: soxArgs(["-b", "32"]), refs: [.ffmpeg, .sndfile, .sox], container: "AIFF"),
    Case(name: "AIFF-C NONE", ext: "aifc", tool: sox, args: soxArgs(["-b", "16"]), refs: [.ffmpeg, .sndfile, .sox], container: "AIFF-C",
         verify: expectCompression("NONE")),
    Case(name: "AIFF-C sowt", ext: "aifc", tool: ffmpeg, args: ffArgs(["-c:a", "pcm_s16le", "-f", "aiff"]), refs: [.ffmpeg, .sndfile, .sox],
         container: "AIFF-C", verify: expectCompression("sowt")),
    Case(name: "AIFF-C fl32", ext: "aifc", tool: ffmpeg, args: ffArgs(["-c:a", "pcm_f32be", "-f", "aiff"]), refs: [.ffmpeg],
         container: "AIFF-C", ulps: 1, verify: expectCompression("fl32")),
    Case(name: "AIFF-C fl64", ext: "aifc", tool: ffmpeg, args: ffArgs(["-c:a", "pcm_f64be", "-f", "aiff"]), refs: [.ffmpeg],
         container: "AIFF-C", ulps: 1, verify: expectCompression("fl64")),
    // (sox's own AIFF reader knows no ulaw/alaw: libsndfile and ffmpeg are the references.)
    Case(name: "AIFF-C ulaw", ext: "aifc", tool: ffmpeg, args: ffArgs(["-c:a", "pcm_mulaw", "-f", "aiff"]), refs: [.ffmpeg, .sndfile],
         container: "AIFF-C", verify: expectCompression("ulaw")),
    Case(name: "AIFF-C alaw", ext: "aifc", tool: ffmpeg, args: ffArgs(["-c:a", "pcm_alaw", "-f", "aiff"]), refs: [.ffmpeg, .sndfile],
         container: "AIFF-C", verify: expectCompression("alaw")),
    // AU 8/16/24/32, float, double, mu-law, A-law.
    Case(name: "AU s8", ext: "au", tool: sox, args: soxArgs(["-e", "signed", "-b", "8"]), refs: [.ffmpeg, .sndfile, .sox], container: "AU"),
    Case(name: "AU s16", ext: "au", tool: sox, args: soxArgs(["-e", "signed", "-b", "16"]), refs: [.ffmpeg, .sndfile, .sox], container: "AU"),
    Case(name: "AU s24", ext: "au", tool: sox, args: soxArgs(["-e", "signed", "-b", "24"]), refs: [.ffmpeg, .sndfile, .sox], container: "AU"),
    Case(name: "AU s32", ext: "au", tool: sox, args: soxArgs(["-e", "signed", "-b", "32"]), refs: [.ffmpeg, .sndfile, .sox], container: "AU"),
    Case(name: "AU f32", ext: "au", tool: sox, args: soxArgs(["-e", "floating-point", "-b", "32"]), refs: [.ffmpeg], container: "AU", ulps: 1),
    Case(name: "AU f64", ext: "au", tool: sox, args: soxArgs(["-e", "floating-point", "-b", "64"]), refs: [.ffmpeg], container: "AU", ulps: 1),
    Case(name: "AU mu-law", ext: "au", tool: sox, args: soxArgs(["-e", "mu-law"]), refs: [.ffmpeg, .sndfile, .sox], container: "AU"),
    Case(name: "AU A-law", ext: "au", tool: sox, args: soxArgs(["-e", "a-law"]), refs: [.ffmpeg, .sndfile, .sox], container: "AU"),
]

@Test func containersAgreeWithLibsndfileSoxAndFFmpeg() throws {
    guard Reference.available("sox"), Reference.available("ffmpeg"), Reference.available("ffprobe") else {
        print("sox or ffmpeg not on PATH: differential decoder tests skipped (apt-get install sox libsox-fmt-all ffmpeg)"); return
    }
    let dir = TempDir(); defer { dir.cleanup() }
    // The master: 0.5 s + 1 frame (an odd count) of stereo float, tones with a wide dynamic range
    // (down to −100 dB, where float and 32-bit samples keep bits that 16-bit ones lose) and noise.
    let n = 22051
    let quiet = testSignal(n, channel: 5, amplitude: 0.00001), second = testSignal(n, channel: 1)
    let master = [testSignal(n, amplitude: 0.9), (0..<n).map { 0.5 * second[$0] + quiet[$0] }]
    let masterURL = dir.file("master.wav")
    try AudioWriter.writeWAV(master, sampleRate: 44100, format: .float32, to: masterURL)
    var checked = 0
    for c in cases {
        let out = dir.file(c.name.replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "/", with: "-") + "." + c.ext)
        let args = c.args.map { $0 == "IN" ? masterURL.path : $0 == "OUT" ? out.path : $0 }
        guard let made = Reference.run(c.tool, args), made.status == 0 else {
            Issue.record("\(c.name): \(c.tool) could not write it"); continue
        }
        var bytes = [UInt8](try Data(contentsOf: out))
        if let problem = c.verify?(bytes) { Issue.record("\(c.name): the generated file lacks its feature: \(problem)"); continue }
        if let patch = c.patch { patch(&bytes); try Data(bytes).write(to: out) }
        let ours = try Decoded(out, block: 1000)
        #expect(ours.info.container == c.container, "\(c.name): container \(ours.info.container)")
        #expect(ours.warnings.isEmpty, "\(c.name): \(ours.warnings)")
        for ref in c.refs {
            let pcm: Reference.PCM?
            switch ref {
            case .ffmpeg: pcm = Reference.ffmpeg(out)
            case .sndfile: pcm = Reference.sox(out, sndfile: true)
            case .sox: pcm = Reference.sox(out, sndfile: false)
            }
            guard let pcm else { Issue.record("\(c.name): reference \(ref) failed"); continue }
            #expect(ours.pcm?.channels == pcm.channels && ours.pcm?.sampleRate == pcm.sampleRate, "\(c.name) vs \(ref): layout")
            let diff = firstDifference(ours.samples, pcm.samples, ulps: c.ulps)
            #expect(diff.isEmpty, "\(c.name) vs \(ref): \(diff)")
            if diff.isEmpty { checked += 1 }
        }
    }
    print("differential decoder tests: \(cases.count) files, \(checked) sample-identical comparisons with libsndfile/sox/ffmpeg")
}

/// IMA ADPCM: libsndfile and sox expand each code with the IMA reference's shifts and adds
/// (diff = step/8 + step/4·b0 + step/2·b1 + step·b2), as AudioIO does, and agree exactly (above);
/// ffmpeg's adpcm_ima_wav computes (2·code + 1)·step/8 instead, which rounds differently: its
/// samples stay within a few steps of the same waveform.
@Test func imaADPCMAgreesWithLibsndfileAndNearlyWithFFmpeg() throws {
    guard Reference.available("sox"), Reference.available("ffmpeg") else { print("sox or ffmpeg absent: IMA ADPCM test skipped"); return }
    let dir = TempDir(); defer { dir.cleanup() }
    let master = dir.file("m.wav"), ima = dir.file("ima.wav")
    try AudioWriter.writeWAV([testSignal(20000), testSignal(20000, channel: 1)], sampleRate: 16000, format: .pcm16, to: master)
    #expect(Reference.run("sox", ["-V1", master.path, "-e", "ima-adpcm", ima.path])?.status == 0)
    let ours = try Decoded(ima)
    let sndfile = try #require(Reference.sox(ima, sndfile: true)), viaFFmpeg = try #require(Reference.ffmpeg(ima))
    #expect(firstDifference(ours.samples, sndfile.samples).isEmpty)
    #expect(ours.samples.count == viaFFmpeg.samples.count)
    let worst = zip(ours.samples, viaFFmpeg.samples).map { abs($0 - $1) }.max() ?? 1
    let rms = sqrt(zip(ours.samples, viaFFmpeg.samples).map { Double(($0 - $1) * ($0 - $1)) }.reduce(0, +) / Double(max(1, ours.samples.count)))
    print("IMA ADPCM against ffmpeg: largest difference \(worst * 32768) LSB, RMS \(rms * 32768) LSB")
    #expect(worst < 0.01 && rms < 1e-3)
}

/// Encodings left to ffmpeg say so plainly, and decode through it when it is there.
@Test func encodingsNotDecodedNativelyNameFFmpeg() throws {
    guard Reference.available("ffmpeg"), Reference.available("ffprobe") else {
        print("ffmpeg not on PATH: ffmpeg fallback test skipped"); return
    }
    let dir = TempDir(); defer { dir.cleanup() }
    let master = dir.file("m.wav")
    try AudioWriter.writeWAV([testSignal(8000)], sampleRate: 8000, format: .pcm16, to: master)
    let gsm = dir.file("gsm.wav"), ms = dir.file("ms.wav")
    #expect(Reference.run("ffmpeg", ffArgs(["-c:a", "gsm_ms"]).map { $0 == "IN" ? master.path : $0 == "OUT" ? gsm.path : $0 })?.status == 0)
    #expect(Reference.run("ffmpeg", ffArgs(["-c:a", "adpcm_ms"]).map { $0 == "IN" ? master.path : $0 == "OUT" ? ms.path : $0 })?.status == 0)
    for (url, name) in [(gsm, "0x0031 (GSM 6.10)"), (ms, "0x0002 (Microsoft ADPCM)")] {
        // Through ffmpeg: the same samples ffmpeg gives.
        let ours = try Decoded(url)
        #expect(ours.info.container == "ffmpeg", "\(name)")
        let diff = firstDifference(ours.samples, Reference.ffmpeg(url)?.samples ?? [])
        #expect(diff.isEmpty, "\(name): \(diff)")
        // Without ffmpeg: an error that says what the encoding is and that ffmpeg is needed.
        do {
            _ = try AudioDecoder.open(bytes: [UInt8](try Data(contentsOf: url)), name: url.path)
            Issue.record("\(name): opened without ffmpeg")
        } catch let e as AudioError {
            let message = e.message
            #expect(message == "WAV encoding \(name) is not decoded natively; reading it needs ffmpeg, which is not on PATH", "\(message)")
        }
    }
}
