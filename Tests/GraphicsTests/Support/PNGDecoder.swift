/// A test-only PNG reader for 8-bit RGB, non-interlaced files: checks the signature and every chunk CRC
/// (bitwise CRC-32, not zlib's), inflates the IDAT data (zlib's `uncompress`, which also checks the stream's
/// Adler-32) and undoes all five filters.
import CZlib

enum PNGDecodeError: Error { case badSignature, badChunk, badCRC, unsupported, badFilter, wrongSize }

struct DecodedPNG {
    var width: Int
    var height: Int
    var pixels: [UInt8]
    var chunkTypes: [String]
    var filterTypes: [UInt8]
}

func bitwiseCRC32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
}

func decodePNG(_ file: [UInt8]) throws -> DecodedPNG {
    guard file.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw PNGDecodeError.badSignature }
    func u32(_ i: Int) -> Int { Int(file[i]) << 24 | Int(file[i + 1]) << 16 | Int(file[i + 2]) << 8 | Int(file[i + 3]) }
    var position = 8
    var width = 0, height = 0
    var idat: [UInt8] = []
    var types: [String] = []
    while position < file.count {
        guard position + 12 <= file.count else { throw PNGDecodeError.badChunk }
        let length = u32(position)
        guard position + 12 + length <= file.count else { throw PNGDecodeError.badChunk }
        let typeAndData = Array(file[(position + 4)..<(position + 8 + length)])
        guard bitwiseCRC32(typeAndData) == UInt32(u32(position + 8 + length)) else { throw PNGDecodeError.badCRC }
        let type = String(decoding: typeAndData[0..<4], as: UTF8.self)
        types.append(type)
        let data = Array(typeAndData[4...])
        switch type {
        case "IHDR":
            width = Int(data[0]) << 24 | Int(data[1]) << 16 | Int(data[2]) << 8 | Int(data[3])
            height = Int(data[4]) << 24 | Int(data[5]) << 16 | Int(data[6]) << 8 | Int(data[7])
            guard data[8] == 8, data[9] == 2, data[10] == 0, data[11] == 0, data[12] == 0 else {
                throw PNGDecodeError.unsupported
            }
        case "IDAT": idat += data
        default: break
        }
        position += 12 + length
    }
    let stride = width * 3
    let raw = try zlibDecompress(idat, expectedCount: height * (stride + 1))
    guard raw.count == height * (stride + 1) else { throw PNGDecodeError.wrongSize }
    var pixels = [UInt8](repeating: 0, count: width * height * 3)
    var filters: [UInt8] = []
    for y in 0..<height {
        let filter = raw[y * (stride + 1)]
        filters.append(filter)
        for i in 0..<stride {
            let x = Int(raw[y * (stride + 1) + 1 + i])
            let a = i >= 3 ? Int(pixels[y * stride + i - 3]) : 0
            let b = y > 0 ? Int(pixels[(y - 1) * stride + i]) : 0
            let c = i >= 3 && y > 0 ? Int(pixels[(y - 1) * stride + i - 3]) : 0
            let predictor: Int
            switch filter {
            case 0: predictor = 0
            case 1: predictor = a
            case 2: predictor = b
            case 3: predictor = (a + b) / 2
            case 4:
                let p = a + b - c
                let pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
            default: throw PNGDecodeError.badFilter
            }
            pixels[y * stride + i] = UInt8((x + predictor) & 0xFF)
        }
    }
    return DecodedPNG(width: width, height: height, pixels: pixels, chunkTypes: types, filterTypes: filters)
}

/// The `expectedCount` bytes a zlib stream holds (zlib's `uncompress`: header, DEFLATE data and Adler-32 checked).
func zlibDecompress(_ stream: [UInt8], expectedCount: Int) throws -> [UInt8] {
    var out = [UInt8](repeating: 0, count: expectedCount + 1)  // one spare byte: longer output is an error
    var length = uLong(out.count)
    let status = stream.withUnsafeBufferPointer { s in
        out.withUnsafeMutableBufferPointer { o in uncompress(o.baseAddress, &length, s.baseAddress, uLong(s.count)) }
    }
    guard status == Z_OK, Int(length) == expectedCount else { throw PNGDecodeError.wrongSize }
    return Array(out[..<expectedCount])
}
