import AudioIO
import Foundation
import FuzzSupport

Fuzz.main(seeds: seeds, test: fuzzAU)

/// The Sun/NeXT AU decoder, through `AudioDecoder.open`, decoded to the end. Inputs that do not
/// start with .snd are left to the other targets.
func fuzzAU(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    guard bytes.count >= 4, Array(bytes[0..<4]) == Array(".snd".utf8) else { return -1 }
    Fuzz.decodeAll(bytes, name: "fuzz.au")
    return 0
}

/// AudioWriter's 16-bit AU, mono and stereo, with the encoding changed to every other one the
/// decoder reads (mu-law, 8/24/32-bit linear, float, double, A-law), the data size "unknown"
/// (0xFFFFFFFF) and an annotation between header and data.
func seeds() throws -> [Seeds.Seed] {
    let mono = try Seeds.written("pcm16.au") { try AudioWriter.writeAU(Seeds.signal(), sampleRate: 8000, to: $0) }
    let stereo = try Seeds.written("stereo16.au") { try AudioWriter.writeAU(Seeds.signal(frames: 48, channels: 2), sampleRate: 44100, to: $0) }
    var out = [mono, stereo]
    for (name, code) in [("mulaw", 1), ("pcm8", 2), ("pcm24", 4), ("pcm32", 5), ("float", 6), ("double", 7), ("alaw", 27)] {
        out.append(("\(name).au", Seeds.patched(mono.bytes, at: 12, Seeds.be32(code))))
    }
    out.append(("unknown-size.au", Seeds.patched(stereo.bytes, at: 8, Seeds.be32(0xFFFF_FFFF))))
    let note = Array("recorded at the market\0\0".utf8)
    var annotated = Seeds.patched(mono.bytes, at: 4, Seeds.be32(24 + note.count))
    annotated.insert(contentsOf: note, at: 24)
    out.append(("annotated.au", annotated))
    return out
}
