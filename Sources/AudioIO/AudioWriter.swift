import Foundation

/// Writers for uncompressed WAV/RF64, AIFF/AIFF-C, Sun AU, and FLAC. Used by tests across the
/// package to make inputs. Files are written atomically (temporary file + rename) so a reader
/// never sees half a file. Float samples are clipped to [-1, 1] and quantised as
/// round(x·2^(bits-1)), clamped to the integer range (the inverse of the decoders' scaling).
public enum AudioWriter {
    public enum SampleFormat: Sendable {
        case pcm8, pcm16, pcm24, pcm32, float32, float64
        var bits: Int {
            switch self {
            case .pcm8: 8
            case .pcm16: 16
            case .pcm24: 24
            case .pcm32, .float32: 32
            case .float64: 64
            }
        }
    }

    /// Writes a WAV (or RF64 with a ds64 chunk when `rf64`), optionally WAVE_FORMAT_EXTENSIBLE.
    public static func writeWAV(_ channels: [[Float]], sampleRate: Int, format: SampleFormat, to url: URL,
                                extensible: Bool = false, rf64: Bool = false) throws {
        try check(channels, sampleRate, url)
        try save(wavBytes(channels, sampleRate: sampleRate, format: format, extensible: extensible, rf64: rf64), url)
    }

    /// Writes big-endian signed PCM AIFF (or AIFF-C with compression "NONE") of 8/16/24/32 bits.
    public static func writeAIFF(_ channels: [[Float]], sampleRate: Int, bits: Int, to url: URL, aifc: Bool = false) throws {
        try check(channels, sampleRate, url)
        guard [8, 16, 24, 32].contains(bits) else { throw AudioError(file: url.path, message: "AIFF writer: unsupported bits \(bits)") }
        try save(aiffBytes(channels, sampleRate: sampleRate, bits: bits, compression: aifc ? "NONE" : nil), url)
    }

    /// Writes Sun .au, 16-bit big-endian linear PCM (encoding 3).
    public static func writeAU(_ channels: [[Float]], sampleRate: Int, to url: URL) throws {
        try check(channels, sampleRate, url)
        var out = Array(".snd".utf8)
        let n = channels[0].count, c = channels.count
        for v in [24, n * c * 2, 3, sampleRate, c] { out += be32(v) }
        for i in 0..<n { for ch in channels { out += be(quantise(ch[i], bits: 16), bytes: 2) } }
        try save(out, url)
    }

    /// Writes FLAC (4096-sample blocks; fixed-predictor, constant or verbatim subframes; MD5 in STREAMINFO).
    public static func writeFLAC(_ channels: [[Float]], sampleRate: Int, bits: Int, to url: URL) throws {
        try check(channels, sampleRate, url)
        guard (4...24).contains(bits), channels.count <= 8, sampleRate < 1 << 20 else {
            throw AudioError(file: url.path, message: "FLAC writer: unsupported bits \(bits), \(channels.count) channels or rate \(sampleRate)")
        }
        let ints = channels.map { $0.map { quantise($0, bits: bits) } }
        try save(FLACEncoder.encode(ints, sampleRate: sampleRate, bits: bits), url)
    }

    // MARK: - Byte builders (internal so tests can splice chunks or corrupt headers)

    static func wavBytes(_ channels: [[Float]], sampleRate: Int, format: SampleFormat, extensible: Bool = false,
                         rf64: Bool = false, extraChunks: [(String, [UInt8])] = []) -> [UInt8] {
        let c = channels.count, n = channels.first?.count ?? 0
        let bytesPer = format.bits / 8
        var data: [UInt8] = []
        data.reserveCapacity(n * c * bytesPer)
        for i in 0..<n {
            for ch in channels {
                let x = ch[i]
                switch format {
                case .pcm8: data.append(UInt8(quantise(x, bits: 8) + 128))
                case .pcm16, .pcm24, .pcm32: data += le(quantise(x, bits: format.bits), bytes: bytesPer)
                case .float32: data += le(Int(x.bitPattern), bytes: 4)
                case .float64: data += le(Int(truncatingIfNeeded: Double(x).bitPattern), bytes: 8)
                }
            }
        }
        let tag = (format == .float32 || format == .float64) ? 3 : 1
        var fmt = le(extensible ? 0xFFFE : tag, bytes: 2) + le(c, bytes: 2) + le(sampleRate, bytes: 4)
            + le(sampleRate * c * bytesPer, bytes: 4) + le(c * bytesPer, bytes: 2) + le(format.bits, bytes: 2)
        if extensible {
            fmt += le(22, bytes: 2) + le(format.bits, bytes: 2) + le(c == 2 ? 3 : (c == 1 ? 4 : 0), bytes: 4)
            fmt += le(tag, bytes: 2) + [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]
        }
        var body = Array("WAVE".utf8)
        if rf64 {
            let riffSize = 4 + 36 + 8 + fmt.count + extraChunks.reduce(0) { $0 + 8 + $1.1.count + ($1.1.count & 1) } + 8 + data.count
            body += chunk("ds64", le(riffSize, bytes: 8) + le(data.count, bytes: 8) + le(n, bytes: 8) + le(0, bytes: 4))
        }
        body += chunk("fmt ", fmt)
        for (id, payload) in extraChunks { body += chunk(id, payload) }
        body += rf64 ? Array("data".utf8) + le(0xFFFF_FFFF, bytes: 4) + data + (data.count & 1 == 1 ? [0] : []) : chunk("data", data)
        return Array((rf64 ? "RF64" : "RIFF").utf8) + le(rf64 ? 0xFFFF_FFFF : body.count, bytes: 4) + body
    }

    /// `compression` nil → plain AIFF; otherwise AIFF-C with NONE, sowt, fl32 or fl64.
    static func aiffBytes(_ channels: [[Float]], sampleRate: Int, bits: Int, compression: String?) -> [UInt8] {
        let c = channels.count, n = channels.first?.count ?? 0
        var data: [UInt8] = []
        for i in 0..<n {
            for ch in channels {
                switch compression {
                case "fl32": data += be(Int(ch[i].bitPattern), bytes: 4)
                case "fl64": data += be(Int(truncatingIfNeeded: Double(ch[i]).bitPattern), bytes: 8)
                case "sowt": data += le(quantise(ch[i], bits: bits), bytes: bits / 8)
                default: data += be(quantise(ch[i], bits: bits), bytes: bits / 8)
                }
            }
        }
        var comm = be(c, bytes: 2) + be32(n) + be(bits, bytes: 2) + AIFFParser.extended80Bytes(Double(sampleRate))
        var body = Array((compression == nil ? "AIFF" : "AIFC").utf8)
        if let compression {
            body += chunk("FVER", be32(0xA280_5140), bigEndian: true)
            let name = Array("not compressed".utf8)
            comm += Array(compression.utf8) + [UInt8(name.count)] + name + ((name.count + 1) & 1 == 1 ? [0] : [])
        }
        body += chunk("COMM", comm, bigEndian: true)
        body += chunk("SSND", be32(0) + be32(0) + data, bigEndian: true)
        return Array("FORM".utf8) + be32(body.count) + body
    }

    // MARK: - Helpers

    static func quantise(_ x: Float, bits: Int) -> Int {
        let full = Double(Int64(1) << (bits - 1))
        let v = (Double(x.isFinite ? x : 0) * full).rounded()
        return Int(min(max(v, -full), full - 1))
    }

    static func le(_ v: Int, bytes: Int) -> [UInt8] { (0..<bytes).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    static func be(_ v: Int, bytes: Int) -> [UInt8] { (0..<bytes).reversed().map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    static func be32(_ v: Int) -> [UInt8] { be(v, bytes: 4) }

    /// A RIFF (little-endian) or IFF (big-endian) chunk with its pad byte.
    static func chunk(_ id: String, _ payload: [UInt8], bigEndian: Bool = false) -> [UInt8] {
        Array(id.utf8) + (bigEndian ? be32(payload.count) : le(payload.count, bytes: 4)) + payload
            + (payload.count & 1 == 1 ? [0] : [])
    }

    private static func check(_ channels: [[Float]], _ rate: Int, _ url: URL) throws {
        guard !channels.isEmpty, channels.allSatisfy({ $0.count == channels[0].count }) else {
            throw AudioError(file: url.path, message: "writer needs ≥1 channel, all of equal length")
        }
        guard rate > 0 else { throw AudioError(file: url.path, message: "writer: invalid sample rate \(rate)") }
    }

    /// Atomic write: Foundation writes a temporary file beside `url` and renames it into place.
    static func save(_ bytes: [UInt8], _ url: URL) throws {
        do { try Data(bytes).write(to: url, options: .atomic) } catch {
            throw AudioError(file: url.path, message: "cannot write: \(error.localizedDescription)")
        }
    }
}
