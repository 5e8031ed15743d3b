/// The column layout of the GTZAN Kaggle release (features_30_sec.csv, features_3_sec.csv).
///
/// Every model trained on the public GTZAN features expects these 57 numbers, in this order,
/// computed with librosa's pre-0.9 defaults. `filename` and `length` precede them in the CSV
/// and `label` follows them.
public enum KaggleSchema {
    /// Base names of the per-frame quantities summarised by mean and variance, in CSV order,
    /// with `tempo` (a single number) between `perceptr` and the MFCCs.
    static let leadingSummaries = [
        "chroma_stft", "rms", "spectral_centroid", "spectral_bandwidth", "rolloff",
        "zero_crossing_rate", "harmony", "perceptr",
    ]

    /// The 57 feature column names, in CSV order.
    public static let featureNames: [String] = {
        var names: [String] = []
        for base in leadingSummaries { names += [base + "_mean", base + "_var"] }
        names.append("tempo")
        for k in 1...20 { names += ["mfcc\(k)_mean", "mfcc\(k)_var"] }
        return names
    }()

    /// Number of features per clip (57).
    public static var featureCount: Int { featureNames.count }

    /// The full CSV header: `filename,length,<57 features>` (add `label` for labelled data).
    public static var csvHeader: [String] { ["filename", "length"] + featureNames }

    /// librosa's analysis rate; `length` in the CSV counts samples at this rate.
    public static let sampleRate = 22050

    /// Samples per segment in features_3_sec.csv (3 s at 22050 Hz, as the Kaggle script cut them).
    public static let segmentSamples3s = 66149
}
