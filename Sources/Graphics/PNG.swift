import Foundation
import ZlibCodec

/// PNG encoding (ISO/IEC 15948, RFC 2083) of 8-bit RGB images: IHDR, one IDAT, IEND; no ancillary chunks.
public enum PNG {
    /// The complete PNG file for `image`.
    ///
    /// Each scanline gets the filter (None, Sub, Up, Average, Paeth) whose output has the smallest sum of absolute
    /// values taken as signed bytes — libpng's default heuristic — then the filtered rows are compressed by the
    /// system zlib.
    public static func encode(_ image: RGBImage) -> [UInt8] {
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header += bigEndian(UInt32(image.width))
        header += bigEndian(UInt32(image.height))
        header += [8, 2, 0, 0, 0]  // bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace
        appendChunk("IHDR", header, to: &out)
        appendChunk("IDAT", Zlib.compress(filteredScanlines(image)), to: &out)
        appendChunk("IEND", [], to: &out)
        return out
    }

    /// Writes `encode(image)` to `url` atomically: the bytes go to a temporary file in the same directory, which is
    /// then renamed over the destination, so readers never see a half-written PNG.
    /// - Throws: `GraphicsError.writeFailed` naming the path.
    public static func write(_ image: RGBImage, to url: URL) throws {
        try writeAtomically(encode(image), to: url)
    }

    /// The filter-type byte plus filtered bytes of every row (PNG §9), concatenated.
    static func filteredScanlines(_ image: RGBImage) -> [UInt8] {
        let bpp = 3
        let stride = image.width * bpp
        var out = [UInt8]()
        out.reserveCapacity((stride + 1) * image.height)
        var candidates = [[UInt8]](repeating: [UInt8](repeating: 0, count: stride), count: 5)
        let zeroRow = [UInt8](repeating: 0, count: stride)
        image.pixels.withUnsafeBufferPointer { px in
            zeroRow.withUnsafeBufferPointer { zero in
                for y in 0..<image.height {
                    let row = UnsafeBufferPointer(rebasing: px[(y * stride)..<((y + 1) * stride)])
                    let up = y == 0 ? zero : UnsafeBufferPointer(rebasing: px[((y - 1) * stride)..<(y * stride)])
                    var bestType = 0
                    var bestScore = Int.max
                    for type in 0..<5 {
                        var score = 0
                        candidates[type].withUnsafeMutableBufferPointer { f in
                            for i in 0..<stride {
                                let a = i >= bpp ? Int(row[i - bpp]) : 0
                                let b = Int(up[i])
                                let c = i >= bpp ? Int(up[i - bpp]) : 0
                                let predictor: Int
                                switch type {
                                case 0: predictor = 0
                                case 1: predictor = a
                                case 2: predictor = b
                                case 3: predictor = (a + b) >> 1
                                default: predictor = paeth(a, b, c)
                                }
                                let v = UInt8(truncatingIfNeeded: Int(row[i]) - predictor)
                                f[i] = v
                                score += abs(Int(Int8(bitPattern: v)))
                            }
                        }
                        if score < bestScore { bestScore = score; bestType = type }
                    }
                    out.append(UInt8(bestType))
                    out.append(contentsOf: candidates[bestType])
                }
            }
        }
        return out
    }

    /// PNG §9.4: the neighbour (left, above, upper-left) closest to `a + b - c`, ties in that order.
    @inline(__always) static func paeth(_ a: Int, _ b: Int, _ c: Int) -> Int {
        let p = a + b - c
        let pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        out += bigEndian(UInt32(data.count))
        out += typeBytes
        out += data
        out += bigEndian(Zlib.crc32(data, previous: Zlib.crc32(typeBytes)))
    }

    private static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }
}

/// Foundation's atomic write: a temporary file in the destination's directory, then rename(2),
/// so readers never see half a file and a failed write leaves any old file intact.
func writeAtomically(_ bytes: [UInt8], to url: URL) throws {
    do { try Data(bytes).write(to: url, options: .atomic) } catch {
        throw GraphicsError.writeFailed(path: url.path, reason: error.localizedDescription)
    }
}
