/// An 8-bit RGB raster, rows top to bottom, pixels left to right, three bytes (R, G, B) per pixel.
public struct RGBImage: Equatable, Sendable {
    /// The largest accepted width or height. PNG allows 2^31 - 1, but a report image beyond this is a bug upstream,
    /// and refusing it keeps a bad size from turning into a huge allocation.
    public static let maximumDimension = 1 << 16

    public let width: Int
    public let height: Int
    /// `width * height * 3` bytes.
    public let pixels: [UInt8]

    /// - Throws: `GraphicsError.invalidInput` unless `1 ... maximumDimension` holds for both sides and
    ///   `pixels.count == width * height * 3`.
    public init(width: Int, height: Int, pixels: [UInt8]) throws {
        try RGBImage.validate(width: width, height: height)
        guard pixels.count == width * height * 3 else {
            throw GraphicsError.invalidInput(
                "RGB image \(width)x\(height) needs \(width * height * 3) bytes, got \(pixels.count)")
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// An image filled with one colour (default white).
    public init(width: Int, height: Int, fill: RGB = RGB(255, 255, 255)) throws {
        try RGBImage.validate(width: width, height: height)
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for i in stride(from: 0, to: pixels.count, by: 3) {
            pixels[i] = fill.r; pixels[i + 1] = fill.g; pixels[i + 2] = fill.b
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The colour at column `x`, row `y` (row 0 at the top), or nil outside the image.
    public func pixel(x: Int, y: Int) -> RGB? {
        guard x >= 0, x < width, y >= 0, y < height else { return nil }
        let i = (y * width + x) * 3
        return RGB(pixels[i], pixels[i + 1], pixels[i + 2])
    }

    static func validate(width: Int, height: Int) throws {
        guard (1...maximumDimension).contains(width), (1...maximumDimension).contains(height) else {
            throw GraphicsError.invalidInput(
                "image size \(width)x\(height) is outside 1...\(maximumDimension) pixels per side")
        }
    }
}

/// An 8-bit sRGB colour.
public struct RGB: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r; self.g = g; self.b = b
    }

    /// From 0xRRGGBB.
    public init(hex: UInt32) {
        self.init(UInt8(truncatingIfNeeded: hex >> 16), UInt8(truncatingIfNeeded: hex >> 8), UInt8(truncatingIfNeeded: hex))
    }

    /// `#rrggbb`, lower-case, as used in SVG and CSS.
    public var hexString: String {
        let digits = Array("0123456789abcdef")
        var s = "#"
        for v in [r, g, b] { s.append(digits[Int(v >> 4)]); s.append(digits[Int(v & 15)]) }
        return s
    }

    public var description: String { hexString }

    /// Relative luminance (ITU-R BT.709 weights on the 0...1 channel values, no gamma): enough to pick black or
    /// white text on a filled cell.
    public var luminance: Double {
        (0.2126 * Double(r) + 0.7152 * Double(g) + 0.0722 * Double(b)) / 255
    }

    /// Linear interpolation towards `other`; `t` is clamped to 0...1.
    public func mixed(with other: RGB, _ t: Double) -> RGB {
        let t = t.isNaN ? 0 : min(max(t, 0), 1)
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
        return RGB(mix(r, other.r), mix(g, other.g), mix(b, other.b))
    }
}
