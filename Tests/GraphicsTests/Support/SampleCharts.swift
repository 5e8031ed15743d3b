import Foundation
@testable import Graphics

/// One instance of every chart, with awkward labels (markup characters, long names), shared by the XML test and
/// the optional sample report.
enum SampleCharts {
    static let genres = ["blues", "classical", "country", "disco", "hiphop", "jazz", "metal", "pop", "reggae", "rock"]

    static func bars() throws -> String {
        try SVGChart.horizontalBars(labels: genres.map { $0 == "rock" ? "rock & roll <live>" : $0 },
                                    values: [0.62, 0.01, 0.08, 0.03, 0.02, 0.11, 0.0, 0.05, 0.03, 0.05],
                                    title: "Genre probabilities: \"track 01\"", highlight: 0)
    }

    static func confusion() throws -> String {
        var counts = [[Int]](repeating: [Int](repeating: 0, count: 10), count: 10)
        for r in 0..<10 {
            counts[r][r] = 60 + (r * 7) % 30
            counts[r][(r + 1) % 10] = (r * 5) % 17
            counts[r][(r + 3) % 10] = 100 - counts[r][r] - counts[r][(r + 1) % 10]
        }
        return try SVGChart.confusionMatrix(counts: counts, labels: genres, title: "Confusion matrix (10-fold CV)")
    }

    static func scatter() throws -> String {
        var points: [ScatterPoint] = []
        let noise = pseudoRandomBytes(400, seed: 1)
        for i in 0..<200 {
            let g = i % 10
            let angle = Double(g) * 0.628
            points.append(ScatterPoint(x: 3 * cos(angle) + Double(noise[2 * i]) / 128 - 1,
                                       y: 3 * sin(angle) + Double(noise[2 * i + 1]) / 128 - 1,
                                       category: g, label: "\(genres[g]).000\(i % 100).wav"))
        }
        return try SVGChart.scatter(points: points, categories: genres, title: "Tracks in PCA space",
                                    xTitle: "PC 1", yTitle: "PC 2")
    }

    static func folds(style: FoldChartStyle) throws -> String {
        try SVGChart.folds(series: [ChartSeries(name: "kNN", values: [0.71, 0.68, 0.74, 0.7, 0.69]),
                                    ChartSeries(name: "SVM <rbf>", values: [0.78, 0.8, 0.75, 0.79, 0.81])],
                           style: style, title: "Accuracy per fold")
    }

    static func singleFolds() throws -> String {
        try SVGChart.folds(values: [0.812, 0.79, 0.835, 0.8, 0.776, 0.82, 0.805, 0.79, 0.83, 0.81],
                           title: "10-fold accuracy")
    }

    static func timeline() throws -> String {
        let labels = ["rock", "rock", "metal", "metal", "metal", "rock", "blues", "blues", "jazz", "rock"]
        let segments = labels.enumerated().map { TimelineSegment(start: Double($0.offset) * 21, end: Double($0.offset + 1) * 21, label: $0.element) }
        return try SVGChart.segmentTimeline(segments: segments, categories: genres, duration: 210,
                                            title: "Genre over time (30-s windows)")
    }

    static func spectrogramPNG() throws -> [UInt8] {
        let rows = 128, columns = 646
        var values = [Double](repeating: 0, count: rows * columns)
        for r in 0..<rows {
            for c in 0..<columns {
                let harmonic: Double = r % 16 == 0 ? 2 : 1
                let wave: Double = 10 * sin(Double(c) / 15) * harmonic
                values[r * columns + c] = wave - Double(r) * 0.5 - 20
            }
        }
        return PNG.encode(try heatmapImage(values: values, rows: rows, columns: columns, range: -80...0,
                                           colorMap: .magma, flipVertically: true))
    }

    static func spectrogram() throws -> String {
        // Mel-like positions of 0, 512, 1024, 2048, 4096, 8192 Hz on a 128-band axis up to 11025 Hz (illustrative).
        let ticks = [(0.0, "0"), (0.18, "512"), (0.3, "1024"), (0.47, "2048"), (0.66, "4096"), (0.87, "8192")]
            .map { AxisTick(position: $0.0, label: $0.1) }
        return try SVGChart.imageWithAxes(png: spectrogramPNG(), timeRange: 0...30, yTicks: ticks,
                                          title: "Mel spectrogram", colorBar: ColorBar(colorMap: .magma, range: -80...0, label: "dB"))
    }

    static func all() throws -> [(String, String)] {
        [("bars", try bars()), ("confusion", try confusion()), ("scatter", try scatter()),
         ("folds-bars", try folds(style: .bars)), ("folds-lines", try folds(style: .lines)),
         ("folds-single", try singleFolds()), ("timeline", try timeline()), ("spectrogram", try spectrogram())]
    }
}
