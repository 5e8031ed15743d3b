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

    // Incompressible pixels: exercises stored blocks, for checking with an outside decoder.
    try PNG.write(try RGBImage(width: 300, height: 200, pixels: pseudoRandomBytes(300 * 200 * 3, seed: 4)),
                  to: directory.appendingPathComponent("noise.png"))

    var doc = HTMLDocument(title: "Sample genre report", subtitle: "Every chart of the Graphics module with test data")
    doc.section("Prediction")
    doc.paragraph("Most likely genre: blues (62%). Text with markup characters: <b> & \"quotes\".")
    doc.svg(try SampleCharts.bars(), caption: "Class probabilities for the whole clip.")
    doc.table(header: ["Genre", "Probability"], rows: [["blues", "0.620"], ["jazz", "0.110"], ["rock & roll", "0.050"]],
              caption: "Top three", numericColumns: [1])
    doc.section("Spectrogram")
    doc.svg(try SampleCharts.spectrogram(), caption: "Mel spectrogram with labelled axes.")
    doc.png(try SampleCharts.spectrogramPNG(), alt: "raw spectrogram PNG", caption: "The same PNG as a plain img.")
    doc.section("Timeline")
    doc.svg(try SampleCharts.timeline())
    doc.section("Evaluation")
    doc.svg(try SampleCharts.confusion())
    doc.svg(try SampleCharts.singleFolds())
    doc.svg(try SampleCharts.folds(style: .bars))
    doc.svg(try SampleCharts.folds(style: .lines))
    doc.section("Feature space")
    doc.svg(try SampleCharts.scatter())
    try doc.render().write(to: directory.appendingPathComponent("sample.html"), atomically: true, encoding: .utf8)
    for (name, svg) in try SampleCharts.all() {
        try svg.write(to: directory.appendingPathComponent("\(name).svg"), atomically: true, encoding: .utf8)
    }
}
