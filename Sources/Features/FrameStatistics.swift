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

/// `meanAndVariance` of the `count` values `value(0), value(1), …, value(count − 1)` followed by
/// `zeros` zeros, for long signals (the HPSS waveforms, whose legacy tail is zero): the same two
/// passes, each with four interleaved partial sums so they vectorise instead of forming one
/// latency-bound chain (the result differs from a single running sum only by rounding, ~1e-16
/// relative; numpy's own pairwise summation differs from both by as much).
@inline(__always)
public func meanAndVariance(count: Int, zeros: Int = 0, _ value: (Int) -> Double) -> (mean: Double, variance: Double) {
    let n = count + max(0, zeros)
    guard n > 0, count >= 0 else { return (.nan, .nan) }
    @inline(__always) func total(_ term: (Int) -> Double) -> Double {
        var a = SIMD2<Double>(), b = SIMD2<Double>()
        var i = 0
        while i + 4 <= count {
            a += SIMD2(term(i), term(i + 1)); b += SIMD2(term(i + 2), term(i + 3))
            i += 4
        }
        var rest = 0.0
        while i < count { rest += term(i); i += 1 }
        return ((a[0] + a[1]) + (b[0] + b[1])) + rest
    }
    let mean = total(value) / Double(n)
    // Each trailing zero deviates from the mean by −mean.
    let squares = total { let d = value($0) - mean; return d * d } + Double(n - count) * (mean * mean)
    return (mean, squares / Double(n))
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
