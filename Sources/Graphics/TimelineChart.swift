extension SVGChart {
    /// Labelled segments (e.g. the predicted genre of each window of a long recording) as coloured blocks along a
    /// time axis, with a legend. Colours come from `Palette` by category order.
    /// - Parameters:
    ///   - segments: `start <= end`, finite, non-negative seconds; later segments are drawn over earlier ones.
    ///   - categories: the label order for colours and legend (labels not listed are appended in order of first
    ///     appearance); nil uses first appearance only. Pass the model's class list to keep colours stable
    ///     across charts.
    ///   - duration: the axis end; default the last segment end.
    ///   - plotLeft, plotWidth: place the time axis (e.g. under a spectrogram from `imageWithAxes`, using
    ///     `imagePlotLeft`); default 24 units from the left, spanning the width less 48.
    public static func segmentTimeline(segments: [TimelineSegment], categories: [String]? = nil,
                                       duration: Double? = nil, title: String? = nil,
                                       width: Double = 640, plotLeft: Double? = nil, plotWidth: Double? = nil) throws -> String {
        for (i, s) in segments.enumerated() {
            guard s.start.isFinite, s.end.isFinite, s.start >= 0, s.start <= s.end else {
                throw GraphicsError.invalidInput("segment \(i + 1) (\(s.label)) has bad times \(s.start)...\(s.end)")
            }
        }
        if let duration, !(duration.isFinite && duration > 0) {
            throw GraphicsError.invalidInput("timeline duration \(duration) must be a positive number of seconds")
        }
        var order = categories ?? []
        for s in segments where !order.contains(s.label) { order.append(s.label) }
        let colorIndex = Dictionary(order.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let end = duration ?? max(segments.map(\.end).max() ?? 0, 1e-9)
        let span = end > 0 ? 0...end : 0...1
        let useMinutes = end >= 60
        let top = (title == nil ? 12 : titleHeight) + 6
        let left = plotLeft ?? 24
        let plot = PlotArea(left: left, top: top, width: min(plotWidth ?? (width - 48), width - left - 8), height: 36)
        // Legend height is only known after layout; draw it on a scratch canvas first to measure.
        var scratch = SVGCanvas(width: width, height: 100)
        let legendEntries = order.filter { label in segments.contains { $0.label == label } }.map { ($0, Palette.color(colorIndex[$0] ?? 0)) }
        let legendHeight = drawLegend(legendEntries, on: &scratch, x: plot.left, y: 0, maxWidth: plot.width)
        let height = plot.bottom + 56 + legendHeight + 8
        try checkSize(width: width, height: height)
        var canvas = SVGCanvas(width: width, height: height)
        drawTitle(title, on: &canvas, width: width)
        canvas.rect(x: plot.left, y: plot.top, width: plot.width, height: plot.height, fill: "#f4f4f4")
        for s in merged(segments) {
            let x0 = plot.x(min(s.start, end), in: span), x1 = plot.x(min(s.end, end), in: span)
            let tip = "\(s.label): \(Ticks.timeLabel(s.start, step: 0.1, useMinutes: useMinutes))–\(Ticks.timeLabel(s.end, step: 0.1, useMinutes: useMinutes))"
            // data-start/data-end let a page act on a click (e.g. play the recording from there).
            canvas.rect(x: x0, y: plot.top, width: max(x1 - x0, 0.5), height: plot.height,
                        fill: Palette.color(colorIndex[s.label] ?? 0).hexString, tooltip: tip,
                        extra: "class=\"segment\" data-start=\"\(Markup.number(s.start))\" data-end=\"\(Markup.number(s.end))\"")
        }
        let ticks = Ticks.niceTime(from: 0, to: end, maxCount: max(3, Int(plot.width / 70)))
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        plot.drawXAxis(on: &canvas, ticks: ticks.map { (plot.x($0, in: span), Ticks.timeLabel($0, step: step, useMinutes: useMinutes)) },
                       title: useMinutes ? "Time (m:ss)" : "Time (s)", grid: false)
        if segments.isEmpty { canvas.text("No data", x: plot.left + plot.width / 2, y: plot.top + plot.height / 2, anchor: .middle) }
        drawLegend(legendEntries, on: &canvas, x: plot.left, y: plot.bottom + 60, maxWidth: plot.width)
        return canvas.render(title: title ?? "Timeline")
    }

    /// Consecutive segments with the same label that touch or overlap become one, so a run of equal windows is
    /// drawn as one block (adjacent anti-aliased edges would otherwise show hairline seams).
    static func merged(_ segments: [TimelineSegment]) -> [TimelineSegment] {
        var out: [TimelineSegment] = []
        for s in segments {
            if let last = out.last, last.label == s.label, s.start <= last.end + 1e-9, s.start >= last.start {
                out[out.count - 1].end = max(last.end, s.end)
            } else {
                out.append(s)
            }
        }
        return out
    }
}
