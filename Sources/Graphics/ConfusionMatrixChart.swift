extension SVGChart {
    /// A confusion matrix as a heat map: rows are true classes, columns predicted classes (scikit-learn's
    /// `confusion_matrix` layout), each cell showing its count. Cell shade is the count divided by its row total
    /// (the per-class recall on the diagonal), white to dark blue, so rows of different sizes compare fairly.
    /// - Parameters:
    ///   - counts: a square matrix of non-negative counts, `counts[true][predicted]`.
    ///   - labels: class names, one per row.
    public static func confusionMatrix(counts: [[Int]], labels: [String], title: String? = nil,
                                       xTitle: String = "Predicted class", yTitle: String = "True class") throws -> String {
        let n = counts.count
        guard labels.count == n else {
            throw GraphicsError.invalidInput("confusion matrix has \(n) rows but \(labels.count) labels")
        }
        for (r, row) in counts.enumerated() {
            guard row.count == n else {
                throw GraphicsError.invalidInput("confusion matrix row \(r + 1) has \(row.count) cells, expected \(n)")
            }
            if let bad = row.first(where: { $0 < 0 }) {
                throw GraphicsError.invalidInput("confusion matrix row \(r + 1) has a negative count \(bad)")
            }
        }
        guard n <= 200 else { throw GraphicsError.invalidInput("confusion matrix with \(n) classes is too large to draw") }
        let shown = labels.map { truncated($0, 20) }
        let widest = shown.map { SVGCanvas.textWidth($0) }.max() ?? 0
        let cell = n <= 12 ? 44.0 : max(16, 520 / Double(n))
        let valueSize = min(12, cell * 0.3)
        let top = (title == nil ? 10 : titleHeight) + 10
        let plot = PlotArea(left: widest + 44, top: top, width: cell * Double(n), height: cell * Double(n))
        let width = max(plot.right + 20, 200)
        let height = plot.bottom + widest * 0.72 + 46
        var canvas = SVGCanvas(width: width, height: height)
        drawTitle(title, on: &canvas, width: width)
        let dark = RGB(hex: 0x08306B), light = RGB(255, 255, 255)
        if n == 0 { canvas.text("No data", x: width / 2, y: top + 20, anchor: .middle) }
        for (r, row) in counts.enumerated() {
            let total = row.reduce(0, +)
            for (c, count) in row.enumerated() {
                let fraction = total > 0 ? Double(count) / Double(total) : 0
                let fill = light.mixed(with: dark, fraction)
                let x = plot.left + Double(c) * cell, y = plot.top + Double(r) * cell
                canvas.rect(x: x, y: y, width: cell, height: cell, fill: fill.hexString, stroke: "#ffffff",
                            tooltip: "true \(labels[r]), predicted \(labels[c]): \(count) (\(Markup.percent(fraction)) of row)")
                canvas.text("\(count)", x: x + cell / 2, y: y + cell / 2, size: valueSize, anchor: .middle,
                            bold: r == c, fill: fill.luminance < 0.5 ? "#ffffff" : SVGCanvas.textColor)
            }
        }
        canvas.rect(x: plot.left, y: plot.top, width: plot.width, height: plot.height, fill: "none", stroke: SVGCanvas.axisColor)
        let labelSize = min(12, max(8, cell * 0.6))
        for (i, label) in shown.enumerated() {
            let mid = Double(i) * cell + cell / 2
            canvas.text(label, x: plot.left - 6, y: plot.top + mid, size: labelSize, anchor: .end)
            canvas.text(label, x: plot.left + mid, y: plot.bottom + 8, size: labelSize, anchor: .end, rotate: -45)
        }
        canvas.text(xTitle, x: plot.left + plot.width / 2, y: height - 14, anchor: .middle, bold: true)
        canvas.text(yTitle, x: 14, y: plot.top + plot.height / 2, anchor: .middle, bold: true, rotate: -90)
        return canvas.render(title: title ?? "Confusion matrix")
    }
}
