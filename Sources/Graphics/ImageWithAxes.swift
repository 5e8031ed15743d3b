extension SVGChart {
    /// A PNG (e.g. a spectrogram from `heatmapImage` + `PNG.encode`) embedded as a data URI and framed with a time
    /// axis (nice ticks, seconds or m:ss) and a labelled vertical axis (e.g. Hz at positions the caller computed
    /// from its frequency scale), plus an optional colour bar.
    /// - Parameters:
    ///   - png: the PNG file bytes; it is stretched to `plotWidth` x `plotHeight`.
    ///   - timeRange: seconds at the left and right image edges.
    ///   - yTicks: labels at positions 0 (bottom edge) ... 1 (top edge); positions outside are ignored.
    public static func imageWithAxes(png: [UInt8], timeRange: ClosedRange<Double>, yTicks: [AxisTick],
                                     title: String? = nil, yTitle: String = "Frequency (Hz)", colorBar: ColorBar? = nil,
                                     plotWidth: Double = 540, plotHeight: Double = 240) throws -> String {
        guard png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            throw GraphicsError.invalidInput("image data is not a PNG file")
        }
        guard timeRange.lowerBound.isFinite, timeRange.upperBound.isFinite else {
            throw GraphicsError.invalidInput("time range \(timeRange) is not finite")
        }
        if let colorBar, !(colorBar.range.lowerBound.isFinite && colorBar.range.upperBound.isFinite) {
            throw GraphicsError.invalidInput("colour bar range \(colorBar.range) is not finite")
        }
        let shownTicks = yTicks.filter { $0.position.isFinite && (0...1).contains($0.position) }
        let top = (title == nil ? 12 : titleHeight) + 6
        let plot = PlotArea(left: imagePlotLeft(yTicks: yTicks), top: top, width: plotWidth, height: plotHeight)
        let barSpace = colorBar == nil ? 20.0 : 90
        let width = plot.right + barSpace, height = plot.bottom + 52
        try checkSize(width: width, height: height)
        var canvas = SVGCanvas(width: width, height: height)
        drawTitle(title, on: &canvas, width: width)
        let n = Markup.number
        canvas.raw("<image x=\"\(n(plot.left))\" y=\"\(n(plot.top))\" width=\"\(n(plot.width))\" height=\"\(n(plot.height))\" preserveAspectRatio=\"none\" href=\"\(Base64.pngDataURI(png))\"/>")
        canvas.rect(x: plot.left, y: plot.top, width: plot.width, height: plot.height, fill: "none", stroke: SVGCanvas.axisColor)

        let lo = timeRange.lowerBound, hi = timeRange.upperBound
        let useMinutes = hi - lo >= 60
        let ticks = Ticks.niceTime(from: lo, to: hi, maxCount: max(3, Int(plot.width / 70)))
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        plot.drawXAxis(on: &canvas, ticks: ticks.map { (plot.x($0, in: timeRange), Ticks.timeLabel($0, step: step, useMinutes: useMinutes)) },
                       title: useMinutes ? "Time (m:ss)" : "Time (s)", grid: false)
        plot.drawYAxis(on: &canvas, ticks: shownTicks.map { (plot.bottom - $0.position * plot.height, $0.label) },
                       title: yTitle, grid: false)

        if let colorBar {
            let x = plot.right + 14, steps = 64
            let range = colorBar.range
            for k in 0..<steps {
                let y0 = plot.bottom - Double(k + 1) * plot.height / Double(steps)
                canvas.rect(x: x, y: y0, width: 14, height: plot.height / Double(steps) + 0.5,
                            fill: colorBar.colorMap.rgb(at: (Double(k) + 0.5) / Double(steps)).hexString)
            }
            canvas.rect(x: x, y: plot.top, width: 14, height: plot.height, fill: "none", stroke: SVGCanvas.axisColor)
            let barTicks = Ticks.nice(from: range.lowerBound, to: range.upperBound, maxCount: 6)
            let barStep = barTicks.count > 1 ? barTicks[1] - barTicks[0] : 1
            let barArea = PlotArea(left: x, top: plot.top, width: 14, height: plot.height)
            for t in barTicks {
                let y = barArea.y(t, in: range)
                canvas.line(x + 14, y, x + 18, y)
                canvas.text(Ticks.label(t, step: barStep), x: x + 21, y: y, size: 11)
            }
            canvas.text(colorBar.label, x: x + 7, y: plot.bottom + 16, size: 11, anchor: .middle)
        }
        return canvas.render(title: title ?? "Image")
    }

    /// Where `imageWithAxes` puts the image's left edge for these tick labels, so another chart (a timeline)
    /// can line its time axis up with the image's.
    public static func imagePlotLeft(yTicks: [AxisTick]) -> Double {
        let shown = yTicks.filter { $0.position.isFinite && (0...1).contains($0.position) }
        return (shown.map { SVGCanvas.textWidth($0.label) }.max() ?? 10) + 40
    }
}
