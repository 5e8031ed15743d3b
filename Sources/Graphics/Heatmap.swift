/// Renders a row-major matrix as an image, one pixel per value, through a colour map — e.g. a dB spectrogram
/// (rows = frequency bins, lowest first; columns = frames).
///
/// - Parameters:
///   - values: `rows * columns` values; `values[r * columns + c]` is row `r`, column `c`.
///   - range: the values mapped to the first and last colour; values outside it are clamped (so for a dB
///     spectrogram pass e.g. `-80...0`). A zero-width range maps everything to the first colour.
///   - colorMap: e.g. `.magma` or `.viridis`.
///   - flipVertically: when true, row 0 becomes the bottom image row (low frequencies at the bottom, as
///     `librosa.display.specshow` draws them); when false, row 0 is the top row.
/// - Throws: `GraphicsError.invalidInput` if the counts disagree, a side is outside
///   `1...RGBImage.maximumDimension`, or the range bounds are not finite.
public func heatmapImage<T: BinaryFloatingPoint>(
    values: [T], rows: Int, columns: Int, range: ClosedRange<Double>, colorMap: ColorMap, flipVertically: Bool
) throws -> RGBImage {
    try RGBImage.validate(width: columns, height: rows)
    guard values.count == rows * columns else {
        throw GraphicsError.invalidInput("heat map of \(rows) rows x \(columns) columns needs \(rows * columns) values, got \(values.count)")
    }
    guard range.lowerBound.isFinite, range.upperBound.isFinite else {
        throw GraphicsError.invalidInput("heat map range \(range) is not finite")
    }
    let low = range.lowerBound
    let scale = range.upperBound > low ? 1 / (range.upperBound - low) : 0
    var lut = [UInt8](repeating: 0, count: 256 * 3)
    for i in 0..<256 {
        let c = colorMap.rgb(index: i)
        lut[3 * i] = c.r; lut[3 * i + 1] = c.g; lut[3 * i + 2] = c.b
    }
    var pixels = [UInt8](repeating: 0, count: rows * columns * 3)
    for r in 0..<rows {
        let y = flipVertically ? rows - 1 - r : r
        for c in 0..<columns {
            let t = (Double(values[r * columns + c]) - low) * scale
            let k = 3 * colorMap.index(for: t)
            let p = 3 * (y * columns + c)
            pixels[p] = lut[k]; pixels[p + 1] = lut[k + 1]; pixels[p + 2] = lut[k + 2]
        }
    }
    return try RGBImage(width: columns, height: rows, pixels: pixels)
}
