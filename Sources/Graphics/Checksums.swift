/// The two checksums a PNG needs: CRC-32 over every chunk, Adler-32 inside the zlib stream.
public enum Checksum {
    /// CRC-32 as in ISO 3309 / ITU-T V.42 (reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF),
    /// the one PNG (RFC 2083 §15) and zlib's `crc32` use. `"123456789"` gives 0xCBF43926.
    /// - Parameter previous: the CRC of the bytes before these, to checksum data given in pieces (0 to start).
    public static func crc32<C: Collection>(_ bytes: C, previous: UInt32 = 0) -> UInt32 where C.Element == UInt8 {
        var crc = ~previous
        for byte in bytes {
            crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return ~crc
    }

    /// Adler-32 (RFC 1950 §8.2): two sums modulo 65521, `b << 16 | a`. `"Wikipedia"` gives 0x11E60398.
    public static func adler32<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var a: UInt32 = 1, b: UInt32 = 0
        var pending = 0
        for byte in bytes {
            a += UInt32(byte)
            b += a
            pending += 1
            // 5552 is zlib's NMAX: the most bytes before `b` could overflow 32 bits without a reduction.
            if pending == 5552 {
                a %= 65521; b %= 65521; pending = 0
            }
        }
        return (b % 65521) << 16 | (a % 65521)
    }

    private static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }
}
