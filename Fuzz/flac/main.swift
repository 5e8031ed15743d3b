import AudioIO
import Foundation
import FuzzSupport

Fuzz.main(seeds: seeds, test: fuzzFLAC)

/// The FLAC decoder, through `AudioDecoder.open`, decoded to the end (so the STREAMINFO MD5 and
/// sample count checks run too): files starting with fLaC, with an ID3v2 tag before it, or
/// with anything else (a stream captured without marker and metadata is found by its first
/// frame header). Inputs starting like WAV, AIFF or AU are left to their targets.
func fuzzFLAC(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    guard bytes.count >= 4, !["RIFF", "RF64", "BW64", "FORM", ".snd"].map({ Array($0.utf8) }).contains(Array(bytes[0..<4])) else { return -1 }
    Fuzz.decodeAll(bytes, name: "fuzz.flac")
    return 0
}

/// FLACEncoder's output (through AudioWriter) at 8, 12, 16, 20 and 24 bits, 1, 2 and 6 channels,
/// of a signal (fixed-predictor subframes), of silence (constant subframes) and of noise
/// (verbatim), and one behind an ID3v2 tag. scripts/fuzz.sh adds files from the reference
/// encoder (`flac`) when it is installed: LPC subframes, other block sizes, metadata blocks.
func seeds() throws -> [Seeds.Seed] {
    var out: [Seeds.Seed] = []
    for bits in [8, 12, 16, 20, 24] {
        out.append(try Seeds.written("mono\(bits).flac") { try AudioWriter.writeFLAC(Seeds.signal(frames: 300), sampleRate: 44100, bits: bits, to: $0) })
    }
    out.append(try Seeds.written("stereo16.flac") { try AudioWriter.writeFLAC(Seeds.signal(frames: 200, channels: 2), sampleRate: 48000, bits: 16, to: $0) })
    out.append(try Seeds.written("six-channels.flac") { try AudioWriter.writeFLAC(Seeds.signal(frames: 64, channels: 6), sampleRate: 96000, bits: 24, to: $0) })
    out.append(try Seeds.written("silence.flac") { try AudioWriter.writeFLAC([[Float](repeating: 0, count: 500)], sampleRate: 8000, bits: 16, to: $0) })
    var state: UInt64 = 5
    let noise: [Float] = (0..<200).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Float(state >> 40) / Float(1 << 23) - 1
    }
    out.append(try Seeds.written("noise.flac") { try AudioWriter.writeFLAC([noise], sampleRate: 22050, bits: 16, to: $0) })
    let id3: [UInt8] = Array("ID3".utf8) + [4, 0, 0, 0, 0, 0, 10] + Array("TIT2".utf8) + [0, 0, 0, 0] + [0, 0]
    out.append(("id3.flac", id3 + out[2].bytes))
    // The frames without marker and metadata (a capture from the middle of a stream), bare and
    // after a few bytes of junk.
    let file = out[2].bytes
    var pos = 4, last = false
    while !last, pos + 4 <= file.count {
        last = file[pos] & 0x80 != 0
        pos += 4 + (Int(file[pos + 1]) << 16 | Int(file[pos + 2]) << 8 | Int(file[pos + 3]))
    }
    out.append(("headerless.flac", Array(file[pos...])))
    out.append(("junk-then-frames.flac", Array("not a header".utf8) + Array(file[pos...])))
    return out
}
