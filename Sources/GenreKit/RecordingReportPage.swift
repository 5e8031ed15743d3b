import Features
import Foundation
import Graphics
import Learning

/// The HTML report of `genre report`: per recording, its log-mel spectrogram with time and Hz
/// axes, the genre probabilities, the timeline of window genres on the same time axis, the
/// nearest training tracks, the novelty verdict, and its 57 features beside the training set's
/// spread. One self-contained file (inline SVG and PNG data URIs), printable.
public struct RecordingReportPage: Sendable {
    public let classifier: RecordingClassifier
    public let modelName: String

    public init(classifier: RecordingClassifier, modelName: String) {
        self.classifier = classifier
        self.modelName = modelName
    }

    /// Everything the report shows about one recording (computed in parallel, rendered in order).
    public struct Entry: Sendable {
        public var result: RecordingResult
        public var meanFeatures: [Double]
        public var spectrogram: SpectrogramFigure.Image
    }

    /// One decoding pass feeds both the classifier and the spectrogram.
    public func entry(for url: URL) throws -> Entry {
        var figure: SpectrogramFigure.Builder?
        let (result, features) = try classifier.classifyWithFeatures(url) { info, block in
            if figure == nil { figure = SpectrogramFigure.Builder(source: info) }
            figure!.append(block)
        }
        guard var figure else { throw FileProblem(file: url.path, message: "no audio samples") }
        return Entry(result: result, meanFeatures: features.columnMeans(), spectrogram: try figure.image(file: url.path))
    }

    public func html(_ entries: [Entry], problems: [FileProblem]) throws -> String {
        let model = classifier.model
        var doc = HTMLDocument(title: "Genre report",
                               subtitle: "\(entries.count) recording\(entries.count == 1 ? "" : "s") — model \(modelName) (\(model.algorithm.rawValue), genres: \(model.classes.joined(separator: ", "))) — genre \(GenreVersion.current)")
        doc.section("Summary", id: "summary")
        doc.table(header: ["recording", "duration", "closest genre", "probability", "novelty", "condition"], rows: entries.map { e in
            let r = e.result
            let traits = r.condition.map(ConditionLimits.gtzan.traits) ?? []
            return [URL(fileURLWithPath: r.file).lastPathComponent, ClassificationText.formatDuration(r.durationSeconds), r.genre,
                    String(format: "%.0f%%", 100 * (r.probabilities[r.genre] ?? 0)),
                    r.novelty.unfamiliar ? String(format: "unfamiliar (%.2f)", r.novelty.score) : String(format: "familiar (%.2f)", r.novelty.score),
                    r.condition == nil ? "" : traits.isEmpty ? "as GTZAN" : "◆ " + traits.joined(separator: ", ")]
        }, numericColumns: [1, 3])
        if !problems.isEmpty {
            doc.subheading("Recordings that could not be analysed")
            doc.table(header: ["file", "problem"], rows: problems.map { [$0.file, $0.message] })
        }
        for (i, e) in entries.enumerated() {
            let r = e.result
            let name = URL(fileURLWithPath: r.file).lastPathComponent
            doc.section(name, id: "recording-\(i + 1)")
            doc.paragraph("\(r.file) — \(ClassificationText.formatDuration(r.durationSeconds)), \(r.segments.count) analysis window\(r.segments.count == 1 ? "" : "s").")
            if !r.warnings.isEmpty {
                doc.subheading("Warnings")
                doc.table(header: ["warning"], rows: r.warnings.map { [$0] })
            }
            if let metadata = r.metadata, !metadata.isEmpty {
                doc.subheading("Embedded metadata")
                doc.table(header: ["field", "value"], rows: Self.metadataRows(r),
                          caption: "Read from the file itself (BWF bext, iXML, RIFF INFO, AIFF text chunks, Vorbis comments; other tags through ffprobe).")
            }
            if let condition = r.condition { Self.conditionSection(&doc, condition) }
            Self.aspectSection(&doc, r)
            doc.subheading("Log-mel spectrogram")
            doc.svg(try SpectrogramFigure.svg(e.spectrogram, plotWidth: 720),
                    caption: "power_to_db(melspectrogram(y, sr=22050), ref=max): 128 mel bands, magma colour map, −80…0 dB.")
            doc.subheading("Genre over time")
            doc.svg(try Self.timelineSVG(r, classes: model.classes, options: classifier.options),
                    caption: "Windows overlap (hop \(Int(classifier.options.hopSeconds)) s); the time axis matches the spectrogram's.")
            doc.subheading("Genre probabilities")
            doc.svg(try Self.probabilitiesSVG(r))
            doc.subheading("Novelty")
            doc.paragraph(Self.noveltyText(r, classCount: model.classes.count))
            doc.subheading("Nearest training tracks")
            doc.table(header: ["track", "genre", "distance"], rows: Self.nearestRows(r), numericColumns: [2])
            doc.subheading("Features beside the training set")
            doc.table(header: Self.featureHeader, rows: Self.featureRows(e.meanFeatures, model: model),
                      caption: "Mean over the recording's windows; ◆ marks values outside the middle 90% of the training set.",
                      numericColumns: [1, 2, 3, 4])
        }
        return doc.render()
    }

    // MARK: - Pieces the report shares with the web app's recording page

    /// The genre of every window along the time axis, with the spectrogram figure's left edge
    /// and plot width (720) so that the two time axes line up. Each block carries data-start.
    public static func timelineSVG(_ r: RecordingResult, classes: [String], options: ClassifyOptions) throws -> String {
        let timeline = r.segments.map { TimelineSegment(start: $0.startSeconds, end: $0.endSeconds, label: $0.genre) }
        let left = SVGChart.imagePlotLeft(yTicks: SpectrogramFigure.frequencyTicks())
        return try SVGChart.segmentTimeline(segments: timeline, categories: classes, duration: max(r.durationSeconds, 0.001),
                                            title: "Most likely genre of each \(Int(options.windowSeconds))-s window",
                                            width: left + 720 + 90, plotLeft: left, plotWidth: 720)
    }

    /// Bars of the recording's genre probabilities, most likely first.
    public static func probabilitiesSVG(_ r: RecordingResult) throws -> String {
        let ranked = r.ranked
        return try SVGChart.horizontalBars(labels: ranked.map(\.genre), values: ranked.map(\.probability), title: "Mean over windows", highlight: 0)
    }

    /// The novelty verdict in a sentence (the detector's own, capitalised), shared by the report and the web app.
    public static func noveltyText(_ r: RecordingResult, classCount: Int) -> String {
        let verdict = r.novelty.sentence(genre: r.genre, genreCount: classCount)
        return verdict.prefix(1).uppercased() + verdict.dropFirst() + "."
    }

    /// Rows field, value of the recording's embedded metadata, in `MetadataSummary`'s order.
    public static func metadataRows(_ r: RecordingResult) -> [[String]] {
        guard let metadata = r.metadata else { return [] }
        return MetadataSummary.orderedKeys(metadata).map { [$0, metadata[$0] ?? ""] }
    }

    /// Rows track, genre, distance.
    public static func nearestRows(_ r: RecordingResult) -> [[String]] {
        r.nearest.map { [$0.track, $0.genre, String(format: "%.3f", $0.distance)] }
    }

    public static let featureHeader = ["feature", "value", "training 5%", "median", "95%", "where"]

    /// One row per feature: the recording's value (mean over windows) beside the training set's spread.
    public static func featureRows(_ meanFeatures: [Double], model: GenreModel) -> [[String]] {
        let ranges = model.featureRanges
        return model.featureNames.enumerated().map { c, name in
            let v = c < meanFeatures.count ? meanFeatures[c] : .nan
            guard let range = ranges?[c] else { return [name, format(v), "", "", "", ""] }
            let verdict = range.verdict(v)
            return [name, format(v), format(range.p5), format(range.median), format(range.p95), verdict == "typical" ? "typical" : "◆ " + verdict]
        }
    }

    static func format(_ v: Double) -> String {
        guard v.isFinite else { return "—" }
        let a = abs(v)
        return a != 0 && (a < 1e-3 || a >= 1e5) ? String(format: "%.3e", v) : String(format: "%.4g", v)
    }
}
