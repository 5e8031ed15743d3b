import Catalog
import Foundation
import GenreKit
import Graphics

/// `/recordings/{id}`: one recording — its audio (clicking a window of the timeline plays from
/// there), spectrogram and genre timeline on one time axis, probabilities, nearest training
/// tracks, novelty, aspects, recording condition, metadata, warnings, files and labels. The
/// charts and sentences are the ones `genre report` draws (`RecordingReportPage`).
struct RecordingPage {
    let site: Site
    let detail: RecordingDetail

    func html() throws -> String {
        let loaded = try site.model()
        let model = loaded.model
        let data = Data(detail.resultJSON.utf8)
        let r = try JSONDecoder().decode(RecordingResult.self, from: data)
        let present = detail.files.first { $0.status == "present" }
        let path = present?.path ?? detail.files.first?.path ?? r.file
        let name = (path as NSString).lastPathComponent
        let options = ClassifyOptions()
        let subtitle = "\((path as NSString).deletingLastPathComponent) · \(Page.duration(r.durationSeconds)) · \(r.segments.count) analysis window\(r.segments.count == 1 ? "" : "s") · classified by \(detail.modelName) on \(detail.analysedAt.prefix(10))"
        var doc = Page.document(name, subtitle: subtitle, current: .recording)
        doc.raw(player(path: present?.path))
        doc.raw(labelsForm())

        doc.section("Genre over time", id: "timeline")
        var stack = "<div class=\"figure-stack\">"
        if present != nil {
            stack += "<img class=\"spectrogram\" src=\"/recordings/\(detail.id)/spectrogram.svg\" alt=\"log-mel spectrogram of \(Page.e(name))\" width=\"\(Int(SVGChart.imagePlotLeft(yTicks: SpectrogramFigure.frequencyTicks()) + 720 + 90))\" loading=\"lazy\"/>"
        }
        stack += Self.inline(try RecordingReportPage.timelineSVG(r, classes: model.classes, options: options)) + "</div>"
        doc.raw(stack)
        let windowing = r.segments.count > 1
            ? "Windows of \(Int(options.windowSeconds)) s every \(Int(options.hopSeconds)) s"
            : "The recording is short enough to be analysed as one window"
        let playing = present == nil ? "" : r.segments.count > 1
            ? "Click a window in the timeline, or a ▶ below, to play the recording from there. " : "Click the timeline to play the recording. "
        doc.raw("<p class=\"muted\">\(playing)\(windowing); the spectrogram (128 mel bands, −80…0 dB) and the timeline share the time axis.</p>")
        if r.segments.count > 1 { doc.raw(windowsTable(r, classes: model.classes, playable: present != nil)) }
        doc.raw(annotationLinks(name: name, regions: r.regions.count))

        doc.section("What it resembles", id: "genres")
        doc.raw("<div class=\"columns\"><div>")
        doc.svg(try RecordingReportPage.probabilitiesSVG(r))
        doc.raw("</div><div>")
        doc.subheading(r.novelty.unfamiliar ? "Novelty: unfamiliar" : "Novelty: familiar")
        doc.paragraph(RecordingReportPage.noveltyText(r, classCount: model.classes.count))
        doc.subheading("Nearest training tracks")
        doc.table(header: ["track", "genre", "distance"], rows: RecordingReportPage.nearestRows(r), numericColumns: [2])
        doc.raw("</div></div>")
        RecordingReportPage.aspectSection(&doc, r)

        doc.section("The recording", id: "recording")
        if !r.warnings.isEmpty {
            doc.subheading("Warnings")
            doc.raw("<ul>" + r.warnings.map { "<li>\(Page.e($0))</li>" }.joined() + "</ul>")
        }
        if let condition = r.condition { RecordingReportPage.conditionSection(&doc, condition) }
        if !detail.metadata.isEmpty {
            doc.subheading("Embedded metadata")
            // In the order the report and the table use (names and places first).
            let metadata = Dictionary(detail.metadata.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            doc.table(header: ["field", "value"], rows: MetadataSummary.orderedKeys(metadata).map { [$0, metadata[$0] ?? ""] })
        }
        doc.subheading("Files")
        doc.table(header: ["file", "status"], rows: detail.files.map { [$0.path, $0.status] })
        let windows = try site.catalog.windowFeatures(of: detail.id)
        if !windows.isEmpty {
            let mean = (0..<windows[0].count).map { c in windows.map { $0[c] }.reduce(0, +) / Double(windows.count) }
            doc.raw("<details><summary>The 57 features beside the training set</summary>")
            doc.table(header: RecordingReportPage.featureHeader, rows: RecordingReportPage.featureRows(mean, model: model),
                      caption: "Mean over the recording's windows; ◆ marks values outside the middle 90% of the training set.",
                      numericColumns: [1, 2, 3, 4])
            doc.raw("</details>")
        }
        return doc.render()
    }

    func player(path: String?) -> String {
        guard let path else {
            return "<p class=\"notice\">No file of this recording is on disk any more, so it cannot be played. Its analysis is kept; index the folder it moved to and it is found again.</p>"
        }
        let ext = (path as NSString).pathExtension.lowercased()
        let note = ["aif", "aiff", "aifc", "au", "snd"].contains(ext)
            ? "<p class=\"muted\">Browsers do not play .\(Page.e(ext)) files; download it to listen.</p>" : ""
        return """
            <div class="player"><audio id="player" controls="controls" preload="metadata" src="/audio/\(detail.id)"></audio>
            <a href="/audio/\(detail.id)" download="\(Page.e((path as NSString).lastPathComponent))">Download the file</a>\(note)</div>
            """
    }

    /// Downloads of the genre regions for annotation software (the files `genre classify --labels` writes).
    func annotationLinks(name: String, regions: Int) -> String {
        let base = (name as NSString).deletingPathExtension
        let links = [(LabelFormat.elan, "ELAN"), (.audacity, "Audacity"), (.sonicVisualiser, "Sonic Visualiser")].map { format, program in
            "<a class=\"button secondary\" href=\"/recordings/\(detail.id)/labels/\(format.rawValue)\" download=\"\(Page.e(format.fileName(for: URL(fileURLWithPath: name))))\">\(program) (.\(format.fileExtension))</a>"
        }
        return """
            <div class="annotations"><strong>Open the \(regions) genre region\(regions == 1 ? "" : "s") in your annotation software:</strong> \(links.joined(separator: " "))
            <p class="muted">Each region is labelled with its genre and probability (e.g. “jazz 0.71”). Save the ELAN file beside \(Page.e(name)) and it finds the recording; in Audacity use File → Import → Labels; in Sonic Visualiser, File → Import Annotation Layer, with the second column as “Duration”. The same files as <code>genre classify --labels … </code> writes for \(Page.e(base)).</p></div>
            """
    }

    func labelsForm() -> String {
        """
        <form class="labels" id="labels" data-id="\(detail.id)">
        <label for="label-input"><strong>Your labels</strong></label>
        <input type="text" id="label-input" name="labels" value="\(Page.e(detail.labels.joined(separator: ", ")))" placeholder="comma-separated, e.g. lullaby, 1998 trip" autocomplete="off"/>
        <button type="submit">Save labels</button><span class="status" id="labels-status" role="status"></span>
        </form>
        """
    }

    func windowsTable(_ r: RecordingResult, classes: [String], playable: Bool) -> String {
        var s = "<table class=\"windows\"><thead><tr><th>window</th><th>genre</th><th class=\"num\">probability</th>\(playable ? "<th></th>" : "")</tr></thead><tbody>"
        for w in r.segments {
            let p = w.probabilities[w.genre] ?? 0
            s += "<tr><td>\(Page.duration(w.startSeconds))–\(Page.duration(w.endSeconds))</td><td>\(Page.dot(w.genre, classes: classes))\(Page.e(w.genre))</td>"
            s += "<td class=\"num\">\(String(format: "%.0f%%", 100 * p))</td>"
            if playable { s += "<td><button type=\"button\" class=\"secondary\" data-start=\"\(w.startSeconds)\" title=\"play from \(Page.duration(w.startSeconds))\">▶</button></td>" }
            s += "</tr>"
        }
        return s + "</tbody></table>"
    }

    /// An SVG chart inline (without its XML declaration).
    static func inline(_ svg: String) -> String {
        guard svg.hasPrefix("<?xml"), let end = svg.range(of: "?>") else { return svg }
        return String(svg[end.upperBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
