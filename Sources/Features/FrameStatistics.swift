/// Mean and population variance of a sequence, as `np.mean(x)` and `np.var(x)` (ddof = 0):
/// the Kaggle features summarise every per-frame quantity by these two numbers.
///
/// Two passes (mean first, then squared deviations) keep the variance accurate for values with a
/// large mean and a tiny spread, where the one-pass E[x²] − E[x]² formula cancels badly.
public func meanAndVariance<C: Collection>(_ values: C) -> (mean: Double, variance: Double) where C.Element == Double {
    guard !values.isEmpty else { return (.nan, .nan) }
    var sum = 0.0
    for v in values { sum += v }
    let mean = sum / Double(values.count)
    var squares = 0.0
    for v in values { squares += (v - mean) * (v - mean) }
    return (mean, squares / Double(values.count))
}

/// `meanAndVariance` of the `count` values `value(0), value(1), …`, for long signals (the HPSS
/// waveforms): the same two passes, each with four interleaved partial sums so they are not
/// one latency-bound chain (the result differs from a single running sum only by rounding,
/// ~1e-16 relative; numpy's own pairwise summation differs from both by as much).
@inline(__always)
public func meanAndVariance(count: Int, _ value: (Int) -> Double) -> (mean: Double, variance: Double) {
    guard count > 0 else { return (.nan, .nan) }
    @inline(__always) func total(_ term: (Int) -> Double) -> Double {
        var a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0
        var i = 0
        while i + 4 <= count {
            a0 += term(i); a1 += term(i + 1); a2 += term(i + 2); a3 += term(i + 3)
            i += 4
        }
        while i < count { a0 += term(i); i += 1 }
        return (a0 + a1) + (a2 + a3)
    }
    let mean = total(value) / Double(count)
    let squares = total { let d = value($0) - mean; return d * d }
    return (mean, squares / Double(count))
}

/// Frequencies of the bins of an `fftLength`-point real FFT, as `librosa.fft_frequencies`:
/// bin k is k · sampleRate / fftLength Hz, for k in 0...fftLength/2.
public func fftFrequencies(sampleRate: Double, fftLength: Int) -> [Double] {
    (0...(fftLength / 2)).map { Double($0) * sampleRate / Double(fftLength) }
}

/// Median as `np.median` computes it (mean of the two middle values for an even count); NaN for
/// no values.
public func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    let n = sorted.count
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
}

/// The `p`-quantile (0...1) of ascending `sorted` values with linear interpolation, as
/// `np.quantile(x, p)` (numpy's default "linear" method); NaN for no values.
public func quantile(sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let position = p * Double(sorted.count - 1)
    let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
    return sorted[lower] + (position - Double(lower)) * (sorted[upper] - sorted[lower])
}
