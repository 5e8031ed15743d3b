import Foundation

/// Makes the Kaggle-schema features independent of playback level: the same music played at
/// any gain gives the same transformed row. A recording's gain is arbitrary (a field recorder's
/// input setting, ffmpeg's −3 dB when it upmixes mono to stereo, an archive's normalisation), so
/// a model must not read it as a property of the music. No scikit-learn counterpart (a
/// `FunctionTransformer`).
///
/// A gain g (Δ = 20·log10 g dB) changes the 57 features analytically (measured on GTZAN clips
/// at −12…+3 dB: every other column moves by less than 0.001 of its std, bench/chains/level.py):
/// `rms_mean`, `harmony_mean`, `perceptr_mean` scale by g; `rms_var`, `harmony_var`,
/// `perceptr_var` by g²; `mfcc1_mean` shifts by Δ·√n_mels (the orthonormal DCT's first
/// coefficient of a log-mel spectrum shifted by Δ dB in every band; top_db clipping moves with
/// the maximum); spectral shape, chroma, zero crossings, tempo and MFCC 2–20 do not move. So,
/// with level ℓ = `rms_mean` (floored at 1e-10):
/// - `*_var` of rms, harmony, perceptr → value / ℓ² (for rms: the squared coefficient of variation);
/// - `harmony_mean`, `perceptr_mean` → asinh(value / ℓ / `ratioScale`): their ratio to the level
///   (the offset of the harmonic and percussive parts, a few 1e-5 to 1e-2 of the RMS) is signed
///   and heavy-tailed, and asinh makes it linear near 0 and logarithmic in the tails (10-fold CV of
///   an RBF SVM on features_30_sec.csv: 75.9% with the plain ratio, 76.7% with this, 76.3% for the
///   raw features with the level);
/// - `mfcc1_mean` → value − √n_mels · 20·log10 ℓ (the spectrum's level relative to its RMS);
/// - `rms_mean` itself → 0 (a constant column: the level is kept nowhere; the column stays so
///   rows keep their width and names).
/// Columns not present are skipped, so a feature set without `rms_mean` passes through unchanged.
/// Place it before `LogVarianceTransform` so the variances are divided before the log.
public struct LevelNormalization: FeatureTransform, Equatable {
    /// Input column holding the level (`rms_mean`), or nil to pass rows through.
    public var levelColumn: Int?
    /// Columns divided by ℓ² (variances of level-proportional signals).
    public var squaredColumns: [Int]
    /// Columns divided by ℓ (means of level-proportional signals), then compressed by asinh.
    public var linearColumns: [Int]
    /// The ratio at which the asinh of `linearColumns` turns from linear to logarithmic: 1e-3,
    /// near the median |perceptr_mean| / rms_mean over features_30_sec.csv.
    public var ratioScale: Double
    /// Columns in decibel-like units from which `decibelSlope` · 20·log10 ℓ is subtracted.
    public var decibelColumns: [Int]
    /// Change of the `decibelColumns` per dB of gain: √128 for `mfcc1_mean` with librosa's 128
    /// mel bands and `norm="ortho"` DCT (the features of `genre features`).
    public var decibelSlope: Double

    /// Column names by role in the Kaggle schema.
    public static let levelName = "rms_mean"
    public static let squaredNames: Set<String> = ["rms_var", "harmony_var", "perceptr_var"]
    public static let linearNames: Set<String> = ["harmony_mean", "perceptr_mean"]
    public static let decibelNames: Set<String> = ["mfcc1_mean"]

    /// The columns of `featureNames` by the roles above; `melBands` gives `decibelSlope` = √melBands.
    public init(featureNames: [String], melBands: Int = 128, ratioScale: Double = 1e-3) {
        let level = featureNames.firstIndex(of: Self.levelName)
        func columns(_ names: Set<String>) -> [Int] { level == nil ? [] : featureNames.indices.filter { names.contains(featureNames[$0]) } }
        levelColumn = level
        squaredColumns = columns(Self.squaredNames)
        linearColumns = columns(Self.linearNames)
        decibelColumns = columns(Self.decibelNames)
        decibelSlope = Double(melBands).squareRoot()
        self.ratioScale = ratioScale
    }

    /// Nothing to learn; checks that the columns lie inside `x`.
    public mutating func fit(_ x: Matrix) throws {
        guard x.rows > 0 else { throw LearningError.emptyTrainingSet }
        let all = [levelColumn].compactMap { $0 } + squaredColumns + linearColumns + decibelColumns
        if let bad = all.first(where: { $0 < 0 || $0 >= x.columns }) {
            throw LearningError.sizeMismatch("LevelNormalization: column \(bad) outside a \(x.columns)-column matrix")
        }
    }

    public func transform(_ x: Matrix) -> Matrix {
        guard let levelColumn else { return x }
        var out = x
        for r in 0..<x.rows {
            let level = Swift.max(x[r, levelColumn], 1e-10)
            for c in squaredColumns { out[r, c] = x[r, c] / (level * level) }
            for c in linearColumns { out[r, c] = Foundation.asinh(x[r, c] / level / ratioScale) }
            let decibels = 20 * Foundation.log10(level)
            for c in decibelColumns { out[r, c] = x[r, c] - decibelSlope * decibels }
            out[r, levelColumn] = 0
        }
        return out
    }

    /// `row` (raw features) as the same music played `decibels` louder, by the gain model above:
    /// the level, `linearColumns` × g, `squaredColumns` × g², `decibelColumns` + `decibelSlope`·Δ
    /// (g = 10^(Δ/20)); every other column unchanged. For gain augmentation of training rows.
    public func applyingGain(_ decibels: Double, to row: [Double]) -> [Double] {
        guard let levelColumn else { return row }
        let g = Foundation.pow(10, decibels / 20)
        var out = row
        out[levelColumn] *= g
        for c in linearColumns { out[c] *= g }
        for c in squaredColumns { out[c] *= g * g }
        for c in decibelColumns { out[c] += decibelSlope * decibels }
        return out
    }

    /// The raw rows of transformed rows `y`, given the level: `transform` drops it, so the caller
    /// puts each row's level ℓ back into `levelColumn` of `y` first (a model keeps its training
    /// rows' levels beside its reference set for this). Variances × ℓ², ratios sinh(·)·`ratioScale`·ℓ,
    /// `mfcc1_mean` + √n_mels · 20·log10 ℓ.
    public func inverseTransform(_ y: Matrix) -> Matrix {
        guard let levelColumn else { return y }
        var out = y
        for r in 0..<y.rows {
            let level = Swift.max(y[r, levelColumn], 1e-10)
            for c in squaredColumns { out[r, c] = y[r, c] * level * level }
            for c in linearColumns { out[r, c] = Foundation.sinh(y[r, c]) * ratioScale * level }
            let decibels = 20 * Foundation.log10(level)
            for c in decibelColumns { out[r, c] = y[r, c] + decibelSlope * decibels }
        }
        return out
    }
}
