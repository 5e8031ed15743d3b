/// How `SVGChart.folds` draws its series.
public enum FoldChartStyle: Sendable {
    /// Grouped vertical bars, one group per fold.
    case bars
    /// One line with markers per series.
    case lines
}

extension SVGChart {
    /// Accuracy (or any 0...1 score) per cross-validation fold, for one or more series, with each series' mean as
    /// a dashed line. The y axis shows percentages over `yRange`.
    /// - Parameters:
    ///   - series: values per fold; series may differ in length (missing folds are left empty).
    ///   - foldLabels: x labels; default "1", "2", ...
    ///   - yRange: the y axis extent, default 0...1 (values outside are clamped when drawn).
    public static func folds(series: [ChartSeries], style: FoldChartStyle = .bars, foldLabels: [String]? = nil,
                             title: String? = nil, xTitle: String = "Fold", yTitle: String = "Accuracy",
                             yRange: ClosedRange<Double> = 0...1, showMean: Bool = true,
                             width: Double = 640, height: Double = 320) throws -> String {
        try checkSize(width: width, height: height)
        for s in series { try checkFinite(s.values, "\(s.name) fold") }
        guard yRange.lowerBound.isFinite, yRange.upperBound.isFinite, yRange.upperBound > yRange.lowerBound else {
            throw GraphicsError.invalidInput("fold chart y range \(yRange) must be finite and non-empty")
        }
        let foldCount = series.map(\.values.count).max() ?? 0
        let labels = foldLabels ?? (0..<foldCount).map { "\($0 + 1)" }
        guard labels.count >= foldCount else {
            throw GraphicsError.invalidInput("fold chart has \(foldCount) folds but \(labels.count) fold labels")
        }
        var canvas = SVGCanvas(width: width, height: height)
        drawTitle(title, on: &canvas, width: width)
        var top = (title == nil ? 12 : titleHeight) + 6
        if series.count > 1 {
            top += drawLegend(series.enumerated().map { ($0.element.name, Palette.color($0.offset)) },
                              on: &canvas, x: 60, y: top + 4, maxWidth: width - 80)
        }
        let yTicks = Ticks.nice(from: yRange.lowerBound, to: yRange.upperBound, maxCount: 6)
        let yStep = yTicks.count > 1 ? yTicks[1] - yTicks[0] : 0.1
        let yDecimals = max(0, Ticks.decimals(forStep: yStep * 100))
        let plot = PlotArea(left: 76, top: top + 6, width: width - 76 - 90, height: max(40, height - top - 6 - 52))
        plot.drawYAxis(on: &canvas, ticks: yTicks.map { (plot.y($0, in: yRange), Markup.percent($0, decimals: yDecimals)) },
                       title: yTitle, grid: true)
        let slot = foldCount > 0 ? plot.width / Double(foldCount) : plot.width
        plot.drawXAxis(on: &canvas, ticks: (0..<foldCount).map { (plot.left + (Double($0) + 0.5) * slot, truncated(labels[$0], 12)) },
                       title: xTitle, grid: false)
        if foldCount == 0 { canvas.text("No data", x: plot.left + plot.width / 2, y: plot.top + plot.height / 2, anchor: .middle) }
        func clampY(_ v: Double) -> Double { plot.y(min(max(v, yRange.lowerBound), yRange.upperBound), in: yRange) }
        let groupWidth = slot * 0.8
        let barWidth = series.isEmpty ? 0 : groupWidth / Double(series.count)
        var meanLabels: [(y: Double, text: String, color: String)] = []
        // Mean lines first, so bars cover them and value labels (with a halo) stay readable.
        for (k, s) in series.enumerated() where showMean && !s.values.isEmpty {
            let mean = s.values.reduce(0, +) / Double(s.values.count)
            let y = clampY(mean)
            let color = Palette.color(k).hexString
            canvas.line(plot.left, y, plot.right, y, stroke: color, width: 1.5, dash: "6 4")
            meanLabels.append((y, "mean \(Markup.percent(mean))", color))
        }
        for (k, s) in series.enumerated() {
            let color = Palette.color(k).hexString
            switch style {
            case .bars:
                for (i, v) in s.values.enumerated() {
                    let x = plot.left + Double(i) * slot + (slot - groupWidth) / 2 + Double(k) * barWidth
                    let y = clampY(v)
                    canvas.rect(x: x + 1, y: y, width: barWidth - 2, height: plot.bottom - y, fill: color,
                                tooltip: "\(s.name), fold \(labels[i]): \(Markup.percent(v))")
                    if series.count == 1 {
                        canvas.text(Markup.percent(v), x: x + barWidth / 2, y: y - 8, size: 10, anchor: .middle, halo: true)
                    }
                }
            case .lines:
                let points = s.values.enumerated().map { (plot.left + (Double($0.offset) + 0.5) * slot, clampY($0.element)) }
                canvas.polyline(points, stroke: color)
                for (i, p) in points.enumerated() {
                    canvas.circle(cx: p.0, cy: p.1, r: 3.5, fill: color, tooltip: "\(s.name), fold \(labels[i]): \(Markup.percent(s.values[i]))")
                }
            }
        }
        // Close means would print on top of each other: push labels apart to at least 13 units, top to bottom.
        meanLabels.sort { $0.y < $1.y }
        var lastY = -Double.infinity
        for label in meanLabels {
            let y = max(label.y, lastY + 13)
            canvas.text(label.text, x: plot.right + 6, y: y, size: 11, fill: label.color)
            lastY = y
        }
        return canvas.render(title: title ?? "Accuracy per fold")
    }

    /// `folds(series:)` for a single unnamed series.
    public static func folds(values: [Double], style: FoldChartStyle = .bars, title: String? = nil,
                             yRange: ClosedRange<Double> = 0...1) throws -> String {
        try folds(series: [ChartSeries(name: "accuracy", values: values)], style: style, title: title, yRange: yRange)
    }
}
