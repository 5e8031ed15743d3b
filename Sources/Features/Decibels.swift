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
    var out: [Double]
    if amin >= Double.leastNormalMagnitude, amin.isFinite {
        // Four logarithms per vector (`Kernels.decibelsOfPowers`, within 1 ulp of libm's).
        out = [Double](unsafeUninitializedCapacity: values.count) { buffer, initialised in
            values.withUnsafeBufferPointer { x in
                if let source = x.baseAddress, let target = buffer.baseAddress {
                    dispatchedDecibelsOfPowers(source, count: x.count, amin: amin, offset: offset, into: target)
                }
            }
            initialised = values.count
        }
    } else {
        // The kernel needs a normal floor; a subnormal or zero amin takes libm's scalar log10.
        out = values.map { 10 * log10(max(amin, $0)) - offset }
    }
    if let topDB { floorDecibels(&out, topDB: topDB) }
    return out
}

/// `powerToDB`'s top_db step alone: values below (maximum − topDB) raised to it, the maximum
/// taken over all of `values` (so `powerToDB(x, topDB: nil)` then this is `powerToDB(x)`).
func floorDecibels(_ values: inout [Double], topDB: Double = 80) {
    guard !values.isEmpty else { return }
    values.withUnsafeMutableBufferPointer { v in
        // Four lanes of maxima, then four values at a time raised to the floor (the maximum of
        // maxima is the maximum whatever the grouping). A NaN is skipped by the maximum and
        // kept by the floor; `powerToDB` never gives one.
        typealias D = SIMD4<Double>
        let n = v.count, base = v.baseAddress!
        var peaks = D(repeating: -.infinity), i = 0
        while i + 4 <= n {
            let x = UnsafeRawPointer(base + i).loadUnaligned(as: D.self)
            peaks.replace(with: x, where: x .> peaks)
            i += 4
        }
        var peak = peaks.max()
        while i < n { if v[i] > peak { peak = v[i] }; i += 1 }
        let floor = peak - topDB, floors = D(repeating: floor)
        i = 0
        while i + 4 <= n {
            let x = UnsafeRawPointer(base + i).loadUnaligned(as: D.self)
            UnsafeMutableRawPointer(base + i).storeBytes(of: x.replacing(with: floors, where: x .< floors), as: D.self)
            i += 4
        }
        while i < n { if v[i] < floor { v[i] = floor }; i += 1 }
    }
}

extension Spectrogram {
    /// This power spectrogram in dB, as `librosa.power_to_db` (see `powerToDB`).
    public func decibels(reference: Double = 1, amin: Double = 1e-10, topDB: Double? = 80) -> Spectrogram {
        Spectrogram(binCount: binCount, frameCount: frameCount,
                    values: powerToDB(values, reference: reference, amin: amin, topDB: topDB))
    }
}
