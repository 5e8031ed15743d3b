import Foundation
import GenreKit
import Graphics

/// The frame of every page: the report's document (its CSS, tables and figures) with the
/// app's links on top, its one script, and the app's extra styles.
enum Page {
    enum Section: String { case collection, map, labels, recording }

    static func document(_ title: String, subtitle: String?, current: Section) -> HTMLDocument {
        var doc = HTMLDocument(title: title, subtitle: subtitle)
        doc.siteLinks = [("Collection", "/", current == .collection), ("Map", "/map", current == .map),
                         ("Labels and models", "/labels", current == .labels)]
        doc.scriptSources = ["/app.js"]
        doc.extraCSS = css
        doc.contentsList = false
        return doc
    }

    /// `text` escaped for HTML text and attribute values.
    static func e(_ text: String) -> String { Markup.escape(text) }

    /// A URL path with query items, percent-encoded.
    static func link(_ path: String, _ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return path }
        var components = URLComponents()
        components.path = path
        components.queryItems = items.map { URLQueryItem(name: $0.0, value: $0.1) }
        // URLComponents leaves + and & alone in values; a form decoder would misread them.
        return components.string?.replacingOccurrences(of: "+", with: "%2B") ?? path
    }

    /// The colour dot of a genre (the charts' colour for its index in the model's classes).
    static func dot(_ genre: String, classes: [String]) -> String {
        let color = Palette.color(classes.firstIndex(of: genre) ?? classes.count).hexString
        return "<span class=\"dot\" style=\"background:\(color)\"></span>"
    }

    static func duration(_ seconds: Double) -> String { ClassificationText.formatDuration(seconds) }

    static let css = """
    body { max-width: 1240px; }
    nav.site { display: flex; gap: 1.6rem; border-bottom: 1px solid #ddd; padding: .2rem 0 .55rem; margin-bottom: 1.2rem; font-weight: 600; }
    nav.site a { color: #1d4f91; text-decoration: none; padding-bottom: .45rem; }
    nav.site a[aria-current] { color: #222; border-bottom: 3px solid #1d4f91; }
    a { color: #1d4f91; }
    header { margin-bottom: 1rem; }
    form.filters { display: flex; flex-wrap: wrap; gap: .7rem 1.1rem; align-items: flex-end; background: #f5f6f8;
      border: 1px solid #e2e4e8; padding: .8rem 1rem; border-radius: 8px; margin: 0 0 .8rem; }
    form.filters label { display: flex; flex-direction: column; gap: .2rem; font-size: .82rem; color: #444; }
    form.filters label.check { flex-direction: row; align-items: center; gap: .35rem; font-size: .9rem; color: #222; padding-bottom: .35rem; }
    input[type=search], input[type=text], select { font: inherit; font-size: .95rem; padding: .3rem .45rem; border: 1px solid #b9bec7; border-radius: 5px; background: #fff; }
    input[type=search] { min-width: 16rem; }
    button, .button { font: inherit; font-size: .92rem; padding: .32rem .85rem; border-radius: 5px; border: 1px solid #1d4f91;
      background: #1d4f91; color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
    button.secondary, .button.secondary { background: #fff; color: #1d4f91; }
    button:disabled { opacity: .55; cursor: default; }
    .toolbar { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: center; justify-content: space-between; margin: .4rem 0; }
    .count { color: #555; }
    table.collection { width: 100%; }
    table.collection td { vertical-align: middle; }
    table.collection td.name a { font-weight: 600; text-decoration: none; }
    table.collection td.name a:hover { text-decoration: underline; }
    .folder { display: block; color: #6b6f76; font-size: .8rem; overflow-wrap: anywhere; }
    th a { color: inherit; text-decoration: none; white-space: nowrap; }
    th a:hover { text-decoration: underline; }
    th.sorted a::after { content: " ▲"; font-size: .75em; }
    th.sorted.desc a::after { content: " ▼"; }
    .dot { display: inline-block; width: .72em; height: .72em; border-radius: 50%; margin-right: .4em; vertical-align: -0.05em; }
    .meter { display: inline-block; width: 3.2rem; height: .5rem; background: #e7e9ec; border-radius: 3px; margin-left: .45rem; vertical-align: middle; overflow: hidden; }
    .meter span { display: block; height: 100%; background: #4e79a7; }
    .chip { display: inline-block; background: #e6eefb; color: #173d73; border-radius: 999px; padding: 0 .6em; margin: .05em .25em .05em 0; font-size: .84rem; white-space: nowrap; }
    .badge { display: inline-block; border-radius: 4px; padding: 0 .4em; font-size: .78rem; margin-left: .35em; }
    .badge.unfamiliar { background: #fde4d4; color: #8a3300; }
    .badge.missing { background: #eee; color: #666; }
    .muted { color: #6b6f76; }
    .notice { background: #fff8e1; border: 1px solid #f1d58a; border-radius: 6px; padding: .6rem .9rem; }
    .player { position: sticky; top: 0; background: #fff; padding: .5rem 0; z-index: 2; border-bottom: 1px solid #eee; }
    audio { width: 100%; }
    .figure-stack img, .figure-stack svg { width: 100%; max-width: 1100px; height: auto; display: block; }
    .figure-stack .spectrogram { min-height: 120px; background: #f4f4f4; }
    svg rect.segment { cursor: pointer; }
    svg rect.segment:hover { opacity: .8; }
    table.windows button { padding: .05rem .5rem; font-size: .82rem; }
    .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(330px, 1fr)); gap: 0 2rem; }
    form.labels { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; }
    form.labels input { min-width: 20rem; }
    .status { margin-left: .6rem; color: #2e7d32; }
    .status.error { color: #b3261e; }
    details summary { cursor: pointer; }
    p.legend { font-size: .86rem; margin-top: .5rem; }
    .annotations { margin: .9rem 0 .4rem; display: flex; flex-wrap: wrap; gap: .4rem .6rem; align-items: center; }
    .annotations p { flex-basis: 100%; margin: .2rem 0 0; font-size: .88rem; }
    """
}
