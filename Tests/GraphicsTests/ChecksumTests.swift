import Testing
@testable import Graphics

@Test func crc32KnownVectors() {
    // The CRC-32 "check" value of the catalogue of parametrised CRCs, and zlib.crc32 of the others.
    #expect(Checksum.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
    #expect(Checksum.crc32([UInt8]()) == 0)
    #expect(Checksum.crc32(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
    // PNG's IEND chunk always ends in AE 42 60 82 (CRC of the bytes "IEND").
    #expect(Checksum.crc32(Array("IEND".utf8)) == 0xAE42_6082)
    // Checksumming in two pieces equals checksumming the whole.
    let whole = Array("123456789".utf8)
    #expect(Checksum.crc32(whole[4...], previous: Checksum.crc32(whole[..<4])) == 0xCBF4_3926)
}

@Test func crc32MatchesBitwiseDefinition() {
    let data = pseudoRandomBytes(3000, seed: 7)
    #expect(Checksum.crc32(data) == bitwiseCRC32(data))
}

@Test func adler32KnownVectors() {
    #expect(Checksum.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
    #expect(Checksum.adler32([UInt8]()) == 1)
    // A long input, to exercise the periodic modulo reduction, against the naive definition.
    let big = [UInt8](repeating: 0xFF, count: 100_000)
    var a: UInt64 = 1, b: UInt64 = 0
    for byte in big { a = (a + UInt64(byte)) % 65521; b = (b + a) % 65521 }
    #expect(Checksum.adler32(big) == UInt32(b << 16 | a))
}
