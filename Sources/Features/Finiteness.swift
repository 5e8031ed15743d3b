/// Whether every value is finite, eight at a time: x − x is 0 for a finite x and NaN for ±∞ or
/// NaN, and a NaN survives every later addition, so one test at the end decides.
/// (`allSatisfy(\.isFinite)` spent a compare and a branch per value: HPSS checks a clip's 1.3 M
/// Float magnitudes before taking the single-precision route.)
func allFinite(_ values: [Float]) -> Bool {
    values.withUnsafeBufferPointer { allFinite($0) }
}

/// As `allFinite(_:)` of an array, of values read in place.
func allFinite(_ v: UnsafeBufferPointer<Float>) -> Bool {
    guard let base = v.baseAddress else { return true }
    typealias V = SIMD8<Float>
    var sum = V(repeating: 0)
    var i = 0
    let n = v.count
    while i &+ V.scalarCount <= n {
        let x = UnsafeRawPointer(base + i).loadUnaligned(as: V.self)
        sum += x - x
        i &+= V.scalarCount
    }
    var rest: Float = 0
    while i < n { rest += base[i] - base[i]; i &+= 1 }
    return sum.sum() + rest == 0
}

/// Whether every magnitude Float(√p) of a spectrum is finite, from what `STFT.analysed` already
/// knows of its powers p: all finite (`finite`) and each frame's largest below the square of the
/// largest Float. Lets the Kaggle extractor skip `allFinite` over its 1.3 M magnitudes (1.3 % of
/// a bench/features time profile: a pass over 5.3 MB no longer in cache).
func magnitudesFiniteInFloat(powersFinite finite: Bool, frameMaxima: [Double]) -> Bool {
    // Below this power the square root is below Float's largest value, so it rounds to a finite Float.
    let limit = Double(Float.greatestFiniteMagnitude) * Double(Float.greatestFiniteMagnitude)
    return finite && frameMaxima.allSatisfy { $0 < limit }
}
