import Testing
@testable import Graphics

private func roundTrip(_ data: [UInt8]) throws -> [UInt8] {
    try Inflater.zlibDecompress(Deflate.zlibCompress(data))
}

@Test func deflateRoundTripsEdgeCases() throws {
    #expect(try roundTrip([]) == [])
    #expect(try roundTrip([42]) == [42])
    #expect(try roundTrip([1, 2]) == [1, 2])
    let run = [UInt8](repeating: 9, count: 1000)  // overlapping matches, length 258
    #expect(try roundTrip(run) == run)
    let text = Array(String(repeating: "the spectrogram of a blues clip, ", count: 50).utf8)
    let compressed = Deflate.zlibCompress(text)
    #expect(try Inflater.zlibDecompress(compressed) == text)
    #expect(compressed.count < text.count / 10)
}

@Test func deflateRoundTripsIncompressibleData() throws {
    let noise = pseudoRandomBytes(70_000, seed: 3)
    let compressed = Deflate.zlibCompress(noise)
    #expect(try Inflater.zlibDecompress(compressed) == noise)
    // Falls back to stored blocks rather than expanding much.
    #expect(compressed.count < noise.count + noise.count / 100 + 64)
}

@Test func deflateRoundTripsManyBlocksAndFarMatches() throws {
    // Structure repeating at distances beyond 256 and up to the 32 KiB window, more tokens than one block holds.
    var data: [UInt8] = []
    let phrase = pseudoRandomBytes(20_000, seed: 11)
    for k in 0..<6 {
        data += phrase
        data += pseudoRandomBytes(300 + k * 997, seed: UInt64(k))
        data += [UInt8](repeating: UInt8(k), count: k * 40)
    }
    data += (0..<40_000).map { UInt8($0 % 7 + $0 / 5000) }
    #expect(try roundTrip(data) == data)
}
