import Testing
@testable import Graphics

private func roundTrip(_ data: [UInt8]) throws -> [UInt8] {
    try zlibDecompress(Zlib.compress(data), expectedCount: data.count)
}

@Test func zlibStreamsRoundTrip() throws {
    #expect(try roundTrip([]) == [])
    #expect(try roundTrip([42]) == [42])
    let text = Array(String(repeating: "the spectrogram of a blues clip, ", count: 50).utf8)
    #expect(try roundTrip(text) == text)
    #expect(Zlib.compress(text).count < text.count / 10)
    let noise = pseudoRandomBytes(70_000, seed: 3)
    #expect(try roundTrip(noise) == noise)
}

@Test func crc32KnownVectorsAndContinuation() {
    // The CRC-32 "check" value of the catalogue of parametrised CRCs, and against the bitwise definition.
    #expect(Zlib.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
    #expect(Zlib.crc32([]) == 0)
    // PNG's IEND chunk always ends in AE 42 60 82 (CRC of the bytes "IEND").
    #expect(Zlib.crc32(Array("IEND".utf8)) == 0xAE42_6082)
    let whole = Array("123456789".utf8)
    #expect(Zlib.crc32(Array(whole[4...]), previous: Zlib.crc32(Array(whole[..<4]))) == 0xCBF4_3926)
    let data = pseudoRandomBytes(3000, seed: 7)
    #expect(Zlib.crc32(data) == bitwiseCRC32(data))
}
