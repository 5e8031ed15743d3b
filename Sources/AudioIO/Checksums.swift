import Crypto

/// CRC-8 (poly 0x07) and CRC-16 (poly 0x8005), MSB-first with zero initial value: the two
/// checksums of a FLAC frame (header and whole frame), per the FLAC format specification.
/// Kept here: zlib has only CRC-32 (and swift-crypto no CRCs), and neither polynomial is that one.
enum FLACCRC {
    static let table8: [UInt8] = (0..<256).map { i in
        var c = UInt8(i)
        for _ in 0..<8 { c = c & 0x80 != 0 ? (c << 1) ^ 0x07 : c << 1 }
        return c
    }
    static let table16: [UInt16] = (0..<256).map { i in
        var c = UInt16(i) << 8
        for _ in 0..<8 { c = c & 0x8000 != 0 ? (c << 1) ^ 0x8005 : c << 1 }
        return c
    }

    static func crc8(_ bytes: ArraySlice<UInt8>) -> UInt8 {
        var c: UInt8 = 0
        for b in bytes { c = table8[Int(c ^ b)] }
        return c
    }

    static func crc16(_ bytes: ArraySlice<UInt8>) -> UInt16 {
        var c: UInt16 = 0
        for b in bytes { c = (c << 8) ^ table16[Int(UInt8(c >> 8) ^ b)] }
        return c
    }
}

/// MD5 (RFC 1321) through swift-crypto's `Insecure.MD5`, incremental, in byte arrays. FLAC's
/// STREAMINFO stores the MD5 of the decoded samples (interleaved, little-endian, ⌈bps/8⌉ bytes
/// each); we verify it after decoding.
struct MD5 {
    private var hasher = Insecure.MD5()

    mutating func update(_ bytes: [UInt8]) { hasher.update(data: bytes) }

    /// The 16-byte digest; call once, at the end.
    mutating func finalize() -> [UInt8] { Array(hasher.finalize()) }
}
