import Foundation
import Testing
@testable import Graphics

/// An image whose rows favour different filters: flat, horizontal and vertical ramps, noise, diagonal edges.
private func mixedImage(width: Int, height: Int) throws -> RGBImage {
    let noise = pseudoRandomBytes(width * height * 3, seed: 5)
    var pixels = [UInt8](repeating: 0, count: width * height * 3)
    for y in 0..<height {
        for x in 0..<width {
            let i = (y * width + x) * 3
            switch (y / 8) % 5 {
            case 0: pixels[i] = 200; pixels[i + 1] = 30; pixels[i + 2] = 90
            case 1: pixels[i] = UInt8(x & 255); pixels[i + 1] = UInt8((2 * x) & 255); pixels[i + 2] = 7
            case 2: pixels[i] = UInt8((y * 5) & 255); pixels[i + 1] = UInt8(x % 3 * 60); pixels[i + 2] = UInt8(y & 255)
            case 3: pixels[i] = noise[i]; pixels[i + 1] = noise[i + 1]; pixels[i + 2] = noise[i + 2]
            default: pixels[i] = (x + y) % 16 < 8 ? 255 : 0; pixels[i + 1] = pixels[i]; pixels[i + 2] = 128
            }
        }
    }
    return try RGBImage(width: width, height: height, pixels: pixels)
}

@Test func pngRoundTripsThroughIndependentDecoder() throws {
    for (w, h) in [(1, 1), (2, 3), (37, 41), (200, 64)] {
        let image = try mixedImage(width: w, height: h)
        let decoded = try decodePNG(PNG.encode(image))
        #expect(decoded.width == w && decoded.height == h)
        #expect(decoded.chunkTypes == ["IHDR", "IDAT", "IEND"])
        #expect(decoded.pixels == image.pixels)
    }
}

@Test func pngUsesSeveralFilterTypes() throws {
    let decoded = try decodePNG(PNG.encode(try mixedImage(width: 200, height: 64)))
    #expect(Set(decoded.filterTypes).count >= 3)
}

@Test func spectrogramSizedPNGIsCompressed() throws {
    // A 1300 x 256 heat map of smooth ridges plus mild noise, like a dB spectrogram.
    let rows = 256, columns = 1300
    let noise = pseudoRandomBytes(rows * columns, seed: 9)
    var values = [Double](repeating: 0, count: rows * columns)
    for r in 0..<rows {
        for c in 0..<columns {
            let ridge = sin(Double(r) / 9 + Double(c) / 40) * 20 - Double(r) / 6
            values[r * columns + c] = ridge + Double(noise[r * columns + c]) / 128 - 40
        }
    }
    let image = try heatmapImage(values: values, rows: rows, columns: columns, range: -80...0,
                                 colorMap: .magma, flipVertically: true)
    let png = PNG.encode(image)
    let raw = columns * rows * 3
    // Python's zlib.compress(level=9) of these same filtered rows gave 328 662 bytes (checked once); stay within 5%.
    #expect(png.count < 345_000, "PNG is \(png.count) bytes for \(raw) raw bytes")
    #expect(try decodePNG(png).pixels == image.pixels)
}

@Test func pngWriteIsAtomicAndReportsBadPaths() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("graphics-png-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("x.png")
    let image = try RGBImage(width: 3, height: 2, fill: RGB(1, 2, 3))
    try PNG.write(image, to: url)
    try PNG.write(image, to: url)  // replaces an existing file
    #expect(Array(try Data(contentsOf: url)) == PNG.encode(image))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["x.png"])
    let missing = directory.appendingPathComponent("no/such/dir/x.png")
    #expect(throws: GraphicsError.self) { try PNG.write(image, to: missing) }
}

@Test func rgbImageRejectsBadSizes() {
    #expect(throws: GraphicsError.self) { try RGBImage(width: 2, height: 2, pixels: [0, 0, 0]) }
    #expect(throws: GraphicsError.self) { try RGBImage(width: 0, height: 2, pixels: []) }
    #expect(throws: GraphicsError.self) { try RGBImage(width: -1, height: 2, fill: RGB(0, 0, 0)) }
    #expect(throws: GraphicsError.self) { try RGBImage(width: 1 << 20, height: 1 << 20, fill: RGB(0, 0, 0)) }
}
