/// One bin of a reliability diagram as the chart needs it: its confidence interval, how many
/// predictions fell in it, their mean top probability and their accuracy.
public struct ReliabilityBar: Equatable, Sendable {
    public var lower: Double, upper: Double
    public var count: Int
    public var confidence: Double, accuracy: Double
    public init(lower: Double, upper: Double, count: Int, confidence: Double, accuracy: Double) {
        self.lower = lower; self.upper = upper; self.count = count; self.confidence = confidence; self.accuracy = accuracy
    }
}

extension SVGChart {
    /// A reliability diagram (Guo et al. 2017, figure 1; scikit-learn's `CalibrationDisplay` for
    /// the top class): for each confidence bin a bar as tall as the bin's accuracy, a marker at
    /// (mean confidence, accuracy) and the diagonal that perfect calibration would follow; bars
    /// below the diagonal mean over-confidence. Below, a strip shows how many predictions each bin
    /// holds. Empty bins are left blank. Both axes run over 0...1 (as percentages).
    public static func reliability(bins: [ReliabilityBar], title: String? = nil, width: Double = 560,
                                   height: Double = 460) throws -> String {
        try checkSize(width: width, height: height)
        for (i, b) in bins.enumerated() {
            guard [b.lower, b.upper, b.confidence, b.accuracy].allSatisfy(\.isFinite), b.lower < b.upper, b.count >= 0 else {
                throw GraphicsError.invalidInput("reliability bin \(i + 1) is not a finite, non-empty interval with a count")
            }
        }
        var canvas = SVGCanvas(width: width, height: height)
        drawTitle(title, on: &canvas, width: width)
        let top = (title == nil ? 12 : titleHeight) + 8
        let stripHeight = 46.0
        let plot = PlotArea(left: 70, top: top, width: max(60, width - 70 - 24),
                            height: max(40, height - top - 52 - stripHeight - 14))
        let unit: ClosedRange<Double> = 0...1
        let ticks = stride(from: 0.0, through: 1.0, by: 0.2).map { $0 }
        plot.drawYAxis(on: &canvas, ticks: ticks.map { (plot.y($0, in: unit), Markup.percent($0, decimals: 0)) },
                       title: "Accuracy", grid: true)
        // The bin-count strip sits under the plot; the x axis goes under the strip.
        let strip = PlotArea(left: plot.left, top: plot.bottom + 14, width: plot.width, height: stripHeight)
        canvas.line(plot.left, plot.bottom, plot.right, plot.bottom)
        strip.drawXAxis(on: &canvas, ticks: ticks.map { (strip.x($0, in: unit), Markup.percent($0, decimals: 0)) },
                        title: "Confidence (top probability)", grid: false)
        canvas.line(plot.left, plot.bottom, plot.right, plot.top, stroke: "#888888", width: 1.5, dash: "6 4")
        let total = bins.reduce(0) { $0 + $1.count }
        let most = bins.map(\.count).max() ?? 0
        let barColor = Palette.color(0).hexString, gap = RGB(hex: 0xe4572e)
        for b in bins where b.count > 0 {
            let x0 = plot.x(b.lower, in: unit), x1 = plot.x(b.upper, in: unit)
            let yAccuracy = plot.y(min(max(b.accuracy, 0), 1), in: unit), yConfidence = plot.y(min(max(b.confidence, 0), 1), in: unit)
            let tip = "\(Markup.percent(b.lower, decimals: 0))–\(Markup.percent(b.upper, decimals: 0)): \(b.count) predictions, "
                + "mean confidence \(Markup.percent(b.confidence)), accuracy \(Markup.percent(b.accuracy))"
            canvas.rect(x: x0 + 1, y: yAccuracy, width: x1 - x0 - 2, height: plot.bottom - yAccuracy, fill: barColor, tooltip: tip)
            // The gap between accuracy and confidence, shaded in a warning colour.
            canvas.rect(x: x0 + 1, y: min(yAccuracy, yConfidence), width: x1 - x0 - 2, height: abs(yAccuracy - yConfidence),
                        fill: gap.hexString, extra: "fill-opacity=\"0.35\"")
            canvas.circle(cx: plot.x(b.confidence, in: unit), cy: yAccuracy, r: 3, fill: SVGCanvas.textColor, tooltip: tip)
            let h = most > 0 ? Double(b.count) / Double(most) * (stripHeight - 4) : 0
            canvas.rect(x: x0 + 1, y: strip.bottom - h, width: x1 - x0 - 2, height: h, fill: "#999999", tooltip: tip)
        }
        canvas.line(strip.left, strip.bottom, strip.right, strip.bottom)
        canvas.text("predictions per bin (\(total) in all)", x: strip.left + 4, y: strip.top + 6, size: 10)
        if total == 0 { canvas.text("No data", x: plot.left + plot.width / 2, y: plot.top + plot.height / 2, anchor: .middle) }
        drawLegend([("accuracy", Palette.color(0)), ("gap to confidence", gap)],
                   on: &canvas, x: plot.left + 10, y: plot.top + 10, maxWidth: plot.width - 20)
        return canvas.render(title: title ?? "Reliability diagram")
    }
}
