import Foundation

/// AIFF and AIFF-C headers → a PCM reader.
///
/// AIFF: big-endian signed integers, 1-32 bits left-justified in 1-4 byte containers (scaled by the
/// container, as libsndfile does). AIFF-C compression types NONE/twos, sowt (little-endian), in24/
/// in32 (big-endian), fl32, fl64, ulaw, alaw and raw (8-bit offset binary). The sample rate is an
/// 80-bit IEEE extended float.
///
/// Salvage, as libsndfile does it: the SSND chunk's size decides how much is decoded (a size past
/// the end of the file: the whole frames present; size 0, never finalised: to the end of the
/// file), and a COMM frame count that disagrees with it is reported. A chunk whose size runs past
/// the end of the file (or into bytes that are no chunk) before SSND is reached is stepped over by
/// finding SSND by its name.
enum AIFFParser {
    static func open(_ file: BlockFile) throws -> PCMFrameReader {
        let path = file.path
        let header = try file.read(exactly: 12, what: "FORM header")
        guard header.fourCC(0) == "FORM", ["AIFF", "AIFC"].contains(header.fourCC(8)) else {
            throw AudioError(file: path, message: "not an AIFF file (no FORM/AIFF header)")
        }
        let isAIFC = header.fourCC(8) == "AIFC"
        var warnings: [String] = []
        var comm: [UInt8]?
        var ssnd: (body: Int, size: UInt64)?
        var metadata = ChunkMetadata(bigEndian: true)
        func visit(_ id: String, _ size: UInt64, _ body: Int) throws -> UInt64? {
            try metadata.visit(id, size: size, body: body, in: file)
            switch id {
            case "COMM":
                guard size >= 18 else { throw AudioError(file: path, message: "COMM chunk too short (\(size) bytes)") }
                comm = try file.read(upTo: Int(min(size, 64)))
            case "SSND": ssnd = (body, size)
            default: break
            }
            return comm != nil && ssnd != nil ? nil : size
        }
        let walk = try file.walkChunks(from: 12, bigEndian: true, visit)
        if ssnd == nil, let found = try file.recover("SSND", after: walk, knownContent: ["COMM": 18], bigEndian: true) {
            ssnd = (found.body, found.size)
            warnings.append(found.warning)
        }
        guard let comm, comm.count >= 18 else {
            throw AudioError(file: path, message: comm == nil ? "AIFF has no COMM chunk" : "COMM chunk cut short by the end of the file")
        }
        guard let ssnd else { throw file.missing("SSND", in: "AIFF", walk: walk) }
        let channels = comm.u16be(0)
        let commFrames = comm.u32be(2)
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
        case "in24": encoding = .signed(bytes: 3, bigEndian: true)
        case "in32": encoding = .signed(bytes: 4, bigEndian: true)
        case "42ni": encoding = .signed(bytes: 3, bigEndian: false)
        case "23ni": encoding = .signed(bytes: 4, bigEndian: false)
        case "raw ":
            encoding = .unsigned(bytes: 1)
        case "fl32", "FL32": encoding = .float(bytes: 4, bigEndian: true)
        case "fl64", "FL64": encoding = .float(bytes: 8, bigEndian: true)
        case "ulaw", "ULAW": encoding = .muLaw
        case "alaw", "ALAW": encoding = .aLaw
        default:
            throw UnsupportedEncoding(file: path, message: "AIFF-C compression '\(compression)' is not decoded natively")
        }
        let storedBits: Int
        switch encoding {
        case .float(let b, _): storedBits = 8 * b
        case .muLaw, .aLaw, .unsigned: storedBits = 8
        case .signed(let b, _): storedBits = compression == "NONE" || compression == "twos" || compression == "sowt" ? bits : 8 * b
        }
        // The SSND body starts with an 8-byte offset/block-size header; the samples follow `offset` bytes later.
        try file.seek(to: ssnd.body)
        let ssndHeader = try file.read(upTo: 8)
        guard ssndHeader.count == 8 else { throw AudioError(file: path, message: "truncated: SSND chunk cut short in its header") }
        let offset = UInt64(ssndHeader.u32be(0))
        let dataOffset = UInt64(ssnd.body) + 8 + offset
        guard dataOffset <= UInt64(file.size) else {
            throw AudioError(file: path, message: "truncated: the SSND chunk's samples start at byte \(dataOffset), past the end of the file (\(file.size) bytes)")
        }
        let unset = ssnd.size == 0
        let length: DeclaredLength = unset ? .unset(what: "SSND chunk size 0")
            : .bytes(ssnd.size >= 8 + offset ? ssnd.size - 8 - offset : 0)
        // Text chunks after the sound (stepped over by its declared size, never read).
        if !unset { metadata.walkTrailing(from: UInt64(ssnd.body) + ssnd.size, in: file) }
        let found = metadata.finish(file)
        warnings += found.warnings
        let reader = try PCMFrameReader(file: file, dataOffset: Int(dataOffset), length: length, noun: "SSND chunk",
                                        encoding: encoding, sampleRate: rate, channels: channels,
                                        container: isAIFC ? "AIFF-C" : "AIFF", bitsPerSample: storedBits, warnings: warnings)
        reader.metadata = found
        let present = reader.info.frameCount ?? 0
        // Both sizes left at 0 by a writer that never finalised the file: one warning is enough.
        if commFrames != present, !(commFrames == 0 && unset) {
            let declared = describeDuration(frames: commFrames, sampleRate: rate)
            let held = describeDuration(frames: present, sampleRate: rate)
            let truncated = reader.warnings.contains { $0.hasPrefix("truncated") }
            if commFrames > present, !truncated {
                reader.addWarning("truncated: the COMM chunk declares \(declared), \(held) present")
            } else if commFrames < present {
                let what = commFrames == 0 ? "no frames" : "\(declared) (\(commFrames) frames)"
                reader.addWarning("the COMM chunk declares \(what), the SSND chunk holds \(held): all of it decoded")
            }
        }
        return reader
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
