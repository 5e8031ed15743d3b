extension SVGChart {
    /// A scatter plot with one colour per category (from `Palette`), a legend, axis titles and nice ticks; each
    /// point's `label` becomes its hover tooltip and its `link` the target of a click. Axis ranges are the data's, padded by 5% each side.
    /// - Parameters:
    ///   - points: finite coordinates; `category` must index `categories`.
    ///   - categories: names for the legend, in palette order.
    public static func scatter(points: [ScatterPoint], categories: [String], title: String? = nil,
                               xTitle: String? = nil, yTitle: String? = nil,
                               width: Double = 640, height: Double = 440) throws -> String {
        try checkSize(width: width, height: height)
        for (i, p) in points.enumerated() {
            guard p.x.isFinite, p.y.isFinite else {
                throw GraphicsError.invalidInput("scatter point \(i + 1) has non-finite coordinates (\(p.x), \(p.y))")
            }
            guard categories.indices.contains(p.category) else {
                throw GraphicsError.invalidInput("scatter point \(i + 1) has category \(p.category), but there are \(categories.count) categories")
            }
        }
        let legendWidth = min(200, (categories.map { SVGCanvas.textWidth(truncated($0)) }.max() ?? 0) + 36)
        let top = (title == nil ? 12 : titleHeight) + 8
        let xRange = paddedRange(points.map(\.x)), yRange = paddedRange(points.map(\.y))
        let xTicks = Ticks.nice(from: xRange.lowerBound, to: xRange.upperBound, maxCount: 7)
        let yTicks = Ticks.nice(from: yRange.lowerBound, to: yRange.upperBound, maxCount: 7)
        let xStep = xTicks.count > 1 ? xTicks[1] - xTicks[0] : 1, yStep = yTicks.count > 1 ? yTicks[1] - yTicks[0] : 1
        let yLabelWidth = yTicks.map { SVGCanvas.textWidth(Ticks.label($0, step: yStep)) }.max() ?? 10
        let left = yLabelWidth + (yTitle == nil ? 16 : 36)
        let plot = PlotArea(left: left, top: top, width: max(60, width - left - legendWidth - 16),
                            height: max(40, height - top - (xTitle == nil ? 32 : 52)))
        var canvas = SVGCanvas(width: width, height: height)
        drawTitle(title, on: &canvas, width: width)
        plot.drawXAxis(on: &canvas, ticks: xTicks.map { (plot.x($0, in: xRange), Ticks.label($0, step: xStep)) },
                       title: xTitle, grid: true)
        plot.drawYAxis(on: &canvas, ticks: yTicks.map { (plot.y($0, in: yRange), Ticks.label($0, step: yStep)) },
                       title: yTitle, grid: true)
        canvas.line(plot.left, plot.top, plot.right, plot.top, stroke: SVGCanvas.gridColor)
        canvas.line(plot.right, plot.top, plot.right, plot.bottom, stroke: SVGCanvas.gridColor)
        if points.isEmpty { canvas.text("No data", x: plot.left + plot.width / 2, y: plot.top + plot.height / 2, anchor: .middle) }
        // Emphasised points last, so they lie on top, and the others fainter beside them.
        let background = points.contains(where: \.emphasised)
        for p in points.filter({ !$0.emphasised }) + points.filter(\.emphasised) {
            canvas.circle(cx: plot.x(p.x, in: xRange), cy: plot.y(p.y, in: yRange), r: p.emphasised ? 6 : (background ? 3 : 3.5),
                          fill: Palette.color(p.category).hexString, opacity: p.emphasised ? 0.95 : (background ? 0.45 : 0.8),
                          stroke: p.emphasised ? SVGCanvas.axisColor : nil,
                          tooltip: p.label.map { "\($0) (\(categories[p.category]))" }, link: p.link)
        }
        // A few emphasised points are named beside them (more would hide each other; hover names every point).
        let named = points.filter { $0.emphasised && $0.label != nil }
        if named.count <= 30 {
            for p in named {
                canvas.text(truncated(p.label!), x: plot.x(p.x, in: xRange) + 9, y: plot.y(p.y, in: yRange), size: 11, halo: true)
            }
        }
        var y = plot.top + 8
        for (i, name) in categories.enumerated() {
            canvas.circle(cx: plot.right + 22, cy: y, r: 5, fill: Palette.color(i).hexString)
            canvas.text(truncated(name), x: plot.right + 32, y: y)
            y += 18
        }
        return canvas.render(title: title ?? "Scatter plot")
    }

    /// min...max of `values` widened by 5% each side (±1 around a single value; 0...1 when empty).
    static func paddedRange(_ values: [Double]) -> ClosedRange<Double> {
        guard let lo = values.min(), let hi = values.max() else { return 0...1 }
        if lo == hi { return (lo - 1)...(hi + 1) }
        let pad = (hi - lo) * 0.05
        return (lo - pad)...(hi + pad)
    }
}
