import Foundation
import Graphics

/// The report's section on how a recording was made: its measured condition beside the training clips'.
extension RecordingReportPage {
    func conditionSection(_ doc: inout HTMLDocument, _ c: RecordingCondition) {
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
}
