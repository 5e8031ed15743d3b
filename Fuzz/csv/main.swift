import Features
import FuzzSupport
import GenreKit
import Learning

Fuzz.main(seeds: csvSeeds, test: fuzzCSV)

/// The features CSV reader (`Dataset.parseCSV`, over `CSVTable`): what `genre train --features`
/// and `genre evaluate --features` read. Each input is parsed as is, and again with the
/// Kaggle feature list expected (the column selection a model's `checkFeatures` relies on).
func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    for expected in [nil, Array(KaggleSchema.featureNames.prefix(3))] {
        guard let set = try? Dataset.parseCSV(bytes, source: "fuzz.csv", featureNames: expected) else { continue }
        precondition(set.x.rows == set.names.count && set.labels.count == set.names.count, "rows disagree")
        precondition(set.x.columns == set.featureNames.count, "columns disagree")
        precondition(set.labels.allSatisfy { $0 >= 0 && $0 < set.classes.count }, "label out of range")
        precondition(set.x.values.allSatisfy(\.isFinite), "a non-finite feature value was accepted")
    }
    return 0
}

/// A Kaggle-schema table as `genre features` writes it (FeatureTableFormat.csv) with a label
/// column added, as the training CSVs have; and small hand-made tables with the RFC 4180
/// features the reader supports (quotes, doubled quotes, CRLF, BOM, blank lines).
func csvSeeds() -> [(name: String, bytes: [UInt8])] {
    let rows = (0..<3).map { r in
        FeatureRow(filename: r == 1 ? "blues, live \"take\".wav" : "jazz.0000\(r).wav", length: 661_794,
                   features: (0..<KaggleSchema.featureCount).map { Double(r + 1) * (Double($0) - 20.5) / 7 })
    }
    let features = FeatureTableFormat.csv.render(rows)
    let labels = ["blues", "jazz", "blues"]
    var lines = features.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    lines[0] += ",label"
    for i in 0..<rows.count { lines[i + 1] += "," + labels[i] }
    return [
        ("kaggle.csv", Array(lines.joined(separator: "\n").utf8)),
        ("features-without-label.csv", Array(features.utf8)),
        ("small-crlf-bom.csv", [0xEF, 0xBB, 0xBF] + Array("filename,chroma_stft_mean,rms_mean,label\r\n\"a.wav\",0.5,1e-3,pop\r\n\r\nb.wav, -2 ,\"3.25\",\"ro\"\"ck\"\r\n".utf8)),
        ("no-filename.csv", Array("label,x,y\nmetal,1,2\ndisco,3,4\rreggae,5,6".utf8)),
    ]
}
