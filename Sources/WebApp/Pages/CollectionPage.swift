import Catalog
import Foundation
import Graphics

/// `/`: the collection as a table that sorts (click a heading) and filters (genre, closest
/// genre, label, unfamiliar only, folder, and search over names, labels and metadata), with
/// labels for the selected rows and export of what is shown. Everything works without script
/// except labelling.
struct CollectionPage {
    let site: Site
    let query: CollectionQuery

    func html() throws -> String {
        let model = try site.model()
        let classes = model.model.classes
        let rows = try site.catalog.recordings(query)
        let everything = try site.catalog.recordings(CollectionQuery())
        let failed = try site.catalog.failedFiles()
        let missing = try site.catalog.missingRecordingCount()
        let labels = try site.catalog.labelCounts().map(\.label)
        var subtitle = "\(everything.count) recording\(everything.count == 1 ? "" : "s") · model \(model.metadata.name) (\(model.metadata.algorithm), \(classes.count) genres)"
        if !failed.isEmpty { subtitle += " · \(failed.count) file\(failed.count == 1 ? "" : "s") could not be analysed" }
        var doc = Page.document("Collection — \(site.name)", subtitle: subtitle, current: .collection)
        let folders = Self.folders(everything)
        doc.raw(filters(classes: classes, labels: labels, folders: folders))
        let exportItems = query.queryItems
        doc.raw("""
            <div class="toolbar"><span class="count">\(rows.count == everything.count ? "All \(rows.count)" : "\(rows.count) of \(everything.count)") recording\(everything.count == 1 ? "" : "s")\(missing > 0 && !query.includeMissing ? " · \(missing) whose files are missing not shown" : "")</span>
            <span>Export what is shown: <a href="\(Page.e(Page.link("/export.csv", exportItems)))">CSV</a> · <a href="\(Page.e(Page.link("/export.json", exportItems)))">JSON</a></span></div>
            """)
        if everything.isEmpty && query == CollectionQuery() {
            doc.raw("<p class=\"notice\">The catalogue holds no recordings yet. Add some with <code>genre index FOLDER --catalog \(Page.e(site.catalog.url.path))</code>, then reload this page.</p>")
        } else if rows.isEmpty {
            doc.raw("<p class=\"notice\">No recording matches. <a href=\"/\">Show all recordings</a>.</p>")
        } else {
            doc.raw(labelBar())
            doc.raw(table(rows, classes: classes, commonFolder: Self.commonPrefix(folders)))
            doc.raw("<p class=\"muted legend\"><strong>Probability</strong>: how sure the model is of the genre it names, over the whole recording; read it as “how much like GTZAN's examples of that genre”. <strong>Novelty</strong>: how unusual the recording is for the model, from 0 (like the music it learnt from) to 1; <span class=\"badge unfamiliar\">unfamiliar</span> marks recordings unlike all ten genres, whose genre is only a guess. <strong>Date</strong>: the recording date in the file's metadata, else the file's date. Click a heading to sort.</p>")
        }
        if !failed.isEmpty {
            doc.raw("<details><summary>\(failed.count) file\(failed.count == 1 ? "" : "s") could not be analysed</summary>")
            doc.table(header: ["file", "problem"], rows: failed.map { [$0.path, $0.error] })
            doc.raw("</details>")
        }
        return doc.render()
    }

    /// The folders recordings lie in, for the folder filter.
    static func folders(_ rows: [RecordingSummary]) -> [String] {
        Array(Set(rows.map(\.folder))).sorted()
    }

    func filters(classes: [String], labels: [String], folders: [String]) -> String {
        func options(_ values: [String], selected: String?, none: String) -> String {
            "<option value=\"\">\(Page.e(none))</option>" + values.map {
                "<option value=\"\(Page.e($0))\"\($0 == selected ? " selected=\"selected\"" : "")>\(Page.e($0))</option>"
            }.joined()
        }
        let common = Self.commonPrefix(folders)
        let folderOptions = "<option value=\"\">all folders</option>" + folders.map { f in
            let shown = f.count > common.count ? String(f.dropFirst(common.count)) : f
            return "<option value=\"\(Page.e(f))\"\(f == query.folder ? " selected=\"selected\"" : "")>\(Page.e(shown.isEmpty ? f : shown))</option>"
        }.joined()
        func check(_ name: String, _ on: Bool, _ text: String) -> String {
            "<label class=\"check\"><input type=\"checkbox\" name=\"\(name)\" value=\"1\"\(on ? " checked=\"checked\"" : "")/> \(text)</label>"
        }
        return """
            <form class="filters" method="get" action="/">
            <label>Search names, labels, metadata<input type="search" name="q" value="\(Page.e(query.search))" placeholder="e.g. wedding 1998"/></label>
            <label>Most likely genre<select name="genre">\(options(classes, selected: query.genre, none: "any"))</select></label>
            <label>Closest to (sorts by its probability)<select name="close">\(options(classes, selected: query.closeTo, none: "—"))</select></label>
            <label>Label<select name="label">\(options(labels, selected: query.label, none: "any"))</select></label>
            <label>Folder<select name="folder">\(folderOptions)</select></label>
            \(check("unfamiliar", query.unfamiliarOnly, "unfamiliar only"))
            \(check("missing", query.includeMissing, "include missing files"))
            \(query.sort != .folder ? "<input type=\"hidden\" name=\"sort\" value=\"\(query.sort.rawValue)\"/>" : "")\(query.descending ? "<input type=\"hidden\" name=\"order\" value=\"desc\"/>" : "")
            <button type="submit">Apply</button> <a class="button secondary" href="/">Reset</a>
            </form>
            """
    }

    func labelBar() -> String {
        """
        <form class="labels bulk" id="bulk-labels">
        <label for="bulk-label">Label the ticked recordings:</label>
        <input type="text" id="bulk-label" name="label" placeholder="a label of your own, e.g. lullaby" autocomplete="off"/>
        <button type="submit" name="add">Add label</button> <button type="button" class="secondary" id="bulk-remove">Remove label</button>
        <span class="status" id="bulk-status" role="status"></span>
        </form>
        """
    }

    /// - Parameter commonFolder: the folder all recordings share, left out of each row's folder.
    func table(_ rows: [RecordingSummary], classes: [String], commonFolder: String) -> String {
        func heading(_ key: CollectionQuery.SortKey, _ title: String, numeric: Bool = false) -> String {
            var q = query
            q.closeTo = nil
            let sorted = query.closeTo == nil && query.sort == key
            q.sort = key
            q.descending = sorted ? !query.descending : (key == .probability || key == .novelty || key == .duration)
            let classes = [numeric ? "num" : nil, sorted ? "sorted" : nil, sorted && query.descending ? "desc" : nil].compactMap { $0 }
            return "<th\(classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\"")><a href=\"\(Page.e(Page.link("/", q.queryItems)))\">\(title)</a></th>"
        }
        var s = "<table class=\"collection\" id=\"recordings\">\n<thead><tr><th><input type=\"checkbox\" id=\"select-all\" title=\"tick all\" aria-label=\"tick all\"/></th>"
        s += heading(.name, "Recording") + heading(.genre, "Genre") + heading(.probability, "Probability", numeric: true)
        if let close = query.closeTo { s += "<th class=\"num sorted desc\">P(\(Page.e(close)))</th>" }
        s += heading(.novelty, "Novelty", numeric: true) + heading(.duration, "Duration", numeric: true) + heading(.date, "Date")
            + heading(.labels, "Your labels") + "</tr></thead>\n<tbody>\n"
        for r in rows {
            let link = "/recordings/\(r.id)"
            s += "<tr data-id=\"\(r.id)\"><td><input type=\"checkbox\" class=\"pick\" value=\"\(r.id)\" aria-label=\"tick \(Page.e(r.name))\"/></td>"
            s += "<td class=\"name\"><a href=\"\(link)\">\(Page.e(r.name))</a>\(r.missing ? "<span class=\"badge missing\">missing</span>" : "")<span class=\"folder\" title=\"\(Page.e(r.folder))\">\(Page.e(Self.shortFolder(r.folder, common: commonFolder)))</span></td>"
            s += "<td>\(Page.dot(r.genre, classes: classes))\(Page.e(r.genre))</td>"
            s += "<td class=\"num\">\(Self.percent(r.probability))<span class=\"meter\"><span style=\"width:\(Int((100 * r.probability).rounded()))%\"></span></span></td>"
            if let close = query.closeTo {
                let p = r.probabilities[close] ?? 0
                s += "<td class=\"num\">\(Self.percent(p))<span class=\"meter\"><span style=\"width:\(Int((100 * p).rounded()))%\"></span></span></td>"
            }
            s += "<td class=\"num\">\(String(format: "%.2f", r.noveltyScore))\(r.unfamiliar ? "<span class=\"badge unfamiliar\" title=\"unlike all ten genres: more unusual than 97% of GTZAN's own held-out tracks, so its genre is only a guess\">unfamiliar</span>" : "")</td>"
            s += "<td class=\"num\">\(Page.duration(r.durationSeconds))</td><td>\(Page.e(String(r.date.prefix(10))))</td>"
            s += "<td class=\"labels\">" + r.labels.map { "<span class=\"chip\">\(Page.e($0))</span>" }.joined() + "</td></tr>\n"
        }
        return s + "</tbody>\n</table>"
    }

    /// `folder` without the `common` prefix ("…/day-1"); the folder itself when nothing is left.
    static func shortFolder(_ folder: String, common: String) -> String {
        guard !common.isEmpty, (folder + "/").hasPrefix(common) else { return folder }
        let rest = String((folder + "/").dropFirst(common.count).dropLast())
        return rest.isEmpty ? (folder as NSString).lastPathComponent : rest
    }

    static func percent(_ p: Double) -> String { String(format: "%.0f%%", 100 * p) }

    /// The longest common leading folder of `paths` (with its trailing slash), "" when none.
    static func commonPrefix(_ paths: [String]) -> String {
        guard paths.count > 1, var prefix = paths.first.map({ $0.split(separator: "/", omittingEmptySubsequences: false) }) else { return "" }
        for p in paths.dropFirst() {
            let parts = p.split(separator: "/", omittingEmptySubsequences: false)
            var n = 0
            while n < min(prefix.count, parts.count) && prefix[n] == parts[n] { n += 1 }
            prefix = Array(prefix.prefix(n))
        }
        let joined = prefix.joined(separator: "/")
        return joined.isEmpty ? "" : joined + "/"
    }
}
