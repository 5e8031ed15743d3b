/// Accumulates SVG elements and wraps them in a standalone, scalable document.
///
/// Output conventions (so the files print and paste well): `xmlns` on the root, a `viewBox` equal to the nominal
/// size (the figure scales without distortion), a white background rectangle, the generic `sans-serif` font
/// family (no web fonts), every text node and attribute escaped.
struct SVGCanvas {
    let width: Double
    let height: Double
    private var elements: [String] = []

    static let fontSize = 12.0
    static let textColor = "#222222"
    static let gridColor = "#dddddd"
    static let axisColor = "#555555"

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    enum Anchor: String { case start, middle, end }

    /// A rough width of `text` at `size` in a typical sans-serif face (average advance about 0.58 em), for layout.
    static func textWidth(_ text: String, size: Double = fontSize) -> Double {
        Double(text.count) * size * 0.58
    }

    mutating func raw(_ element: String) { elements.append(element) }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                       stroke: String? = nil, tooltip: String? = nil, extra: String = "") {
        let n = Markup.number
        var s = "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, width)))\" height=\"\(n(max(0, height)))\" fill=\"\(fill)\""
        if let stroke { s += " stroke=\"\(stroke)\" stroke-width=\"1\"" }
        if !extra.isEmpty { s += " " + extra }
        if let tooltip { s += "><title>\(Markup.escape(tooltip))</title></rect>" } else { s += "/>" }
        elements.append(s)
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = axisColor,
                       width: Double = 1, dash: String? = nil) {
        let n = Markup.number
        var s = "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\""
        if let dash { s += " stroke-dasharray=\"\(dash)\"" }
        elements.append(s + "/>")
    }

    mutating func circle(cx: Double, cy: Double, r: Double, fill: String, opacity: Double = 1, stroke: String? = nil,
                         tooltip: String? = nil, link: String? = nil) {
        let n = Markup.number
        var s = "<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"\(n(r))\" fill=\"\(fill)\""
        if opacity < 1 { s += " fill-opacity=\"\(n(opacity))\"" }
        if let stroke { s += " stroke=\"\(stroke)\" stroke-width=\"1.2\"" }
        if let tooltip { s += "><title>\(Markup.escape(tooltip))</title></circle>" } else { s += "/>" }
        if let link { s = "<a href=\"\(Markup.escape(link))\">" + s + "</a>" }
        elements.append(s)
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2) {
        let n = Markup.number
        let list = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        elements.append("<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\" stroke-linejoin=\"round\"/>")
    }

    /// Text whose vertical centre is at `y` (shifted by 0.35 em rather than relying on `dominant-baseline`, which
    /// some SVG renderers and print pipelines ignore). `rotate` turns it about (x, y) in degrees; `halo` outlines
    /// the glyphs in white.
    mutating func text(_ content: String, x: Double, y: Double, size: Double = fontSize, anchor: Anchor = .start,
                       bold: Bool = false, fill: String = textColor, rotate: Double? = nil, halo: Bool = false,
                       outline: Bool = false) {
        let n = Markup.number
        if halo {
            // A white outlined copy underneath keeps the label legible where it crosses lines. Two elements rather
            // than `paint-order`, which not every SVG renderer supports (without it the outline hides the text).
            text(content, x: x, y: y, size: size, anchor: anchor, bold: bold, fill: "#ffffff", rotate: rotate,
                 outline: true)
        }
        var s = "<text x=\"\(n(x))\" y=\"\(n(y))\" dy=\"0.35em\""
        if outline { s += " stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\"" }
        if size != SVGCanvas.fontSize { s += " font-size=\"\(n(size))\"" }
        if anchor != .start { s += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { s += " font-weight=\"bold\"" }
        if fill != SVGCanvas.textColor { s += " fill=\"\(fill)\"" }
        if let rotate { s += " transform=\"rotate(\(n(rotate)) \(n(x)) \(n(y)))\"" }
        elements.append(s + ">\(Markup.escape(content))</text>")
    }

    /// The standalone document. `title` becomes the accessible `<title>` and, when `showTitle`, a heading.
    func render(title: String?) -> String {
        let w = Markup.number(width), h = Markup.number(height)
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(w)\" height=\"\(h)\" "
        s += "viewBox=\"0 0 \(w) \(h)\" font-family=\"sans-serif\" font-size=\"\(Markup.number(SVGCanvas.fontSize))\" "
        s += "fill=\"\(SVGCanvas.textColor)\" role=\"img\">\n"
        if let title { s += "<title>\(Markup.escape(title))</title>\n" }
        s += "<rect width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>\n"
        for element in elements { s += element + "\n" }
        return s + "</svg>\n"
    }
}
