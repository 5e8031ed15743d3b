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
/// `zeros` zeros, for long signals (the HPSS waveforms, whose legacy tail is zero), in one pass:
/// the shifted-data formula var = E[d²] − E[d]² with d = v − value(0), so the sums stay small
/// when the values sit far from 0 but close together (the cancellation that makes the naive
/// E[v²] − E[v]² inaccurate needs |mean − value(0)| ≫ spread). The sums are interleaved in two
/// vector accumulators, four partial sums each, instead of one latency-bound chain. The result
/// differs from the two-pass `meanAndVariance` by rounding only: ~1e-16 of E[d²] absolute.
@inline(__always)
public func meanAndVariance(count: Int, zeros: Int = 0, _ value: (Int) -> Double) -> (mean: Double, variance: Double) {
    let n = count + max(0, zeros)
    guard n > 0, count >= 0 else { return (.nan, .nan) }
    var moments = ShiftedMoments(shift: count > 0 ? value(0) : 0)
    var i = 0
    while i + 4 <= count {
        moments.add4(value(i), value(i + 1), value(i + 2), value(i + 3))
        i += 4
    }
    while i < count { moments.add(value(i)); i += 1 }
    return moments.result(zeros: n - count)
}

/// The running sums of `meanAndVariance(count:zeros:_:)`, so that values stored in pieces (the
/// shared path's harmonic waveform: the window's own near its ends, the span's in between) can be
/// fed piece by piece with the same arithmetic, in the same order, as one array: the same bits.
/// Values go in four at a time (`add4`), then at most three one at a time (`add`) at the very end.
public struct ShiftedMoments {
    /// Every value is taken relative to this (the first value, see `meanAndVariance(count:zeros:_:)`).
    public let shift: Double
    private var s0 = SIMD2<Double>(), s1 = SIMD2<Double>(), q0 = SIMD2<Double>(), q1 = SIMD2<Double>()
    private var sum = 0.0, squares = 0.0
    /// Values added so far.
    public private(set) var count = 0

    @inline(__always) public init(shift: Double) { self.shift = shift }

    @inline(__always) public mutating func add4(_ a: Double, _ b: Double, _ c: Double, _ d: Double) {
        let x = SIMD2(a, b) - shift, y = SIMD2(c, d) - shift
        s0 += x; s1 += y; q0 += x * x; q1 += y * y
        count += 4
    }

    @inline(__always) public mutating func add(_ v: Double) {
        let d = v - shift
        sum += d; squares += d * d
        count += 1
    }

    /// Mean and population variance of the values added and `zeros` zeros after them.
    @inline(__always) public func result(zeros: Int) -> (mean: Double, variance: Double) {
        let n = count + max(0, zeros)
        guard n > 0 else { return (.nan, .nan) }
        // Each trailing zero deviates from the shift by −shift.
        let tail = Double(n - count)
        var sum = self.sum, squares = self.squares
        sum += (s0 + s1).sum() - tail * shift
        squares += (q0 + q1).sum() + tail * (shift * shift)
        let meanOffset = sum / Double(n)
        return (shift + meanOffset, max(0, squares / Double(n) - meanOffset * meanOffset))
    }
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
    // Selection on a copy, not a sort: the chroma's tuning takes the median of ~10^4 peak
    // magnitudes per clip (1.65 M instructions sorted).
    var copy = values
    let n = copy.count
    let (lower, upper) = copy.withUnsafeMutableBufferPointer { selectRank($0.baseAddress!, n, rank: n / 2) }
    return n % 2 == 1 ? upper : (lower + upper) / 2
}

/// The element of rank `k` (0-based) of `x[0..<n]` by quickselect in place (x is reordered),
/// and the largest element before it (rank k − 1; x[0] when k = 0).
func selectRank(_ x: UnsafeMutablePointer<Double>, _ n: Int, rank k: Int)
    -> (lower: Double, upper: Double)
{
    @inline(__always) func swap(_ i: Int, _ j: Int) { let t = x[i]; x[i] = x[j]; x[j] = t }
    var lo = 0, hi = n - 1
    while lo < hi {
        // Three-way partition of x[lo...hi] around a median-of-three pivot (the envelope's
        // differences are often many equal zeros): < pivot, == pivot, > pivot.
        let a = x[lo], b = x[lo + (hi - lo) / 2], c = x[hi]
        let pivot = max(min(a, b), min(max(a, b), c))
        var lt = lo, i = lo, gt = hi
        while i <= gt {
            if x[i] < pivot { swap(i, lt); lt += 1; i += 1 }
            else if x[i] > pivot { swap(i, gt); gt -= 1 }
            else { i += 1 }
        }
        if k < lt { hi = lt - 1 } else if k > gt { lo = gt + 1 } else { break }
    }
    let upper = x[k]
    // Everything before k is ≤ x[k]: the value of rank k − 1 is their maximum.
    var lower = x[0]
    for i in 1..<max(k, 1) where x[i] > lower { lower = x[i] }
    return (lower, upper)
}

/// The `p`-quantile (0...1) of ascending `sorted` values with linear interpolation, as
/// `np.quantile(x, p)` (numpy's default "linear" method); NaN for no values.
public func quantile(sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let position = p * Double(sorted.count - 1)
    let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
    return sorted[lower] + (position - Double(lower)) * (sorted[upper] - sorted[lower])
}
