import Foundation
import Graphics

/// An ELAN annotation document (EAF 3.0, http://www.mpi.nl/tools/elan/EAFv3.0.xsd) with a
/// `genre` tier of time-aligned annotations, one per region (`jazz 0.71`), and, when the
/// recording raised warnings, a `warnings` tier with one annotation over the whole recording.
///
/// Times are milliseconds. The media file is linked as ELAN links it: `MEDIA_URL` is its
/// absolute `file://` URL and `RELATIVE_MEDIA_URL` its path relative to the folder the document
/// is written to (ELAN tries the relative link when the absolute one no longer resolves, so the
/// recordings and their annotations can be moved together). Every annotation has its own two
/// time slots, as ELAN writes them; slot ids follow time order.
public enum ELANDocument {
    /// - Parameters:
    ///   - media: the recording (absolute, or relative to the working directory).
    ///   - directory: where the document will be written; nil leaves out the relative link
    ///     (e.g. for a download whose destination is unknown).
    ///   - date: the document's `DATE` (default now).
    public static func render(regions: [GenreRegion], warnings: [String], durationSeconds: Double,
                              media: URL, directory: URL?, date: Date = Date()) -> String {
        var slots: [(id: Int, ms: Int)] = []
        func slot(_ seconds: Double) -> Int {
            slots.append((slots.count, milliseconds(seconds)))
            return slots.count - 1
        }
        var tiers: [(id: String, annotations: [(start: Int, end: Int, value: String)])] = []
        tiers.append(("genre", regions.map { (slot($0.startSeconds), slot($0.endSeconds), $0.label) }))
        if !warnings.isEmpty {
            tiers.append(("warnings", [(slot(0), slot(durationSeconds), warnings.joined(separator: "; "))]))
        }
        // Slot ids in time order (stable: start before end of the same annotation).
        let byTime = slots.sorted { ($0.ms, $0.id) < ($1.ms, $1.id) }
        var name = [Int](repeating: 0, count: slots.count)
        for (k, s) in byTime.enumerated() { name[s.id] = k + 1 }

        let e = Markup.escape
        let stamp = ISO8601DateFormatter.string(from: date, timeZone: .current, formatOptions: [.withInternetDateTime])
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        x += "<ANNOTATION_DOCUMENT AUTHOR=\"genre\" DATE=\"\(stamp)\" FORMAT=\"3.0\" VERSION=\"3.0\" "
        x += "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"http://www.mpi.nl/tools/elan/EAFv3.0.xsd\">\n"
        x += "    <HEADER MEDIA_FILE=\"\" TIME_UNITS=\"milliseconds\">\n"
        var descriptor = "        <MEDIA_DESCRIPTOR MEDIA_URL=\"\(e(media.standardizedFileURL.absoluteString))\" MIME_TYPE=\"\(mimeType(media))\""
        if let directory { descriptor += " RELATIVE_MEDIA_URL=\"\(e(relativeURL(from: directory, to: media)))\"" }
        x += descriptor + "/>\n"
        x += "        <PROPERTY NAME=\"lastUsedAnnotationId\">\(tiers.map(\.annotations.count).reduce(0, +))</PROPERTY>\n"
        x += "    </HEADER>\n"
        x += "    <TIME_ORDER>\n"
        for s in byTime { x += "        <TIME_SLOT TIME_SLOT_ID=\"ts\(name[s.id])\" TIME_VALUE=\"\(s.ms)\"/>\n" }
        x += "    </TIME_ORDER>\n"
        var annotationID = 0
        for tier in tiers {
            x += "    <TIER LINGUISTIC_TYPE_REF=\"default-lt\" TIER_ID=\"\(tier.id)\">\n"
            for a in tier.annotations {
                annotationID += 1
                x += "        <ANNOTATION>\n"
                x += "            <ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a\(annotationID)\" TIME_SLOT_REF1=\"ts\(name[a.start])\" TIME_SLOT_REF2=\"ts\(name[a.end])\">\n"
                x += "                <ANNOTATION_VALUE>\(e(a.value))</ANNOTATION_VALUE>\n"
                x += "            </ALIGNABLE_ANNOTATION>\n"
                x += "        </ANNOTATION>\n"
            }
            x += "    </TIER>\n"
        }
        x += "    <LINGUISTIC_TYPE GRAPHIC_REFERENCES=\"false\" LINGUISTIC_TYPE_ID=\"default-lt\" TIME_ALIGNABLE=\"true\"/>\n"
        for (stereotype, description) in constraints {
            x += "    <CONSTRAINT DESCRIPTION=\"\(e(description))\" STEREOTYPE=\"\(stereotype)\"/>\n"
        }
        x += "</ANNOTATION_DOCUMENT>\n"
        return x
    }

    /// The four tier constraints every ELAN document declares, worded as ELAN words them.
    static let constraints = [
        ("Time_Subdivision", "Time subdivision of parent annotation's time interval, no time gaps allowed within this interval"),
        ("Symbolic_Subdivision", "Symbolic subdivision of a parent annotation. Annotations refering to the same parent are ordered"),
        ("Symbolic_Association", "1-1 association with a parent annotation"),
        ("Included_In", "Time alignable annotations within the parent annotation's time interval, gaps are allowed"),
    ]

    /// Seconds as whole milliseconds (EAF time values are integers).
    static func milliseconds(_ seconds: Double) -> Int {
        seconds.isFinite ? Int((max(seconds, 0) * 1000).rounded()) : 0
    }

    /// ELAN's MIME types for linked media: WAV has its own, other audio is generic.
    static func mimeType(_ media: URL) -> String {
        ["wav", "wave", "bwf"].contains(media.pathExtension.lowercased()) ? "audio/x-wav" : "audio/*"
    }

    /// `file` relative to the folder `directory` as a URL reference (`./a.wav`, `../audio/a.wav`),
    /// percent-encoded like `MEDIA_URL`.
    static func relativeURL(from directory: URL, to file: URL) -> String {
        let from = directory.standardizedFileURL.pathComponents.filter { $0 != "/" }
        let to = file.standardizedFileURL.pathComponents.filter { $0 != "/" }
        var common = 0
        while common < min(from.count, to.count - 1), from[common] == to[common] { common += 1 }
        let ups = Array(repeating: "..", count: from.count - common)
        let path = (ups.isEmpty ? ["."] : ups) + to[common...]
        return path.joined(separator: "/").addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path.joined(separator: "/")
    }
}
