import Foundation

/// A Sonic Visualiser region layer as CSV (File → Import Annotation Layer…): one line per region,
/// `time,duration,label`, seconds, no header line (Sonic Visualiser would take a header for a
/// row of data and give up on explicit timing). Labels are quoted when they hold a comma or a
/// quote (Sonic Visualiser's CSV reader understands quoting).
///
/// Sonic Visualiser guesses each column's role; in its import dialog the second column is to
/// be set to "Duration" (it may guess "Value" or "End time"), which makes the layer a Regions
/// layer with the labels on it.
public enum SonicVisualiserRegions {
    public static func render(_ regions: [GenreRegion]) -> String {
        regions.map { r in
            String(format: "%.6f,%.6f,", r.startSeconds, r.durationSeconds) + csvField(AudacityLabels.oneField(r.label)) + "\n"
        }.joined()
    }
}
