/// A DEFLATE (RFC 1951) compressor with a zlib (RFC 1950) wrapper, enough for PNG's IDAT stream.
///
/// LZ77 with hash chains over the 32 KiB window and one-step lazy matching (as zlib's levels 4-9 do), then per
/// block the cheapest of dynamic Huffman, fixed Huffman and stored encodings. Output is what any inflater
/// (zlib, browsers, PIL) decodes; it is not byte-identical to zlib's.
public enum Deflate {
    /// The zlib stream for `data`: header 0x78 0x9C (32 KiB window, default level), DEFLATE blocks, big-endian
    /// Adler-32 of the uncompressed bytes.
    public static func zlibCompress(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x9C]
        out.append(contentsOf: compress(data))
        let adler = Checksum.adler32(data)
        out.append(contentsOf: [UInt8(adler >> 24), UInt8((adler >> 16) & 0xFF), UInt8((adler >> 8) & 0xFF), UInt8(adler & 0xFF)])
        return out
    }

    /// Raw DEFLATE blocks for `data`, the last one marked final.
    public static func compress(_ data: [UInt8]) -> [UInt8] {
        var writer = BitWriter(reservingCapacity: data.count / 3 + 64)
        let blocks = LZ77.tokenize(data)
        for (index, block) in blocks.enumerated() {
            writeBlock(block, data: data, isFinal: index == blocks.count - 1, to: &writer)
        }
        writer.alignToByte()
        return writer.bytes
    }

    // MARK: - Block encoding

    private static func writeBlock(_ block: LZ77.Block, data: [UInt8], isFinal: Bool, to writer: inout BitWriter) {
        var litFreq = [Int](repeating: 0, count: 286)
        var distFreq = [Int](repeating: 0, count: 30)
        for token in block.tokens {
            if token.distance == 0 {
                litFreq[Int(token.value)] += 1
            } else {
                litFreq[257 + Int(Tables.lengthCode[Int(token.value)])] += 1
                distFreq[Int(Tables.distanceCode(Int(token.distance)))] += 1
            }
        }
        litFreq[256] = 1

        let dynamic = DynamicHeader(litFrequencies: litFreq, distFrequencies: distFreq)
        let extraBits = block.tokens.reduce(0) { sum, token in
            token.distance == 0 ? sum : sum
                + Int(Tables.lengthExtra[Int(Tables.lengthCode[Int(token.value)])])
                + Int(Tables.distanceExtra[Int(Tables.distanceCode(Int(token.distance)))])
        }
        func dataBits(_ lit: [UInt8], _ dist: [UInt8]) -> Int {
            var bits = extraBits
            for (s, f) in litFreq.enumerated() where f > 0 { bits += f * Int(lit[s]) }
            for (s, f) in distFreq.enumerated() where f > 0 { bits += f * Int(dist[s]) }
            return bits
        }
        let dynamicBits = 3 + dynamic.headerBits + dataBits(dynamic.litLengths, dynamic.distLengths)
        let fixedBits = 3 + dataBits(Tables.fixedLitLengths, Tables.fixedDistLengths)
        let rawCount = block.end - block.start
        let storedBits = (rawCount / 65535 + 1) * (5 * 8 + 7) + rawCount * 8

        if storedBits < min(dynamicBits, fixedBits) {
            var start = block.start
            repeat {
                let end = min(start + 65535, block.end)
                writer.write(isFinal && end == block.end ? 1 : 0, bitCount: 1)
                writer.write(0, bitCount: 2)
                writer.alignToByte()
                let len = UInt16(end - start)
                writer.appendAlignedBytes([UInt8(len & 0xFF), UInt8(len >> 8), UInt8(~len & 0xFF), UInt8(~len >> 8)])
                writer.appendAlignedBytes(data[start..<end])
                start = end
            } while start < block.end
            return
        }

        writer.write(isFinal ? 1 : 0, bitCount: 1)
        if dynamicBits < fixedBits {
            writer.write(2, bitCount: 2)
            dynamic.write(to: &writer)
            writeTokens(block.tokens, lit: dynamic.litLengths, dist: dynamic.distLengths, to: &writer)
        } else {
            writer.write(1, bitCount: 2)
            writeTokens(block.tokens, lit: Tables.fixedLitLengths, dist: Tables.fixedDistLengths, to: &writer)
        }
    }

    private static func writeTokens(_ tokens: [LZ77.Token], lit: [UInt8], dist: [UInt8], to writer: inout BitWriter) {
        let litCodes = Huffman.reversedCodes(lengths: lit)
        let distCodes = Huffman.reversedCodes(lengths: dist)
        for token in tokens {
            if token.distance == 0 {
                let s = Int(token.value)
                writer.write(UInt32(litCodes[s]), bitCount: Int(lit[s]))
            } else {
                let length = Int(token.value)
                let lc = Int(Tables.lengthCode[length])
                writer.write(UInt32(litCodes[257 + lc]), bitCount: Int(lit[257 + lc]))
                let lExtra = Int(Tables.lengthExtra[lc])
                if lExtra > 0 { writer.write(UInt32(length - Int(Tables.lengthBase[lc])), bitCount: lExtra) }
                let distance = Int(token.distance)
                let dc = Int(Tables.distanceCode(distance))
                writer.write(UInt32(distCodes[dc]), bitCount: Int(dist[dc]))
                let dExtra = Int(Tables.distanceExtra[dc])
                if dExtra > 0 { writer.write(UInt32(distance - Int(Tables.distanceBase[dc])), bitCount: dExtra) }
            }
        }
        writer.write(UInt32(litCodes[256]), bitCount: Int(lit[256]))
    }
}

/// The code-length header of a dynamic-Huffman block (RFC 1951 §3.2.7): HLIT, HDIST, HCLEN, the code-length
/// code, and the run-length coded literal/length and distance code lengths.
private struct DynamicHeader {
    let litLengths: [UInt8]
    let distLengths: [UInt8]
    private let hlit: Int
    private let hdist: Int
    private let hclen: Int
    private let runs: [(symbol: Int, extra: Int)]
    private let clLengths: [UInt8]
    let headerBits: Int

    private static let clOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    init(litFrequencies: [Int], distFrequencies: [Int]) {
        litLengths = Huffman.codeLengths(frequencies: litFrequencies, limit: 15)
        var dist = Huffman.codeLengths(frequencies: distFrequencies, limit: 15)
        // A block without matches still transmits one distance code (zlib does the same).
        if dist.allSatisfy({ $0 == 0 }) { dist[0] = 1 }
        distLengths = dist
        hlit = max(257, (litLengths.lastIndex { $0 != 0 } ?? 0) + 1)
        hdist = max(1, (distLengths.lastIndex { $0 != 0 } ?? 0) + 1)
        runs = DynamicHeader.runLengths(Array(litLengths[0..<hlit]) + Array(distLengths[0..<hdist]))
        var clFreq = [Int](repeating: 0, count: 19)
        for run in runs { clFreq[run.symbol] += 1 }
        let cl = Huffman.codeLengths(frequencies: clFreq, limit: 7)
        clLengths = cl
        hclen = max(4, (DynamicHeader.clOrder.lastIndex { cl[$0] != 0 } ?? 0) + 1)
        var bits = 5 + 5 + 4 + 3 * hclen
        for run in runs {
            bits += Int(clLengths[run.symbol]) + [16: 2, 17: 3, 18: 7][run.symbol, default: 0]
        }
        headerBits = bits
    }

    func write(to writer: inout BitWriter) {
        writer.write(UInt32(hlit - 257), bitCount: 5)
        writer.write(UInt32(hdist - 1), bitCount: 5)
        writer.write(UInt32(hclen - 4), bitCount: 4)
        for k in 0..<hclen { writer.write(UInt32(clLengths[DynamicHeader.clOrder[k]]), bitCount: 3) }
        let codes = Huffman.reversedCodes(lengths: clLengths)
        for run in runs {
            writer.write(UInt32(codes[run.symbol]), bitCount: Int(clLengths[run.symbol]))
            switch run.symbol {
            case 16: writer.write(UInt32(run.extra), bitCount: 2)
            case 17: writer.write(UInt32(run.extra), bitCount: 3)
            case 18: writer.write(UInt32(run.extra), bitCount: 7)
            default: break
            }
        }
    }

    /// Symbols 0-15 (a length), 16 (repeat previous 3-6 times), 17 (3-10 zeros), 18 (11-138 zeros), with the
    /// value of their extra bits.
    private static func runLengths(_ lengths: [UInt8]) -> [(symbol: Int, extra: Int)] {
        var out: [(symbol: Int, extra: Int)] = []
        var i = 0
        while i < lengths.count {
            let value = lengths[i]
            var run = 1
            while i + run < lengths.count && lengths[i + run] == value { run += 1 }
            i += run
            if value == 0 {
                while run >= 11 { let n = min(run, 138); out.append((18, n - 11)); run -= n }
                if run >= 3 { out.append((17, run - 3)); run = 0 }
                while run > 0 { out.append((0, 0)); run -= 1 }
            } else {
                out.append((Int(value), 0)); run -= 1
                while run >= 3 { let n = min(run, 6); out.append((16, n - 3)); run -= n }
                while run > 0 { out.append((Int(value), 0)); run -= 1 }
            }
        }
        return out
    }
}

/// The fixed tables of RFC 1951 §3.2.5-3.2.6.
enum Tables {
    static let lengthBase: [UInt16] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83,
                                       99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase: [UInt16] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
                                         1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra: [UInt8] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11,
                                         12, 12, 13, 13]

    /// Length (3...258) -> length code index 0...28 (symbol 257 + index).
    static let lengthCode: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 259)
        for code in 0..<29 {
            let upper = code == 28 ? 258 : Int(lengthBase[code + 1]) - 1
            // Length 258 has its own code (28), although code 27 with all extra bits set would also reach it.
            for length in Int(lengthBase[code])...upper where length <= 258 { table[length] = UInt8(code) }
        }
        table[258] = 28
        return table
    }()

    /// Distance (1...32768) -> distance code 0...29.
    static func distanceCode(_ distance: Int) -> UInt8 {
        distance <= 256 ? smallDistanceCode[distance - 1] : largeDistanceCode[(distance - 1) >> 7]
    }

    private static let smallDistanceCode: [UInt8] = (1...256).map { code(for: $0) }
    private static let largeDistanceCode: [UInt8] = (0..<256).map { code(for: ($0 << 7) + 1) }

    private static func code(for distance: Int) -> UInt8 {
        var code = 29
        while Int(distanceBase[code]) > distance { code -= 1 }
        return UInt8(code)
    }

    static let fixedLitLengths: [UInt8] = (0..<288).map { s in s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8 }
    static let fixedDistLengths = [UInt8](repeating: 5, count: 30)
}
