import Foundation

/// Power to decibels, as `librosa.power_to_db(S, ref=1.0, amin=1e-10, top_db=80.0)`:
/// 10·log10(max(amin, S)) − 10·log10(max(amin, ref)), then floored at (maximum − topDB), where
/// the maximum is taken over all of `values` (the whole spectrogram given).
///
/// - Parameters:
///   - reference: `ref`, default 1.
///   - amin: floor before the logarithm, default 1e-10.
///   - topDB: dynamic range kept below the maximum, default 80; nil keeps everything.
public func powerToDB(_ values: [Double], reference: Double = 1, amin: Double = 1e-10, topDB: Double? = 80) -> [Double] {
    let offset = 10 * log10(max(amin, abs(reference)))
    var out = values.map { 10 * log10(max(amin, $0)) - offset }
    if let topDB { floorDecibels(&out, topDB: topDB) }
    return out
}

/// `powerToDB`'s top_db step alone: values below (maximum − topDB) raised to it, the maximum
/// taken over all of `values` (so `powerToDB(x, topDB: nil)` then this is `powerToDB(x)`).
func floorDecibels(_ values: inout [Double], topDB: Double = 80) {
    guard let peak = values.max() else { return }
    let floor = peak - topDB
    for i in values.indices where values[i] < floor { values[i] = floor }
}

extension Spectrogram {
    /// This power spectrogram in dB, as `librosa.power_to_db` (see `powerToDB`).
    public func decibels(reference: Double = 1, amin: Double = 1e-10, topDB: Double? = 80) -> Spectrogram {
        Spectrogram(binCount: binCount, frameCount: frameCount,
                    values: powerToDB(values, reference: reference, amin: amin, topDB: topDB))
    }
}
