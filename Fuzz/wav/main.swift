import AudioIO
import Foundation
import FuzzSupport

Fuzz.main(seeds: seeds, test: fuzzWAV)

/// The WAV/RF64/BW64 decoder, through `AudioDecoder.open` as the CLI opens files, decoded to
/// the end. Inputs that do not start like a RIFF/RF64/BW64 file are left to the other targets.
func fuzzWAV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    guard bytes.count >= 4, [Array("RIFF".utf8), Array("RF64".utf8), Array("BW64".utf8)].contains(Array(bytes[0..<4])) else { return -1 }
    Fuzz.decodeAll(bytes, name: "fuzz.wav")
    return 0
}

/// AudioWriter's WAVs in every sample format, extensible and RF64 variants, BW64, mu-law and
/// A-law (the format tag of an 8-bit file changed), and files with bext, LIST/INFO and iXML
/// chunks before the audio.
func seeds() throws -> [Seeds.Seed] {
    let mono = Seeds.signal(), stereo = Seeds.signal(frames: 48, channels: 2)
    var out: [Seeds.Seed] = []
    let formats: [(String, AudioWriter.SampleFormat)] = [("pcm8", .pcm8), ("pcm16", .pcm16), ("pcm24", .pcm24),
                                                          ("pcm32", .pcm32), ("float32", .float32), ("float64", .float64)]
    for (name, format) in formats {
        out.append(try Seeds.written("\(name).wav") { try AudioWriter.writeWAV(mono, sampleRate: 8000, format: format, to: $0) })
    }
    out.append(try Seeds.written("stereo-extensible.wav") { try AudioWriter.writeWAV(stereo, sampleRate: 44100, format: .pcm24, to: $0, extensible: true) })
    out.append(try Seeds.written("six-channels.wav") { try AudioWriter.writeWAV(Seeds.signal(frames: 16, channels: 6), sampleRate: 48000, format: .pcm16, to: $0, extensible: true) })
    let rf64 = try Seeds.written("rf64.wav") { try AudioWriter.writeWAV(stereo, sampleRate: 96000, format: .pcm16, to: $0, rf64: true) }
    out.append(rf64)
    out.append(("bw64.wav", Seeds.patched(rf64.bytes, at: 0, Array("BW64".utf8))))
    let pcm8 = out[0].bytes  // fmt body at 20: tag(2) channels(2) rate(4) ...
    out.append(("mulaw.wav", Seeds.patched(pcm8, at: 20, [7, 0])))
    out.append(("alaw.wav", Seeds.patched(pcm8, at: 20, [6, 0])))
    var tagged = out[1].bytes
    for c in [Seeds.chunk("bext", Seeds.bext(), bigEndian: false), Seeds.chunk("LIST", Seeds.infoList(), bigEndian: false),
              Seeds.chunk("iXML", Seeds.ixml(), bigEndian: false)] {
        tagged = Seeds.inserting(c, into: tagged, bigEndian: false)
    }
    out.append(("tagged.wav", tagged))
    return out
}
