import Foundation
import Testing
@testable import Graphics

@Test func escapingCoversMarkupCharacters() {
    #expect(Markup.escape("a < b & c > d") == "a &lt; b &amp; c &gt; d")
    #expect(Markup.escape("say \"hi\" & 'bye'") == "say &quot;hi&quot; &amp; &#39;bye&#39;")
    #expect(Markup.escape("&amp;") == "&amp;amp;")  // no double-unescaping shortcut
    #expect(Markup.escape("tab\there\nnew") == "tab\there\nnew")
    #expect(Markup.escape("bell\u{07}nul\u{0}") == "bellnul")
    #expect(Markup.escape("Motörhead – ♫ 日本") == "Motörhead – ♫ 日本")
}

@Test func base64MatchesRFC4648Vectors() {
    let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=",
                   "foobar": "Zm9vYmFy"]
    for (plain, encoded) in vectors { #expect(Base64.encode(Array(plain.utf8)) == encoded) }
    #expect(Base64.pngDataURI([0x89]) == "data:image/png;base64,iQ==")
}

@Test func htmlDocumentIsSelfContainedWellFormedAndEscaped() throws {
    var doc = HTMLDocument(title: "Report <1> & \"2\"", subtitle: "input: a&b.wav")
    doc.section("Prediction")
    doc.paragraph("blues <script>alert(1)</script>")
    doc.table(header: ["genre", "p"], rows: [["rock & roll", "0.5"], ["<b>", "0.25"]], caption: "Top", numericColumns: [1])
    doc.section("Prediction")  // duplicate title: unique id
    doc.svg(try SVGChart.horizontalBars(labels: ["a"], values: [0.5]), caption: "bars")
    doc.section("Spectrogram", id: "spec")
    doc.png(PNG.encode(try RGBImage(width: 2, height: 2, fill: RGB(9, 9, 9))), alt: "spec \"x\"")
    let html = doc.render()
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.contains("@media print"))
    #expect(html.contains("<section id=\"prediction\">") && html.contains("<section id=\"prediction-2\">"))
    #expect(html.contains("<section id=\"spec\">"))
    #expect(html.contains("href=\"#spec\""))  // contents list with 3 sections
    #expect(html.contains("<img src=\"data:image/png;base64,iVBORw0KGgo"))
    #expect(!html.contains("<script"))
    #expect(!html.contains("http://") || !html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"))
    #expect(!html.contains("https://") && !html.contains("url("))
    let parsed = try XMLCheck.parse(html).get()
    #expect(parsed.root == "html")
    #expect(parsed.characters.contains("blues <script>alert(1)</script>"))
    #expect(parsed.characters.contains("rock & roll"))
    #expect(parsed.characters.contains("Report <1> & \"2\""))
    #expect(parsed.elements.filter { $0 == "h2" }.count == 3)
    #expect(parsed.elements.contains("svg") && parsed.elements.contains("table"))
}

@Test func slugsAreSafeIDs() {
    #expect(HTMLDocument.slug("Per-fold accuracy (10 folds)") == "per-fold-accuracy-10-folds")
    #expect(HTMLDocument.slug("日本") == "section")
}
