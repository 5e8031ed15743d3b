import Foundation

/// Sun/NeXT .au (.snd) headers → a PCM reader. Big-endian; encodings 1 (mu-law), 2-5 (8/16/24/32-bit
/// linear), 6 (float), 7 (double), 27 (A-law). A data size of 0xFFFFFFFF means "to end of file".
///
/// Salvage: a data size past the end of the file gives the whole frames present, with a warning;
/// a data size of 0 (never finalised) is taken from the file size, with a warning, as ffmpeg
/// does (libsndfile reads nothing); bytes after the declared data are ignored, as libsndfile does.
enum AUParser {
    static func open(_ file: BlockFile) throws -> PCMFrameReader {
        let path = file.path
        let h = try file.read(exactly: 24, what: "AU header")
        guard h.fourCC(0) == ".snd" else { throw AudioError(file: path, message: "not an AU file (no .snd magic)") }
        let offset = h.u32be(4), size = h.u32be(8), code = h.u32be(12), rate = h.u32be(16), channels = h.u32be(20)
        guard offset >= 24 else { throw AudioError(file: path, message: "AU data offset \(offset) inside header") }
        let encoding: PCMEncoding
        let bits: Int
        switch code {
        case 1: encoding = .muLaw; bits = 8
        case 2, 3, 4, 5: encoding = .signed(bytes: code - 1, bigEndian: true); bits = 8 * (code - 1)
        case 6: encoding = .float(bytes: 4, bigEndian: true); bits = 32
        case 7: encoding = .float(bytes: 8, bigEndian: true); bits = 64
        case 27: encoding = .aLaw; bits = 8
        default:
            let names = [23: "G.721 ADPCM", 24: "G.722 ADPCM", 25: "G.723 3-bit ADPCM", 26: "G.723 5-bit ADPCM"]
            let name = names[code].map { "\(code) (\($0))" } ?? "\(code)"
            throw UnsupportedEncoding(file: path, message: "AU encoding \(name) is not decoded natively")
        }
        try validateFormat(file: path, sampleRate: Double(rate), channels: channels, bits: bits)
        guard offset <= file.size else {
            throw AudioError(file: path, message: "truncated: the header puts the audio at byte \(offset), past the end of the file (\(file.size) bytes)")
        }
        let length: DeclaredLength = size == 0xFFFF_FFFF ? .toEnd : size == 0 ? .unset(what: "data size 0") : .bytes(UInt64(size))
        return try PCMFrameReader(file: file, dataOffset: offset, length: length, noun: "audio data", encoding: encoding,
                                  sampleRate: Double(rate), channels: channels, container: "AU", bitsPerSample: bits)
    }
}
