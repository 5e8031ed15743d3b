/// Namespace of the SVG chart builders. Each returns a standalone SVG document as a string (see `SVGCanvas` for
/// the conventions) and throws `GraphicsError.invalidInput` for mismatched counts or non-finite numbers.
/// Empty data gives a chart with a "No data" note rather than an error, so a report can still be written.
public enum SVGChart {}

/// A labelled position on an axis: `position` is 0 at the start of the axis (left, or bottom) and 1 at its end.
public struct AxisTick: Equatable, Sendable {
    public var position: Double
    public var label: String
    public init(position: Double, label: String) {
        self.position = position
        self.label = label
    }
}

/// One point of a scatter plot; `category` indexes the chart's category names (and colours), `label` becomes a
/// hover tooltip.
public struct ScatterPoint: Equatable, Sendable {
    public var x: Double
    public var y: Double
    public var category: Int
    public var label: String?
    /// Where clicking the point goes (a URL), or nil.
    public var link: String?
    /// Drawn larger, outlined and above the others (e.g. the user's recordings among training tracks).
    public var emphasised: Bool
    public init(x: Double, y: Double, category: Int, label: String? = nil, link: String? = nil, emphasised: Bool = false) {
        self.x = x; self.y = y; self.category = category; self.label = label; self.link = link; self.emphasised = emphasised
    }
}

/// A named list of values, e.g. one algorithm's accuracy per fold.
public struct ChartSeries: Equatable, Sendable {
    public var name: String
    public var values: [Double]
    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }
}

/// A labelled interval on a time axis, in seconds.
public struct TimelineSegment: Equatable, Sendable {
    public var start: Double
    public var end: Double
    public var label: String
    public init(start: Double, end: Double, label: String) {
        self.start = start; self.end = end; self.label = label
    }
}

/// A colour scale legend beside an image: which values the first and last colours stand for, and their unit.
public struct ColorBar: Equatable, Sendable {
    public var colorMap: ColorMap
    public var range: ClosedRange<Double>
    public var label: String
    public init(colorMap: ColorMap, range: ClosedRange<Double>, label: String) {
        self.colorMap = colorMap; self.range = range; self.label = label
    }
}

/// The rectangle data is drawn in, with value-to-pixel mappings and axis drawing shared by the charts.
struct PlotArea {
    var left: Double, top: Double, width: Double, height: Double
    var right: Double { left + width }
    var bottom: Double { top + height }

    func x(_ value: Double, in range: ClosedRange<Double>) -> Double {
        let span = range.upperBound - range.lowerBound
        return left + (span > 0 ? (value - range.lowerBound) / span : 0.5) * width
    }

    func y(_ value: Double, in range: ClosedRange<Double>) -> Double {
        let span = range.upperBound - range.lowerBound
        return bottom - (span > 0 ? (value - range.lowerBound) / span : 0.5) * height
    }

    /// Ticks, labels and light grid lines along the bottom edge, plus the axis title below them.
    func drawXAxis(on canvas: inout SVGCanvas, ticks: [(x: Double, label: String)], title: String?, grid: Bool) {
        canvas.line(left, bottom, right, bottom)
        for tick in ticks {
            if grid { canvas.line(tick.x, top, tick.x, bottom, stroke: SVGCanvas.gridColor) }
            canvas.line(tick.x, bottom, tick.x, bottom + 5)
            canvas.text(tick.label, x: tick.x, y: bottom + 15, anchor: .middle)
        }
        if let title { canvas.text(title, x: left + width / 2, y: bottom + 36, anchor: .middle) }
    }

    /// Ticks, labels and light grid lines along the left edge; the title is rotated beside the labels.
    func drawYAxis(on canvas: inout SVGCanvas, ticks: [(y: Double, label: String)], title: String?, grid: Bool) {
        canvas.line(left, top, left, bottom)
        var widest = 0.0
        for tick in ticks {
            if grid { canvas.line(left, tick.y, right, tick.y, stroke: SVGCanvas.gridColor) }
            canvas.line(left - 5, tick.y, left, tick.y)
            canvas.text(tick.label, x: left - 8, y: tick.y, anchor: .end)
            widest = max(widest, SVGCanvas.textWidth(tick.label))
        }
        if let title {
            canvas.text(title, x: left - widest - 22, y: top + height / 2, anchor: .middle, rotate: -90)
        }
    }
}

extension SVGChart {
    static let titleHeight = 30.0

    static func drawTitle(_ title: String?, on canvas: inout SVGCanvas, width: Double) {
        guard let title, !title.isEmpty else { return }
        canvas.text(title, x: width / 2, y: 16, size: 14, anchor: .middle, bold: true)
    }

    static func checkFinite(_ values: [Double], _ what: String) throws {
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw GraphicsError.invalidInput("\(what) \(bad + 1) is \(values[bad]), not a finite number")
        }
    }

    static func checkSize(width: Double, height: Double) throws {
        guard width.isFinite, height.isFinite, (100...20_000).contains(width), (60...20_000).contains(height) else {
            throw GraphicsError.invalidInput("chart size \(width) x \(height) is outside 100...20000 x 60...20000")
        }
    }

    /// `text` shortened to `limit` characters with an ellipsis, so one long label cannot squeeze the plot away.
    static func truncated(_ text: String, _ limit: Int = 28) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// A horizontal legend of coloured swatches, wrapped into rows; returns the height used.
    @discardableResult
    static func drawLegend(_ entries: [(String, RGB)], on canvas: inout SVGCanvas, x: Double, y: Double,
                           maxWidth: Double, circles: Bool = false) -> Double {
        var cx = x, cy = y
        for (name, color) in entries {
            let label = truncated(name)
            let itemWidth = 18 + SVGCanvas.textWidth(label) + 16
            if cx > x && cx + itemWidth > x + maxWidth { cx = x; cy += 20 }
            if circles {
                canvas.circle(cx: cx + 6, cy: cy, r: 5, fill: color.hexString)
            } else {
                canvas.rect(x: cx, y: cy - 6, width: 12, height: 12, fill: color.hexString)
            }
            canvas.text(label, x: cx + 18, y: cy)
            cx += itemWidth
        }
        return entries.isEmpty ? 0 : cy - y + 20
    }
}
