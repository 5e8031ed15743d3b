import Testing
@testable import Graphics
import ZlibCodec

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

private func bytes(hex: String) -> [UInt8] {
    var out: [UInt8] = [], digits = Array(hex)
    while digits.count >= 2 { out.append(UInt8(String(digits[0..<2]), radix: 16)!); digits.removeFirst(2) }
    return out
}

@Test func decompressReadsOtherEncodersStreamsAndRejectsBadOnes() {
    // Python: zlib.compress(b"genre " * 200, 9).hex()
    let python = bytes(hex: "78da4b4fcd2b4a55481f2547c95172941cf42400ddecb658")
    let text = Array(String(repeating: "genre ", count: 200).utf8)
    #expect(Zlib.decompress(python, expectedCount: text.count) == text)
    // The stated size must be exact, the stream whole, and nothing may follow it.
    #expect(Zlib.decompress(python, expectedCount: text.count - 1) == nil)
    #expect(Zlib.decompress(python, expectedCount: text.count + 1) == nil)
    #expect(Zlib.decompress(Array(python.dropLast(5)), expectedCount: text.count) == nil)
    #expect(Zlib.decompress(python + [0], expectedCount: text.count) == nil)
    var damaged = python
    damaged[10] ^= 0x40
    #expect(Zlib.decompress(damaged, expectedCount: text.count) == nil)
    #expect(Zlib.decompress([], expectedCount: 0) == nil)
    #expect(Zlib.decompress(Array("not zlib".utf8), expectedCount: 8) == nil)
    // Several 1 MiB output steps, checked against zlib's one-shot uncompress.
    let noise = pseudoRandomBytes(2_500_000, seed: 5) + [UInt8](repeating: 9, count: 300_000)
    let stream = Zlib.compress(noise)
    #expect(try! zlibDecompress(stream, expectedCount: noise.count) == noise)
    #expect(Zlib.decompress(stream, expectedCount: noise.count) == noise)
    // A stream of 8 MiB of zeros claiming 1000 bytes stops after 1001 (the bound, not the stream, sizes the output).
    let bomb = Zlib.compress([UInt8](repeating: 0, count: 8 << 20), level: 9)
    #expect(bomb.count < 20_000)
    #expect(Zlib.decompress(bomb, expectedCount: 1000) == nil)
}
