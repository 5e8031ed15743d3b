import Foundation

/// RIFF WAVE, RF64 and BW64 (EBU Tech 3306) headers → a sample reader.
///
/// Supports PCM 8-bit unsigned, 16/24/32-bit signed, IEEE float 32/64, mu-law, A-law, IMA ADPCM,
/// and WAVE_FORMAT_EXTENSIBLE with any of those sub-formats and any channel count. Unknown chunks
/// (LIST, bext, JUNK, fact, cue, …) are skipped, honouring the pad byte after odd-sized chunks.
///
/// Salvage (see `AudioExtent.resolve`): a data chunk claiming more bytes than the file holds is
/// decoded up to the last whole frame present, with a warning (field recorders leave such files
/// after power loss); a data size of 0 or 0xFFFFFFFF (never finalised) is taken from the file
/// size, with a warning; a chunk whose size runs past the end of the file before the data chunk
/// is reached (or that leads into bytes that are no chunk) is stepped over by finding the data
/// chunk by its name, with a warning.
enum WAVParser {
    static let formatPCM = 1, formatMSADPCM = 2, formatFloat = 3, formatALaw = 6, formatMuLaw = 7
    static let formatIMAADPCM = 0x11, formatExtensible = 0xFFFE

    static func open(_ file: BlockFile) throws -> any AudioFrameReader {
        let path = file.path
        let header = try file.read(exactly: 12, what: "RIFF header")
        let magic = header.fourCC(0)
        guard ["RIFF", "RF64", "BW64"].contains(magic), header.fourCC(8) == "WAVE" else {
            throw AudioError(file: path, message: "not a WAV file (no RIFF/WAVE header)")
        }
        let isRF64 = magic != "RIFF"
        var warnings: [String] = []
        var ds64DataSize: UInt64?
        var fmt: [UInt8]?
        var data: (offset: Int, size32: UInt64)?
        var metadata = ChunkMetadata(bigEndian: false)
        let walk = try file.walkChunks(from: 12, bigEndian: false) { id, size32, body in
            try metadata.visit(id, size: size32, body: body, in: file)
            switch id {
            case "ds64" where isRF64:
                let d = try file.read(upTo: Int(min(size32, 24)))
                guard d.count >= 16 else { throw AudioError(file: path, message: "ds64 chunk too short (\(d.count) bytes)") }
                ds64DataSize = d.u64le(8)
            case "fmt ":
                guard size32 >= 14 else {
                    throw AudioError(file: path, message: "fmt chunk too short (\(size32) bytes)")
                }
                fmt = try file.read(upTo: Int(min(size32, 40)))
            case "data":
                data = (body, size32)
                // The next chunk (if the scan goes on) follows the 64-bit size.
                if fmt != nil { return nil }
                if isRF64, size32 == 0xFFFF_FFFF { return ds64DataSize ?? UInt64(file.size) }
                return size32
            default:
                break
            }
            return size32
        }
        if data == nil, let found = try file.recover("data", after: walk, knownContent: ["fmt ": 16], bigEndian: false) {
            // A chunk (often fmt or LIST, written by a careless tool) has a wrong size: the data
            // chunk is found by its name past that chunk's real contents.
            data = (found.body, found.size)
            warnings.append(found.warning)
        }
        guard let fmt, fmt.count >= 14 else {
            throw AudioError(file: path, message: fmt == nil ? "WAV has no fmt chunk" : "fmt chunk cut short by the end of the file")
        }
        guard let data else { throw file.missing("data", in: "WAV", walk: walk) }
        var tag = fmt.u16le(0)
        let channels = fmt.u16le(2)
        let rate = Double(fmt.u32le(4))
        let blockAlign = fmt.u16le(12)
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
        guard [formatPCM, formatFloat, formatALaw, formatMuLaw, formatIMAADPCM].contains(tag) else {
            throw UnsupportedEncoding(file: path, message: "WAV encoding \(formatName(tag)) is not decoded natively")
        }
        try validateFormat(file: path, sampleRate: rate, channels: channels, bits: bits)
        let length = try declaredLength(data.size32, isRF64: isRF64, ds64: ds64DataSize, at: data.offset, in: file)
        let container = isRF64 ? (magic == "BW64" ? "BW64" : "RF64") : "WAV"
        // Chunks after the audio (LIST/INFO often is): only when the data chunk's size is known,
        // so the walk steps over the samples instead of reading them as chunk headers.
        if case .bytes(let bytes) = length, bytes < UInt64(file.size) {
            metadata.walkTrailing(from: UInt64(data.offset) + bytes, in: file)
        }
        let found = metadata.finish(file)
        warnings += found.warnings
        if tag == formatIMAADPCM {
            let reader = try IMAADPCMReader(file: file, dataOffset: data.offset, length: length, sampleRate: rate, channels: channels,
                                            blockAlign: blockAlign, bits: bits, container: container, warnings: warnings)
            reader.metadata = found
            return reader
        }
        let encoding: PCMEncoding
        switch (tag, bits) {
        case (formatPCM, 8): encoding = .unsigned(bytes: 1)
        case (formatPCM, 16), (formatPCM, 24), (formatPCM, 32): encoding = .signed(bytes: bits / 8, bigEndian: false)
        case (formatFloat, 32), (formatFloat, 64): encoding = .float(bytes: bits / 8, bigEndian: false)
        case (formatMuLaw, 8): encoding = .muLaw
        case (formatALaw, 8): encoding = .aLaw
        default:
            throw AudioError(file: path, message: "unsupported bits per sample \(bits) for WAV format \(tag)")
        }
        let reader = try PCMFrameReader(file: file, dataOffset: data.offset, length: length, encoding: encoding,
                                        sampleRate: rate, channels: channels, container: container,
                                        bitsPerSample: bits, warnings: warnings)
        reader.metadata = found
        return reader
    }

    /// The data chunk's length as the header states it: RF64's 0xFFFFFFFF defers to ds64; 0 and
    /// 0xFFFFFFFF are "never finalised" unless a chunk header follows an empty data chunk.
    static func declaredLength(_ size32: UInt64, isRF64: Bool, ds64: UInt64?, at offset: Int,
                               in file: BlockFile) throws -> DeclaredLength {
        var size = size32
        if isRF64, size32 == 0xFFFF_FFFF {
            guard let ds64 else { return .unset(what: "RF64 data chunk without a ds64 size") }
            size = ds64
        }
        if size == 0 {
            // Truly empty (another chunk follows at once), or a recorder that never wrote the size?
            if offset + 8 <= file.size, try chunkHeaderLooksValid(in: file, at: offset) {
                return .bytes(0)
            }
            return .unset(what: isRF64 ? "ds64 data size 0" : "data chunk size 0")
        }
        if !isRF64, size == 0xFFFF_FFFF { return .unset(what: "data chunk size unset (0xFFFFFFFF)") }
        return .bytes(size)
    }

    /// Whether the 8 bytes at `offset` read as a RIFF chunk header: a printable four-character id
    /// and a size that fits in the file.
    static func chunkHeaderLooksValid(in file: BlockFile, at offset: Int) throws -> Bool {
        try file.seek(to: offset)
        let h = try file.read(upTo: 8)
        guard h.count == 8, h[0..<4].allSatisfy({ (0x20...0x7e).contains($0) }) else { return false }
        return offset + 8 + h.u32le(4) <= file.size
    }

    /// "0x0002 (Microsoft ADPCM)": the format tag with its registered name when it is a common one.
    static func formatName(_ tag: Int) -> String {
        let names: [Int: String] = [
            0x0002: "Microsoft ADPCM", 0x0010: "OKI ADPCM", 0x0014: "G.723 ADPCM", 0x0022: "DSP Group TrueSpeech",
            0x0031: "GSM 6.10", 0x0040: "G.721 ADPCM", 0x0042: "G.723.1", 0x0045: "G.726 ADPCM",
            0x0050: "MPEG audio", 0x0055: "MPEG Layer 3", 0x0064: "G.726 ADPCM", 0x0065: "G.722 ADPCM",
            0x00FF: "AAC", 0x0161: "Windows Media Audio", 0x0162: "Windows Media Audio Pro",
            0x2000: "AC-3", 0x2001: "DTS", 0xF1AC: "FLAC",
        ]
        let hex = String(format: "0x%04X", tag)
        return names[tag].map { "\(hex) (\($0))" } ?? "format tag \(hex)"
    }
}

/// A well-formed container whose sample encoding we do not decode natively (e.g. GSM 6.10 WAV):
/// AudioDecoder.open retries such files with ffmpeg when it is available, and otherwise says that
/// ffmpeg is needed.
struct UnsupportedEncoding: Error {
    let file: String
    let message: String
    var audioError: AudioError { AudioError(file: file, message: message + "; reading it needs ffmpeg, which is not on PATH") }
}
