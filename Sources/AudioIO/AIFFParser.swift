import Foundation

/// AIFF and AIFF-C headers → a PCM reader.
///
/// AIFF: big-endian signed integers, 1-32 bits left-justified in 1-4 byte containers (scaled by the
/// container, as libsndfile does). AIFF-C compression types NONE/twos, sowt (little-endian), fl32,
/// fl64, ulaw, alaw and raw (8-bit offset binary). The sample rate is an 80-bit IEEE extended float.
enum AIFFParser {
    static func open(_ file: BlockFile) throws -> PCMFrameReader {
        let path = file.path
        let header = try file.read(exactly: 12, what: "FORM header")
        guard header.fourCC(0) == "FORM", ["AIFF", "AIFC"].contains(header.fourCC(8)) else {
            throw AudioError(file: path, message: "not an AIFF file (no FORM/AIFF header)")
        }
        let isAIFC = header.fourCC(8) == "AIFC"
        var comm: [UInt8]?
        var ssnd: (offset: Int, size: UInt64)?
        try file.walkChunks(from: 12, bigEndian: true) { id, size, body in
            switch id {
            case "COMM":
                guard size >= 18 else { throw AudioError(file: path, message: "COMM chunk too short (\(size) bytes)") }
                comm = try file.read(exactly: Int(min(size, 64)), what: "COMM chunk")
            case "SSND":
                let s = try file.read(exactly: 8, what: "SSND header")
                let offset = UInt64(s.u32be(0))
                ssnd = (body + 8 + Int(offset), size >= 8 + offset ? size - 8 - offset : 0)
            default: break
            }
            return comm != nil && ssnd != nil ? nil : size
        }
        guard let comm else { throw AudioError(file: path, message: "AIFF has no COMM chunk") }
        guard let ssnd else { throw AudioError(file: path, message: "AIFF has no SSND chunk") }
        let channels = comm.u16be(0)
        let bits = comm.u16be(6)
        let rate = extended80(Array(comm[8..<18]))
        try validateFormat(file: path, sampleRate: rate, channels: channels, bits: bits)
        var compression = "NONE"
        if isAIFC {
            guard comm.count >= 22 else { throw AudioError(file: path, message: "AIFF-C COMM chunk lacks compression type") }
            compression = comm.fourCC(18)
        }
        guard bits <= 64 else { throw AudioError(file: path, message: "unsupported bits per sample \(bits)") }
        let bytes = (bits + 7) / 8
        let encoding: PCMEncoding
        switch compression {
        case "NONE", "twos":
            guard bytes <= 4 else { throw AudioError(file: path, message: "unsupported bits per sample \(bits)") }
            encoding = .signed(bytes: bytes, bigEndian: true)
        case "sowt":
            guard bytes <= 4 else { throw AudioError(file: path, message: "unsupported bits per sample \(bits)") }
            encoding = .signed(bytes: bytes, bigEndian: false)
        case "raw ":
            encoding = .unsigned(bytes: 1)
        case "fl32", "FL32": encoding = .float(bytes: 4, bigEndian: true)
        case "fl64", "FL64": encoding = .float(bytes: 8, bigEndian: true)
        case "ulaw", "ULAW": encoding = .muLaw
        case "alaw", "ALAW": encoding = .aLaw
        default:
            throw UnsupportedEncoding(file: path, message: "unsupported AIFF-C compression '\(compression)'")
        }
        let storedBits: Int
        switch encoding {
        case .float(let b, _): storedBits = 8 * b
        case .muLaw, .aLaw, .unsigned: storedBits = 8
        case .signed: storedBits = bits
        }
        return try PCMFrameReader(file: file, dataOffset: ssnd.offset, dataBytes: ssnd.size, encoding: encoding,
                                  sampleRate: rate, channels: channels, container: isAIFC ? "AIFF-C" : "AIFF",
                                  bitsPerSample: storedBits)
    }

    /// IEEE 754 80-bit extended (big-endian): sign, 15-bit exponent, 64-bit mantissa with explicit
    /// integer bit. Returns NaN for infinities/NaNs so validation rejects them.
    static func extended80(_ b: [UInt8]) -> Double {
        let exponent = Int(b[0] & 0x7f) << 8 | Int(b[1])
        var mantissa: UInt64 = 0
        for i in 2..<10 { mantissa = mantissa << 8 | UInt64(b[i]) }
        if exponent == 0x7fff { return .nan }
        if mantissa == 0 { return 0 }
        let value = Double(mantissa) * pow(2, Double(exponent - 16383 - 63))
        return b[0] & 0x80 != 0 ? -value : value
    }

    /// Encodes a positive sample rate as 80-bit extended (for the writer).
    static func extended80Bytes(_ value: Double) -> [UInt8] {
        guard value > 0, value.isFinite else { return [UInt8](repeating: 0, count: 10) }
        let e = Int(floor(log2(value)))
        let mantissa = UInt64(value * pow(2, Double(63 - e)))
        let exponent = e + 16383
        var out: [UInt8] = [UInt8(exponent >> 8), UInt8(exponent & 0xff)]
        for i in (0..<8).reversed() { out.append(UInt8((mantissa >> (8 * UInt64(i))) & 0xff)) }
        return out
    }
}
