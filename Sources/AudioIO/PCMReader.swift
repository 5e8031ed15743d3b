import Foundation

/// How one uncompressed sample is stored.
enum PCMEncoding: Equatable, Sendable {
    /// Unsigned integer with offset 2^(8·bytes-1) (WAV 8-bit).
    case unsigned(bytes: Int)
    /// Two's-complement signed integer of `bytes` bytes.
    case signed(bytes: Int, bigEndian: Bool)
    /// IEEE float of 4 or 8 bytes.
    case float(bytes: Int, bigEndian: Bool)
    /// G.711 mu-law, one byte.
    case muLaw
    /// G.711 A-law, one byte.
    case aLaw

    var bytesPerSample: Int {
        switch self {
        case .unsigned(let b), .signed(let b, _), .float(let b, _): return b
        case .muLaw, .aLaw: return 1
        }
    }
}

/// Reads interleaved uncompressed samples from a byte range of a file, block by block. Integers are scaled by 1/2^(8·bytes-1) of their container (as
/// libsndfile does: 16-bit → /32768, left-justified 20-in-24-bit → /2^23).
final class PCMFrameReader: AudioFrameReader {
    let info: AudioFormatInfo
    private(set) var warnings: [String]
    /// Set by the container parser from the chunks it walked.
    var metadata = EmbeddedMetadata()
    private let file: BlockFile
    private let encoding: PCMEncoding
    private let frameBytes: Int
    private var framesLeft: Int

    /// Most samples (frames × channels) one block holds, whatever the caller asks for: a file
    /// with 1024 channels must not turn a request for 2^18 frames into a gigabyte.
    static let maxBlockSamples = 1 << 20

    /// - Parameters:
    ///   - dataOffset: first byte of the first frame.
    ///   - length: what the header says about the data's length; resolved against the file by
    ///     `AudioExtent.resolve` (the salvage rules), whose warnings the reader reports.
    init(file: BlockFile, dataOffset: Int, length: DeclaredLength, noun: String = "data chunk", encoding: PCMEncoding,
         sampleRate: Double, channels: Int, container: String, bitsPerSample: Int, warnings: [String] = []) throws {
        self.file = file
        self.encoding = encoding
        frameBytes = encoding.bytesPerSample * channels
        let extent = try AudioExtent.resolve(length, offset: dataOffset, fileSize: file.size, unitBytes: frameBytes,
                                             sampleRate: sampleRate, noun: noun, file: file.path)
        framesLeft = extent.units
        self.warnings = warnings + extent.warnings
        info = AudioFormatInfo(sampleRate: sampleRate, channels: channels, frameCount: framesLeft,
                               container: container, bitsPerSample: bitsPerSample)
        try file.seek(to: dataOffset)
    }

    /// A container-level finding the parser makes after the data extent is known.
    func addWarning(_ message: String) { warnings.append(message) }

    func readBlock(maxFrames: Int) throws -> AudioBlock? {
        guard framesLeft > 0 else { return nil }
        let n = min(max(1, maxFrames), framesLeft, max(1, Self.maxBlockSamples / info.channels))
        let bytes = try file.read(upTo: n * frameBytes)
        let got = bytes.count / frameBytes
        guard got > 0 else {
            framesLeft = 0
            throw AudioError(file: file.path, message: "truncated: data ended early")
        }
        framesLeft -= got
        return AudioBlock(samples: PCMConvert.samples(bytes, count: got * info.channels, encoding: encoding),
                          channels: info.channels, sampleRate: info.sampleRate)
    }
}

/// Byte → Float conversion for uncompressed encodings.
enum PCMConvert {
    /// The first `count` samples stored in `bytes`, as Float.
    /// The common encodings (16/24/32-bit little-endian integers, 32-bit float) have their own
    /// loops: the generic per-sample decoding with its `switch` costs ~100 instructions a sample.
    static func samples(_ bytes: [UInt8], count: Int, encoding: PCMEncoding) -> [Float] {
        let b = encoding.bytesPerSample
        precondition(bytes.count >= count * b, "PCMConvert: fewer bytes than samples")
        guard count > 0 else { return [] }
        return bytes.withUnsafeBufferPointer { src in
            let raw = UnsafeRawPointer(src.baseAddress!)
            switch encoding {
            case .signed(bytes: 2, bigEndian: false):
                return convert(count) { i in
                    Float(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self))) * (1.0 / 32768.0)
                }
            case .signed(bytes: 3, bigEndian: false):
                return convert(count) { i in
                    let o = 3 * i
                    let v = UInt32(raw.load(fromByteOffset: o, as: UInt8.self)) << 8
                        | UInt32(raw.load(fromByteOffset: o + 1, as: UInt8.self)) << 16
                        | UInt32(raw.load(fromByteOffset: o + 2, as: UInt8.self)) << 24
                    return Float(Int32(bitPattern: v)) * (1.0 / 2147483648.0)
                }
            case .signed(bytes: 4, bigEndian: false):
                return convert(count) { i in
                    Float(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self))) * (1.0 / 2147483648.0)
                }
            case .float(bytes: 4, bigEndian: false):
                return convert(count) { i in
                    Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                }
            default:
                return convert(count) { i in sample(src, i * b, encoding) }
            }
        }
    }

    /// `[sample(0), …, sample(count - 1)]` without zero-filling first.
    @inline(__always)
    private static func convert(_ count: Int, _ sample: (Int) -> Float) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { out, n in
            for i in 0..<count { out[i] = sample(i) }
            n = count
        }
    }

    @inline(__always)
    static func sample(_ p: UnsafeBufferPointer<UInt8>, _ o: Int, _ e: PCMEncoding) -> Float {
        switch e {
        case .unsigned(let bytes):
            if bytes == 1 { return Float(Int(p[o]) - 128) / 128 }
            var v: UInt64 = 0
            for i in 0..<bytes { v |= UInt64(p[o + i]) << (8 * UInt64(i)) }
            return Float(Double(Int64(v) - Int64(1) << (8 * bytes - 1)) / Double(Int64(1) << (8 * bytes - 1)))
        case .signed(let bytes, let big):
            var v: UInt32 = 0
            for i in 0..<bytes {
                let byte = UInt32(big ? p[o + i] : p[o + bytes - 1 - i])
                v = v << 8 | byte
            }
            // Left-justify into 32 bits, then scale by 2^-31: exact for ≤24-bit, float-rounded for 32.
            let s = Int32(bitPattern: v << (32 - 8 * UInt32(bytes)))
            return Float(s) * (1.0 / 2147483648.0)
        case .float(let bytes, let big):
            if bytes == 4 {
                var v: UInt32 = 0
                for i in 0..<4 { v = v << 8 | UInt32(big ? p[o + i] : p[o + 3 - i]) }
                return Float(bitPattern: v)
            } else {
                var v: UInt64 = 0
                for i in 0..<8 { v = v << 8 | UInt64(big ? p[o + i] : p[o + 7 - i]) }
                return Float(Double(bitPattern: v))
            }
        case .muLaw:
            return Float(muLawTable[Int(p[o])]) / 32768
        case .aLaw:
            return Float(aLawTable[Int(p[o])]) / 32768
        }
    }

    /// G.711 mu-law expansion to 16-bit linear (ITU-T G.711, as in libsndfile's ulaw.c).
    static let muLawTable: [Int16] = (0..<256).map { i in
        let u = ~UInt8(i)
        let t = ((Int(u & 0x0f) << 3) + 0x84) << Int((u & 0x70) >> 4)
        return Int16((u & 0x80) != 0 ? 0x84 - t : t - 0x84)
    }

    /// G.711 A-law expansion to 16-bit linear.
    static let aLawTable: [Int16] = (0..<256).map { i in
        let a = UInt8(i) ^ 0x55
        var t = Int(a & 0x0f) << 4
        let seg = Int((a & 0x70) >> 4)
        switch seg {
        case 0: t += 8
        case 1: t += 0x108
        default: t = (t + 0x108) << (seg - 1)
        }
        return Int16((a & 0x80) != 0 ? t : -t)
    }
}
