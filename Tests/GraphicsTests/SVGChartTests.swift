import Foundation
import Testing
@testable import Graphics

@Test func everyChartIsWellFormedStandaloneSVG() throws {
    for (name, svg) in try SampleCharts.all() {
        let parsed: XMLCheck
        switch XMLCheck.parse(svg) {
        case .success(let p): parsed = p
        case .failure(let error):
            Issue.record("\(name): not well-formed XML: \(error)")
            continue
        }
        #expect(parsed.root == "svg", "\(name)")
        #expect(parsed.rootAttributes["xmlns"] == "http://www.w3.org/2000/svg", "\(name)")
        #expect(parsed.rootAttributes["viewBox"]?.hasPrefix("0 0 ") == true, "\(name)")
        #expect(parsed.rootAttributes["font-family"] == "sans-serif", "\(name)")
        #expect(parsed.elements.contains("title"), "\(name)")
        // Nothing refers outside the document except the SVG namespace itself.
        #expect(!parsed.attributeValues.contains { ($0.contains("http") && $0 != "http://www.w3.org/2000/svg") }, "\(name)")
    }
}

@Test func chartTextIsEscapedAndReadBack() throws {
    let parsed = try XMLCheck.parse(try SampleCharts.bars()).get()
    #expect(parsed.characters.contains("rock & roll <live>"))
    #expect(parsed.characters.contains("Genre probabilities: \"track 01\""))
    #expect(parsed.characters.contains("62.0%"))
    let folds = try XMLCheck.parse(try SampleCharts.folds(style: .bars)).get()
    #expect(folds.characters.contains("SVM <rbf>"))
    #expect(folds.characters.contains("mean 78.6%"))  // (0.78 + 0.8 + 0.75 + 0.79 + 0.81) / 5
}

@Test func confusionMatrixShowsCountsAndAxisTitles() throws {
    let svg = try SVGChart.confusionMatrix(counts: [[5, 1], [0, 7]], labels: ["a", "b"])
    let parsed = try XMLCheck.parse(svg).get()
    for text in ["5", "1", "0", "7", "Predicted class", "True class"] {
        #expect(parsed.characters.contains(text))
    }
    // Four cells plus background and frame.
    #expect(parsed.elements.filter { $0 == "rect" }.count == 6)
}

@Test func spectrogramFigureEmbedsPNGAndAxes() throws {
    let png = try SampleCharts.spectrogramPNG()
    let svg = try SampleCharts.spectrogram()
    #expect(svg.contains("href=\"data:image/png;base64,\(Base64.encode(png))\""))
    let parsed = try XMLCheck.parse(svg).get()
    for text in ["Time (s)", "Frequency (Hz)", "4096", "dB", "30", "-80"] {
        #expect(parsed.characters.contains(text), "\(text)")
    }
}

@Test func timelineUsesCategoryColoursAndMinutes() throws {
    let svg = try SampleCharts.timeline()
    // "metal" is category 6 of the given list: tab10's pink.
    #expect(svg.contains("fill=\"\(Palette.color(6).hexString)\""))
    let parsed = try XMLCheck.parse(svg).get()
    #expect(parsed.characters.contains("Time (m:ss)"))
    #expect(parsed.characters.contains("1:00"))
    #expect(parsed.characters.contains("jazz"))
    #expect(!parsed.characters.contains("pop"))  // legend lists only labels that occur
}

@Test func barsTakeOneColourEach() throws {
    let svg = try SVGChart.horizontalBars(labels: ["a", "b"], values: [0.7, 0.3], highlight: 0,
                                          colors: [RGB(hex: 0x112233), RGB(hex: 0x445566)])
    #expect(svg.contains("fill=\"#112233\"><title>a: 70"))
    #expect(svg.contains("fill=\"#445566\"><title>b: 30"))
}

@Test func chartsRejectBadInput() {
    #expect(throws: GraphicsError.self) { try SVGChart.horizontalBars(labels: ["a"], values: [0.1, 0.2]) }
    #expect(throws: GraphicsError.self) { try SVGChart.horizontalBars(labels: ["a"], values: [.nan]) }
    #expect(throws: GraphicsError.self) { try SVGChart.horizontalBars(labels: ["a", "b"], values: [0.1, 0.2], colors: [RGB(hex: 0)]) }
    #expect(throws: GraphicsError.self) { try SVGChart.confusionMatrix(counts: [[1, 2], [3]], labels: ["a", "b"]) }
    #expect(throws: GraphicsError.self) { try SVGChart.confusionMatrix(counts: [[1]], labels: ["a", "b"]) }
    #expect(throws: GraphicsError.self) { try SVGChart.confusionMatrix(counts: [[-1]], labels: ["a"]) }
    #expect(throws: GraphicsError.self) {
        try SVGChart.scatter(points: [ScatterPoint(x: 0, y: 0, category: 3)], categories: ["a"])
    }
    #expect(throws: GraphicsError.self) {
        try SVGChart.scatter(points: [ScatterPoint(x: .infinity, y: 0, category: 0)], categories: ["a"])
    }
    #expect(throws: GraphicsError.self) { try SVGChart.folds(values: [0.5], yRange: 1...1) }
    #expect(throws: GraphicsError.self) {
        try SVGChart.segmentTimeline(segments: [TimelineSegment(start: 5, end: 2, label: "x")])
    }
    #expect(throws: GraphicsError.self) {
        try SVGChart.imageWithAxes(png: [1, 2, 3], timeRange: 0...1, yTicks: [])
    }
    #expect(throws: GraphicsError.self) { try SVGChart.scatter(points: [], categories: [], width: 1e9) }
}

@Test func emptyChartsStillRender() throws {
    for svg in [try SVGChart.horizontalBars(labels: [], values: []),
                try SVGChart.confusionMatrix(counts: [], labels: []),
                try SVGChart.scatter(points: [], categories: []),
                try SVGChart.folds(values: []),
                try SVGChart.segmentTimeline(segments: [])] {
        let parsed = try XMLCheck.parse(svg).get()
        #expect(parsed.characters.contains("No data"))
    }
}

@Test func timelineMergesRunsOfEqualLabels() {
    let segments = [TimelineSegment(start: 0, end: 3, label: "a"), TimelineSegment(start: 3, end: 6, label: "a"),
                    TimelineSegment(start: 5, end: 8, label: "a"), TimelineSegment(start: 8, end: 9, label: "b"),
                    TimelineSegment(start: 10, end: 12, label: "b")]
    #expect(SVGChart.merged(segments) == [TimelineSegment(start: 0, end: 8, label: "a"),
                                          TimelineSegment(start: 8, end: 9, label: "b"),
                                          TimelineSegment(start: 10, end: 12, label: "b")])
}
