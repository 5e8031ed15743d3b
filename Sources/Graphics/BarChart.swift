extension SVGChart {
    /// Horizontal bars for values in 0...1 (e.g. genre probabilities), one per label, each annotated with its
    /// percentage; an axis at 0, 25, 50, 75 and 100 %.
    /// - Parameters:
    ///   - labels: one per bar, drawn top to bottom in the given order; long labels are truncated.
    ///   - values: same count; bars are clamped to 0...1, the printed percentage is the value itself.
    ///   - highlight: index of a bar to draw in the accent colour (e.g. the predicted class), or nil; it is also
    ///     drawn with a bold label.
    ///   - colors: one fill per bar (e.g. each genre's `Palette` colour, so bars match a timeline's legend);
    ///     nil draws every bar in `color` and the highlighted one in `highlightColor`.
    ///   - width: nominal width in SVG units (the viewBox scales it).
    public static func horizontalBars(labels: [String], values: [Double], title: String? = nil, width: Double = 560,
                                      color: RGB = Palette.color(0), highlight: Int? = nil,
                                      highlightColor: RGB = Palette.color(1), colors: [RGB]? = nil) throws -> String {
        guard labels.count == values.count else {
            throw GraphicsError.invalidInput("bar chart has \(labels.count) labels but \(values.count) values")
        }
        if let colors, colors.count != labels.count {
            throw GraphicsError.invalidInput("bar chart has \(labels.count) labels but \(colors.count) colours")
        }
        try checkFinite(values, "bar value")
        let shown = labels.map { truncated($0) }
        let labelWidth = min(220, (shown.map { SVGCanvas.textWidth($0) }.max() ?? 0) + 12)
        let rowHeight = 24.0
        let top = (title == nil ? 10 : titleHeight) + 6
        let height = top + Double(max(1, values.count)) * rowHeight + 36
        try checkSize(width: width, height: height)
        let plot = PlotArea(left: 10 + labelWidth, top: top, width: max(40, width - labelWidth - 70), height: Double(max(1, values.count)) * rowHeight)
        var canvas = SVGCanvas(width: width, height: height)
        drawTitle(title, on: &canvas, width: width)
        let ticks = [0.0, 0.25, 0.5, 0.75, 1].map { (x: plot.x($0, in: 0...1), label: Markup.percent($0, decimals: 0)) }
        plot.drawXAxis(on: &canvas, ticks: ticks, title: nil, grid: true)
        if values.isEmpty {
            canvas.text("No data", x: plot.left + plot.width / 2, y: plot.top + rowHeight / 2, anchor: .middle)
        }
        for (i, value) in values.enumerated() {
            let yMid = plot.top + (Double(i) + 0.5) * rowHeight
            let fill = colors?[i] ?? (i == highlight ? highlightColor : color)
            let end = plot.x(min(max(value, 0), 1), in: 0...1)
            canvas.rect(x: plot.left, y: yMid - 8, width: end - plot.left, height: 16, fill: fill.hexString,
                        tooltip: "\(labels[i]): \(Markup.percent(value))")
            canvas.text(shown[i], x: plot.left - 8, y: yMid, anchor: .end, bold: i == highlight)
            canvas.text(Markup.percent(value), x: end + 5, y: yMid, size: 11)
        }
        canvas.line(plot.left, plot.top, plot.left, plot.bottom)
        return canvas.render(title: title ?? "Bar chart")
    }
}
