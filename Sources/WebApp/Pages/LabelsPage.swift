import Catalog
import Foundation
import GenreKit

/// `/labels`: the user's labels with their recordings, the catalogue's model, and training a
/// personal model from the labels plus GTZAN, which then re-classifies the whole collection.
struct LabelsPage {
    let site: Site

    func html() throws -> String {
        let loaded = try site.model()
        let labels = try site.catalog.labelCounts()
        let isDefault = try site.catalog.setting("model") ?? "default" == "default"
        var doc = Page.document("Labels and models — \(site.name)", subtitle: "Categories of your own, and a model that learns them", current: .labels)
        doc.section("Your labels", id: "labels")
        if labels.isEmpty {
            doc.raw("<p>No recording has a label yet. Open a recording and type labels under its player, or tick recordings in the <a href=\"/\">collection</a> and label them together.</p>")
        } else {
            var s = "<table><thead><tr><th>label</th><th class=\"num\">recordings</th><th>train on it</th></tr></thead><tbody>"
            for l in labels {
                s += "<tr><td><a href=\"\(Page.e(Page.link("/", [("label", l.label)])))\"><span class=\"chip\">\(Page.e(l.label))</span></a></td><td class=\"num\">\(l.count)</td>"
                s += "<td><input type=\"checkbox\" form=\"train\" class=\"train-label\" value=\"\(Page.e(l.label))\" checked=\"checked\" aria-label=\"train on \(Page.e(l.label))\"/></td></tr>"
            }
            doc.raw(s + "</tbody></table>")
            doc.raw("<p class=\"muted\">Untick labels that are not kinds of music (e.g. \"needs review\") before training.</p>")
        }
        doc.section("The model", id: "model")
        let m = loaded.metadata
        doc.paragraph("The collection is classified by \(isDefault ? "the bundled model" : "a personal model"), \"\(m.name)\" (\(m.algorithm)), with \(m.classes.count) genres: \(m.classes.joined(separator: ", ")).")
        doc.subheading("Train a personal model")
        doc.paragraph("A personal model learns the ticked labels as genres of their own, beside GTZAN's ten (a label that is a GTZAN genre adds to it). Every window of a labelled recording is one training example. The new model is kept in the catalogue and every recording is classified again with it, from the features already stored: nothing is decoded again. Labels with only one or two recordings give a model that is unsure of them; label a few more first.")
        doc.raw("""
            <form class="labels" id="train">
            <label for="algorithm">Classifier</label>
            <select id="algorithm" name="algorithm"><option value="stack" selected="selected">stack (the default; about a minute)</option><option value="logistic">logistic regression (seconds)</option><option value="svm">SVM</option><option value="knn">k nearest neighbours</option></select>
            <button type="submit"\(labels.isEmpty ? " disabled=\"disabled\"" : "")>Train and re-classify the collection</button>
            \(isDefault ? "" : "<button type=\"button\" class=\"secondary\" id=\"reset-model\">Go back to the bundled model</button>")
            <span class="status" id="train-status" role="status"></span>
            </form>
            """)
        return doc.render()
    }
}
