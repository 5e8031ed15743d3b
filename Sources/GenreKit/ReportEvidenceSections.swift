import Foundation
import Graphics

/// The report's sections on how a recording was made and what the answer rests on: its measured
/// condition beside the training clips', and each aspect's verdict with how much it is worth.
/// (Static and public: the web app's recording page draws the same sections.)
extension RecordingReportPage {
    public static func conditionSection(_ doc: inout HTMLDocument, _ c: RecordingCondition) {
        let limits = ConditionLimits.gtzan
        doc.subheading("Recording condition")
        func verdict(_ outside: Bool) -> String { outside ? "◆ outside the training clips" : "as the training clips" }
        var rows: [[String]] = []
        rows.append(["effective bandwidth", c.bandwidthHz.map { String(format: "%.1f kHz", $0 / 1000) } ?? "—",
                     limits.referenceBandwidth, verdict((c.bandwidthHz ?? .infinity) < limits.minimumBandwidthHz)])
        rows.append(["signal-to-noise (band-averaged)", c.snrDB.map { String(format: "%.1f dB", $0) } ?? "—",
                     limits.referenceSNR, verdict((c.snrDB ?? .infinity) < limits.minimumSNR)])
        rows.append(["clipped samples", String(format: "%.3f%%", 100 * c.clippedFraction), limits.referenceClipped,
                     verdict(c.clippedFraction > limits.maximumClipped)])
        rows.append(["DC offset", String(format: "%+.4f", abs(c.dcOffset) < 0.00005 ? 0 : c.dcOffset), limits.referenceDC, verdict(abs(c.dcOffset) > limits.maximumDC)])
        rows.append(["integrated loudness (BS.1770)", c.loudnessLUFS.map { String(format: "%.1f LUFS", $0) } ?? "—",
                     limits.referenceLoudness, c.loudnessLUFS.map { verdict(!limits.loudness.contains($0)) } ?? ""])
        doc.table(header: ["measure", "this recording", limits.reference, ""], rows: rows,
                  caption: "Measured on the file's own samples, at its own rate, before mixing to mono and resampling. Bandwidth: the highest frequency whose level comes and goes above the steady floor. Signal-to-noise: each band's level over its quietest moments, averaged over the bands up to 11 kHz (dense music that never falls quiet reads low). Clipped: samples on flat tops at the recording's own peak. Loudness: EBU R128 integrated loudness; stereo reads 3 LU above its mono mix, which is what is compared with GTZAN's mono clips.")
    }

    public static func aspectSection(_ doc: inout HTMLDocument, _ r: RecordingResult) {
        doc.subheading("What the answer rests on")
        guard let aspects = r.aspects, !aspects.isEmpty else {
            doc.paragraph("This model has no per-aspect classifiers (it was written before genre had them); retrain it with genre train to see which aspects of the sound point where.")
            return
        }
        if let sentence = ClassificationText.evidence(r) {
            doc.paragraph("By each aspect of the sound alone, the recording is " + sentence + ".")
        }
        let rows = Aspect.allCases.compactMap { aspect -> [String]? in
            guard let v = aspects[aspect.rawValue] else { return nil }
            let ranked = v.probabilities.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            let runnersUp = ranked.dropFirst().prefix(2).map { String(format: "%@ %.0f%%", $0.key, 100 * $0.value) }.joined(separator: ", ")
            let accuracy = v.cvAccuracy.map { String(format: "%.0f%%", 100 * $0) } ?? "not measured"
            return [aspect.rawValue, aspect.contents, v.genre, String(format: "%.0f%%", 100 * (v.probabilities[v.genre] ?? 0)),
                    String(format: "%.2f", v.margin), runnersUp, accuracy]
        }
        doc.table(header: ["aspect", "features", "closest genre", "probability", "margin", "next", "right alone (CV)"], rows: rows,
                  caption: "Each aspect has its own classifier, trained on that aspect's features only. Margin: the closest genre's probability minus the runner-up's. \"Right alone\": how often that classifier names the right genre in cross-validation on the training data (chance: 10%); GTZAN's random folds flatter every figure, recordings by unseen artists fare worse. Tempo is one number, so the rhythm verdict is weak evidence; harmony rests on two chroma summaries only.",
                  numericColumns: [3, 4, 6])
    }
}
