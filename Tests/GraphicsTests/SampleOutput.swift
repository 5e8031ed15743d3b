import Foundation
import Testing
@testable import Graphics

/// Writes sample files for eyeballing when GRAPHICS_SAMPLE_DIR is set (e.g. /tmp/graphics-sample); otherwise
/// does nothing. Never needed for the suite to pass.
@Test func writeSampleFilesWhenAsked() throws {
    guard let dir = ProcessInfo.processInfo.environment["GRAPHICS_SAMPLE_DIR"] else { return }
    let directory = URL(fileURLWithPath: dir)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
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
    try PNG.write(image, to: directory.appendingPathComponent("spectrogram.png"))
    try PNG.write(try heatmapImage(values: (0..<256).map { Double($0) }, rows: 1, columns: 256, range: 0...255,
                                   colorMap: .viridis, flipVertically: false),
                  to: directory.appendingPathComponent("viridis.png"))
}
