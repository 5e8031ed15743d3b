import AudioIO
import Features
import Foundation
import Learning

/// A second pipeline inside a model file, for band-limited recordings (phone, 8 kHz, old tape,
/// band-passed archive copies): the same recipe trained on every row and copies of every row
/// through the transfer table's narrow-band conditions only, instead of through all of them
/// (where the format conditions take about half of the draws and a given narrow-band condition
/// one in 40). `GenreModel.variant(bandwidthHz:)` picks it, in one place, for a recording whose
/// measured bandwidth (`ConditionMeter`) is below `maximumBandwidthHz`.
///
/// Files written before it existed have none and answer every recording with the main pipeline.
public struct NarrowbandVariant: Sendable, Codable {
    public var pipeline: Pipeline<AnyClassifier>
    /// Recordings whose content stops below this (Hz) are answered by `pipeline`.
    public var maximumBandwidthHz: Double
    /// The transfer table's conditions the copies went through.
    public var conditions: [String]

    public init(pipeline: Pipeline<AnyClassifier>, maximumBandwidthHz: Double, conditions: [String]) {
        self.pipeline = pipeline
        self.maximumBandwidthHz = maximumBandwidthHz
        self.conditions = conditions
    }

    /// The transfer table's conditions whose content stops below `defaultMaximumBandwidthHz`
    /// (measured with `ConditionMeter`, bench/condition/README.md: band-hiss and tape 1.5–4.7 kHz,
    /// rate-8k and phone 3.9–4.0, lowpass 4.7–5.0; rate-11k stops at 5.5 kHz, lowpass-6k at 6).
    /// Left out: lowpass-8k, lowpass-10k and rate-16k (content to 8 kHz or more, above the
    /// limit, so such recordings get the main pipeline), MP3, hum, clipping, wow and hiss alone
    /// (full band).
    public static let defaultConditions = ["band-hiss", "band-hiss-dbfs", "tape", "phone", "rate-8k", "rate-11k",
                                           "lowpass-3k", "lowpass-6k"]

    /// The bandwidth warning's limit (`ConditionLimits.gtzan.minimumBandwidthHz`, 7.5 kHz): clean
    /// GTZAN clips measure 8.4–11 kHz, the narrow-band chains at most 6 kHz, so a clean clip is
    /// never answered by the narrow-band pipeline and the warning fires exactly when it answers.
    public static let defaultMaximumBandwidthHz = ConditionLimits.gtzan.minimumBandwidthHz

    /// The band a recording the variant answers is analysed through, after resampling to
    /// 22050 Hz: 300-3300 Hz (−6 dB points), 150-Hz transitions, 100 dB rejection. Every
    /// narrow-band chain keeps it (phone's 300-3400 Hz is the narrowest), so through it the chains
    /// nearly stop moving the features: the mean change from the clean clip through the same band
    /// is 0.00-0.13 std, against 0.57-1.44 without (41 clips; band-hiss, rate-8k, phone, tape;
    /// bench/chains/canonical_narrow.py). On unseen artists (bench.py's six folds) the variant's
    /// accuracy through band-hiss and rate-8k rose from 0.60 of clean to 1.00 and 0.80 on the 11
    /// held-out clips (bench/chains/README.md, "The canonical narrow band").
    public static func inputFilter() -> BandPassFilter {
        BandPassFilter(low: 300, high: 3300, transition: 150, rejection: 100, sampleRate: Recording.sampleRate)
    }
}

/// Which of a model's pipelines answers a recording.
public enum ModelVariant: String, Sendable, Codable {
    /// The model's own pipeline (every recording of a model without a narrow-band variant).
    case main
    /// `GenreModel.narrowband`.
    case narrowband
}

extension GenreModel {
    /// The pipeline for a recording with this measured bandwidth (nil: not measured, e.g.
    /// features from a CSV): the narrow-band one when the model has one and the content stops
    /// below its limit; 0 (no changing sound at all) keeps the main one.
    public func variant(bandwidthHz: Double?) -> ModelVariant {
        guard let narrowband, let bandwidthHz, bandwidthHz > 0, bandwidthHz < narrowband.maximumBandwidthHz else { return .main }
        return .narrowband
    }

    /// Class probabilities of feature rows through the variant's pipeline.
    public func probabilities(_ x: Matrix, variant: ModelVariant) -> Matrix {
        switch variant {
        case .main: return probabilities(x)
        case .narrowband: return (narrowband?.pipeline ?? pipeline).predictProbabilities(x)
        }
    }
}

extension TrainingAugmentation {
    /// The recipe of the narrow-band variant: this one with only `conditions` drawn (the others'
    /// weights set to 0; one of them that the main recipe does not draw, weight 0, drawn with
    /// weight 1); nil without a table or when the table has none of them.
    public func narrowed(to conditions: [String]) -> TrainingAugmentation? {
        guard var table = transfer, copies > 0 else { return nil }
        for i in table.conditions.indices {
            if !conditions.contains(table.conditions[i].name) { table.conditions[i].weight = 0 }
            else if table.conditions[i].weight == 0 { table.conditions[i].weight = 1 }
        }
        guard table.conditions.contains(where: { $0.weight > 0 }) else { return nil }
        var out = self
        out.transfer = table
        out.narrowbandConditions = []
        return out
    }
}
