import Foundation

/// An Audacity label track (File → Import → Labels…): one line per region,
/// `start<TAB>end<TAB>label`, times in seconds with a decimal point (Audacity writes six
/// decimals), as the Audacity manual's "Label tracks — importing and exporting" describes.
public enum AudacityLabels {
    public static func render(_ regions: [GenreRegion]) -> String {
        regions.map { r in
            String(format: "%.6f\t%.6f\t", r.startSeconds, r.endSeconds) + oneField(r.label) + "\n"
        }.joined()
    }

    /// A label holds no tab or line break (they would start a new field or line).
    static func oneField(_ text: String) -> String {
        String(text.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }
}
