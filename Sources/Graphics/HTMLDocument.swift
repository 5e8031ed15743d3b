import Foundation

/// Builds a self-contained HTML report: inline CSS (screen and print), no scripts, no external URLs — images are
/// data URIs and charts inline SVG, so the single file can be mailed, archived and printed as is.
///
/// The output is also well-formed XML (void elements self-closed, everything escaped), so it can be checked with
/// an XML parser.
///
///     var doc = HTMLDocument(title: "Genre report")
///     doc.section("Prediction")
///     doc.paragraph("Most likely: blues (81%).")
///     doc.svg(try SVGChart.horizontalBars(labels: names, values: probabilities))
///     try doc.render().write(...)
public struct HTMLDocument: Sendable {
    public let title: String
    /// Links above the title (a site's pages), the current one marked; none in a report.
    public var siteLinks: [(title: String, href: String, current: Bool)] = []
    /// Same-origin scripts loaded by the page (`<script src defer>`); none in a report.
    public var scriptSources: [String] = []
    /// CSS added after the report's own.
    public var extraCSS = ""
    /// A list of the sections (links) under the title, when there are at least three.
    public var contentsList = true
    private var intro: [String] = []
    private var sections: [(id: String, title: String, body: [String])] = []
    private var usedIDs: Set<String> = []

    /// - Parameter subtitle: a line under the title (e.g. date, model, input), or nil.
    public init(title: String, subtitle: String? = nil) {
        self.title = title
        if let subtitle { intro.append("<p class=\"subtitle\">\(Markup.escape(subtitle))</p>") }
    }

    /// Starts a new section with an `<h2>`; later content goes into it. `id` (for links) defaults to a slug of the
    /// title; ids are made unique by numbering.
    public mutating func section(_ title: String, id: String? = nil) {
        let base = HTMLDocument.slug(id ?? title)
        var candidate = base, k = 2
        while usedIDs.contains(candidate) { candidate = "\(base)-\(k)"; k += 1 }
        usedIDs.insert(candidate)
        sections.append((candidate, title, []))
    }

    /// A paragraph of plain text (escaped).
    public mutating func paragraph(_ text: String) {
        append("<p>\(Markup.escape(text))</p>")
    }

    /// A subheading (`<h3>`) inside the current section.
    public mutating func subheading(_ text: String) {
        append("<h3>\(Markup.escape(text))</h3>")
    }

    /// A table; every cell is escaped. Columns listed in `numericColumns` are right-aligned with tabular digits.
    public mutating func table(header: [String], rows: [[String]], caption: String? = nil,
                               numericColumns: Set<Int> = []) {
        var s = "<table>\n"
        if let caption { s += "<caption>\(Markup.escape(caption))</caption>\n" }
        func cell(_ tag: String, _ text: String, _ column: Int) -> String {
            let cls = numericColumns.contains(column) ? " class=\"num\"" : ""
            return "<\(tag)\(cls)>\(Markup.escape(text))</\(tag)>"
        }
        if !header.isEmpty {
            s += "<thead><tr>" + header.enumerated().map { cell("th", $0.element, $0.offset) }.joined() + "</tr></thead>\n"
        }
        s += "<tbody>\n"
        for row in rows {
            s += "<tr>" + row.enumerated().map { cell("td", $0.element, $0.offset) }.joined() + "</tr>\n"
        }
        append(s + "</tbody>\n</table>")
    }

    /// An SVG document (as returned by `SVGChart`) inline in a figure; any XML declaration is dropped.
    /// The SVG is inserted as is: it must come from a trusted builder, not from user input.
    public mutating func svg(_ svg: String, caption: String? = nil) {
        var body = svg
        if body.hasPrefix("<?xml"), let end = body.range(of: "?>") { body = String(body[end.upperBound...]) }
        append(figure(body.trimmingCharacters(in: .whitespacesAndNewlines), caption: caption))
    }

    /// PNG file bytes as an `<img>` with a data URI.
    public mutating func png(_ png: [UInt8], alt: String, caption: String? = nil) {
        append(figure("<img src=\"\(Base64.pngDataURI(png))\" alt=\"\(Markup.escape(alt))\"/>", caption: caption))
    }

    /// Trusted HTML inserted verbatim (it must be well-formed and self-contained; nothing checks it).
    public mutating func raw(_ html: String) {
        append(html)
    }

    /// The complete document. A contents list is included when there are at least three sections.
    public func render() -> String {
        var s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        s += "<title>\(Markup.escape(title))</title>\n<style>\n\(HTMLDocument.css)\(extraCSS)</style>\n"
        for script in scriptSources { s += "<script src=\"\(Markup.escape(script))\" defer=\"defer\"></script>\n" }
        s += "</head>\n<body>\n"
        if !siteLinks.isEmpty {
            s += "<nav class=\"site\">" + siteLinks.map { link in
                "<a href=\"\(Markup.escape(link.href))\"\(link.current ? " aria-current=\"page\"" : "")>\(Markup.escape(link.title))</a>"
            }.joined(separator: " ") + "</nav>\n"
        }
        s += "<header>\n<h1>\(Markup.escape(title))</h1>\n" + intro.joined(separator: "\n") + "\n</header>\n"
        if contentsList && sections.count >= 3 {
            s += "<nav>\n<ul>\n"
            for section in sections {
                s += "<li><a href=\"#\(section.id)\">\(Markup.escape(section.title))</a></li>\n"
            }
            s += "</ul>\n</nav>\n"
        }
        for section in sections {
            s += "<section id=\"\(section.id)\">\n<h2>\(Markup.escape(section.title))</h2>\n"
            s += section.body.joined(separator: "\n") + "\n</section>\n"
        }
        return s + "</body>\n</html>\n"
    }

    private mutating func append(_ html: String) {
        if sections.isEmpty { intro.append(html) } else { sections[sections.count - 1].body.append(html) }
    }

    private func figure(_ content: String, caption: String?) -> String {
        var s = "<figure>\n" + content + "\n"
        if let caption { s += "<figcaption>\(Markup.escape(caption))</figcaption>\n" }
        return s + "</figure>"
    }

    /// Lower-case ASCII letters, digits and hyphens; "section" if nothing is left.
    static func slug(_ text: String) -> String {
        var out = ""
        var lastHyphen = true
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                out.unicodeScalars.append(scalar); lastHyphen = false
            } else if !lastHyphen {
                out += "-"; lastHyphen = true
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "section" : out
    }

    /// Readable on screen, black-on-white and page-break aware in print; system fonts only.
    static let css = """
    :root { color-scheme: light; }
    body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #222;
      background: #fff; max-width: 1100px; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.45; }
    h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
    h2 { font-size: 1.3rem; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid #ccc; }
    h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
    .subtitle { color: #555; margin-top: 0; }
    nav ul { margin: .5rem 0 1rem; padding-left: 1.2rem; columns: 2; }
    figure { margin: 1rem 0; }
    figure svg, figure img { max-width: 100%; height: auto; display: block; }
    figcaption { font-size: .9rem; color: #555; margin-top: .3rem; }
    table { border-collapse: collapse; margin: .8rem 0; font-size: .92rem; }
    caption { text-align: left; font-weight: 600; padding-bottom: .3rem; }
    th, td { border: 1px solid #ccc; padding: .25rem .6rem; text-align: left; vertical-align: top; }
    th { background: #f2f2f2; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    tbody tr:nth-child(even) td { background: #fafafa; }
    @media print {
      body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
      nav { display: none; }
      h2 { break-after: avoid; page-break-after: avoid; }
      figure, table { break-inside: avoid; page-break-inside: avoid; }
      tbody tr:nth-child(even) td, th { background: none; }
      a { color: inherit; text-decoration: none; }
    }

    """
}
