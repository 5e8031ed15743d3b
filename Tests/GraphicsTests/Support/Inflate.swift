/// A test-only DEFLATE/zlib decoder written straight from RFC 1950/1951 (in the style of zlib's `puff.c`),
/// independent of the encoder's tables, so a round trip checks the encoder against the format, not itself.
enum InflateError: Error { case truncated, badHeader, badBlockType, badCode, badDistance, badStoredLength, badChecksum }

struct Inflater {
    private let input: [UInt8]
    private var position = 0
    private var bitBuffer = 0
    private var bitCount = 0
    private(set) var output: [UInt8] = []

    init(_ input: [UInt8]) { self.input = input }

    /// Decodes a zlib stream and checks its header and Adler-32 (computed here naively).
    static func zlibDecompress(_ data: [UInt8]) throws -> [UInt8] {
        guard data.count >= 6, data[0] & 0x0F == 8, (Int(data[0]) << 8 | Int(data[1])) % 31 == 0,
              data[1] & 0x20 == 0 else { throw InflateError.badHeader }
        var inflater = Inflater(Array(data[2...]))
        try inflater.inflate()
        let end = 2 + inflater.position
        guard data.count >= end + 4 else { throw InflateError.truncated }
        let stored = UInt32(data[end]) << 24 | UInt32(data[end + 1]) << 16 | UInt32(data[end + 2]) << 8 | UInt32(data[end + 3])
        var a: UInt64 = 1, b: UInt64 = 0
        for byte in inflater.output { a = (a + UInt64(byte)) % 65521; b = (b + a) % 65521 }
        guard stored == UInt32(b << 16 | a) else { throw InflateError.badChecksum }
        return inflater.output
    }

    private mutating func bits(_ need: Int) throws -> Int {
        var value = bitBuffer
        while bitCount < need {
            guard position < input.count else { throw InflateError.truncated }
            value |= Int(input[position]) << bitCount
            position += 1
            bitCount += 8
        }
        bitBuffer = value >> need
        bitCount -= need
        return value & ((1 << need) - 1)
    }

    /// Canonical Huffman decoding table: counts per length and symbols sorted by code.
    private struct Code {
        var count = [Int](repeating: 0, count: 16)
        var symbol: [Int] = []

        init(lengths: [Int]) throws {
            for l in lengths { count[l] += 1 }
            count[0] = 0
            var left = 1
            for len in 1..<16 {
                left <<= 1
                left -= count[len]
                if left < 0 { throw InflateError.badCode }  // over-subscribed
            }
            var offsets = [Int](repeating: 0, count: 16)
            for len in 1..<15 { offsets[len + 1] = offsets[len] + count[len] }
            symbol = [Int](repeating: 0, count: lengths.count)
            for (s, l) in lengths.enumerated() where l != 0 {
                symbol[offsets[l]] = s
                offsets[l] += 1
            }
        }
    }

    private mutating func decode(_ code: Code) throws -> Int {
        var value = 0, first = 0, index = 0
        for len in 1..<16 {
            value |= try bits(1)
            let count = code.count[len]
            if value - count < first { return code.symbol[index + (value - first)] }
            index += count
            first += count
            first <<= 1
            value <<= 1
        }
        throw InflateError.badCode
    }

    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99,
                                     115, 131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
                                   1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12,
                                    12, 13, 13]

    private mutating func codes(_ lit: Code, _ dist: Code) throws {
        while true {
            var symbol = try decode(lit)
            if symbol < 256 {
                output.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                symbol -= 257
                guard symbol < 29 else { throw InflateError.badCode }
                let length = Inflater.lengthBase[symbol] + (try bits(Inflater.lengthExtra[symbol]))
                let ds = try decode(dist)
                guard ds < 30 else { throw InflateError.badCode }
                let distance = Inflater.distBase[ds] + (try bits(Inflater.distExtra[ds]))
                guard distance <= output.count else { throw InflateError.badDistance }
                for _ in 0..<length { output.append(output[output.count - distance]) }
            }
        }
    }

    mutating func inflate() throws {
        var last = 0
        repeat {
            last = try bits(1)
            switch try bits(2) {
            case 0:
                bitBuffer = 0; bitCount = 0
                guard position + 4 <= input.count else { throw InflateError.truncated }
                let len = Int(input[position]) | Int(input[position + 1]) << 8
                let nlen = Int(input[position + 2]) | Int(input[position + 3]) << 8
                guard len == (~nlen & 0xFFFF) else { throw InflateError.badStoredLength }
                position += 4
                guard position + len <= input.count else { throw InflateError.truncated }
                output += input[position..<(position + len)]
                position += len
            case 1:
                var lengths = [Int](repeating: 8, count: 288)
                for s in 144..<256 { lengths[s] = 9 }
                for s in 256..<280 { lengths[s] = 7 }
                try codes(try Code(lengths: lengths), try Code(lengths: [Int](repeating: 5, count: 30)))
            case 2:
                let nlen = try bits(5) + 257, ndist = try bits(5) + 1, ncode = try bits(4) + 4
                let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
                var clLengths = [Int](repeating: 0, count: 19)
                for k in 0..<ncode { clLengths[order[k]] = try bits(3) }
                let clCode = try Code(lengths: clLengths)
                var lengths: [Int] = []
                while lengths.count < nlen + ndist {
                    let symbol = try decode(clCode)
                    switch symbol {
                    case 0..<16: lengths.append(symbol)
                    case 16:
                        guard let previous = lengths.last else { throw InflateError.badCode }
                        lengths += [Int](repeating: previous, count: 3 + (try bits(2)))
                    case 17: lengths += [Int](repeating: 0, count: 3 + (try bits(3)))
                    default: lengths += [Int](repeating: 0, count: 11 + (try bits(7)))
                    }
                }
                guard lengths.count == nlen + ndist, lengths[256] > 0 else { throw InflateError.badCode }
                try codes(try Code(lengths: Array(lengths[0..<nlen])), try Code(lengths: Array(lengths[nlen...])))
            default:
                throw InflateError.badBlockType
            }
        } while last == 0
        // Discard the partial byte: the zlib trailer starts on a byte boundary.
        bitBuffer = 0; bitCount = 0
    }
}
