import Foundation

/// RIFF WAVE, RF64 and BW64 (EBU Tech 3306) headers → a PCM reader.
///
/// Supports PCM 8-bit unsigned, 16/24/32-bit signed, IEEE float 32/64, mu-law, A-law, and
/// WAVE_FORMAT_EXTENSIBLE with any of those sub-formats and any channel count. Unknown chunks
/// (LIST, bext, JUNK, fact, cue, …) are skipped, honouring the pad byte after odd-sized chunks.
/// A data chunk claiming more bytes than the file holds is decoded up to the last whole frame
/// present, as soundfile/libsndfile does (field recorders often leave such files after power loss).
enum WAVParser {
    static let formatPCM = 1, formatFloat = 3, formatALaw = 6, formatMuLaw = 7, formatExtensible = 0xFFFE

    static func open(_ file: BlockFile) throws -> PCMFrameReader {
        let path = file.path
        let header = try file.read(exactly: 12, what: "RIFF header")
        let magic = header.fourCC(0)
        guard ["RIFF", "RF64", "BW64"].contains(magic), header.fourCC(8) == "WAVE" else {
            throw AudioError(file: path, message: "not a WAV file (no RIFF/WAVE header)")
        }
        let isRF64 = magic != "RIFF"
        var ds64DataSize: UInt64?
        var fmt: [UInt8]?
        var data: (offset: Int, size: UInt64)?
        try file.walkChunks(from: 12, bigEndian: false) { id, size32, body in
            switch id {
            case "ds64" where isRF64:
                let d = try file.read(exactly: Int(min(size32, 24)), what: "ds64 chunk")
                guard d.count >= 16 else { throw AudioError(file: path, message: "ds64 chunk too short") }
                ds64DataSize = d.u64le(8)
            case "fmt ":
                guard size32 >= 14 else {
                    throw AudioError(file: path, message: "fmt chunk too short (\(size32) bytes)")
                }
                fmt = try file.read(exactly: Int(min(size32, 40)), what: "fmt chunk")
            case "data":
                var size = size32
                if isRF64, size32 == 0xFFFF_FFFF {
                    guard let s = ds64DataSize else {
                        throw AudioError(file: path, message: "RF64 data chunk without ds64 size")
                    }
                    size = s
                }
                data = (body, size)
                // The next chunk (if the scan goes on) follows the 64-bit size.
                return fmt != nil ? nil : size
            default:
                break
            }
            return data != nil && fmt != nil ? nil : size32
        }
        guard let fmt else { throw AudioError(file: path, message: "WAV has no fmt chunk") }
        guard let data else { throw AudioError(file: path, message: "WAV has no data chunk") }
        var tag = fmt.u16le(0)
        let channels = fmt.u16le(2)
        let rate = Double(fmt.u32le(4))
        let bits = fmt.count >= 16 ? fmt.u16le(14) : 8
        if tag == formatExtensible {
            guard fmt.count >= 40 else {
                throw AudioError(file: path, message: "WAVE_FORMAT_EXTENSIBLE fmt chunk too short")
            }
            tag = fmt.u16le(24)  // first two bytes of the sub-format GUID
            let valid = fmt.u16le(18)
            if valid > bits {
                throw AudioError(file: path, message: "valid bits \(valid) exceed container \(bits) bits")
            }
        }
        try validateFormat(file: path, sampleRate: rate, channels: channels, bits: bits)
        let encoding: PCMEncoding
        switch (tag, bits) {
        case (formatPCM, 8): encoding = .unsigned(bytes: 1)
        case (formatPCM, 16), (formatPCM, 24), (formatPCM, 32): encoding = .signed(bytes: bits / 8, bigEndian: false)
        case (formatFloat, 32), (formatFloat, 64): encoding = .float(bytes: bits / 8, bigEndian: false)
        case (formatMuLaw, 8): encoding = .muLaw
        case (formatALaw, 8): encoding = .aLaw
        case (formatPCM, _), (formatFloat, _), (formatMuLaw, _), (formatALaw, _):
            throw AudioError(file: path, message: "unsupported bits per sample \(bits) for WAV format \(tag)")
        default:
            throw UnsupportedEncoding(file: path, message: String(format: "unsupported WAV format tag 0x%04X", tag))
        }
        return try PCMFrameReader(file: file, dataOffset: data.offset, dataBytes: data.size, encoding: encoding,
                                  sampleRate: rate, channels: channels, container: isRF64 ? "RF64" : "WAV",
                                  bitsPerSample: bits)
    }
}

/// A well-formed container whose sample encoding we do not decode natively (e.g. ADPCM WAV):
/// AudioDecoder.open retries such files with ffmpeg when it is available.
struct UnsupportedEncoding: Error {
    let file: String
    let message: String
    var audioError: AudioError { AudioError(file: file, message: message) }
}
