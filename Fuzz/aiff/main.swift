import AudioIO
import Foundation
import FuzzSupport

Fuzz.main(seeds: seeds, test: fuzzAIFF)

/// The AIFF/AIFF-C decoder, through `AudioDecoder.open`, decoded to the end. Inputs that do not
/// start with FORM are left to the other targets.
func fuzzAIFF(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    guard bytes.count >= 4, Array(bytes[0..<4]) == Array("FORM".utf8) else { return -1 }
    Fuzz.decodeAll(bytes, name: "fuzz.aiff")
    return 0
}

/// AudioWriter's AIFF at 8–32 bits and AIFF-C "NONE", with the compression type changed to
/// sowt, fl32, ulaw, alaw and raw; and one with NAME, AUTH, (c) and ANNO text chunks.
func seeds() throws -> [Seeds.Seed] {
    let mono = Seeds.signal(), stereo = Seeds.signal(frames: 48, channels: 2)
    var out: [Seeds.Seed] = []
    for bits in [8, 16, 24, 32] {
        out.append(try Seeds.written("pcm\(bits).aiff") { try AudioWriter.writeAIFF(mono, sampleRate: 22050, bits: bits, to: $0) })
    }
    let aifc16 = try Seeds.written("stereo16.aifc") { try AudioWriter.writeAIFF(stereo, sampleRate: 44100, bits: 16, to: $0, aifc: true) }
    let aifc32 = try Seeds.written("mono32.aifc") { try AudioWriter.writeAIFF(mono, sampleRate: 48000, bits: 32, to: $0, aifc: true) }
    let aifc8 = try Seeds.written("mono8.aifc") { try AudioWriter.writeAIFF(mono, sampleRate: 8000, bits: 8, to: $0, aifc: true) }
    out += [aifc16, aifc32, aifc8]
    // AIFF-C: FORM(12) FVER(12) COMM header(8) then channels(2) frames(4) bits(2) rate(10): type at 12+12+8+18.
    let type = 12 + 12 + 8 + 18
    out.append(("sowt.aifc", Seeds.patched(aifc16.bytes, at: type, Array("sowt".utf8))))
    out.append(("fl32.aifc", Seeds.patched(aifc32.bytes, at: type, Array("fl32".utf8))))
    out.append(("ulaw.aifc", Seeds.patched(aifc8.bytes, at: type, Array("ulaw".utf8))))
    out.append(("alaw.aifc", Seeds.patched(aifc8.bytes, at: type, Array("alaw".utf8))))
    out.append(("raw.aifc", Seeds.patched(aifc8.bytes, at: type, Array("raw ".utf8))))
    var tagged = out[1].bytes
    for (id, text) in [("NAME", "Harvest song"), ("AUTH", "Women of Vall\u{e9}"), ("(c) ", "1968 Archive"), ("ANNO", "Tape 7"), ("ANNO", "side B")] {
        tagged = Seeds.inserting(Seeds.chunk(id, Array(text.utf8), bigEndian: true), into: tagged, bigEndian: true)
    }
    out.append(("tagged.aiff", tagged))
    return out
}
