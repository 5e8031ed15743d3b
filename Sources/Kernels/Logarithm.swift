/// The natural logarithm of four positive normal Doubles at once, to within 1 ulp (as glibc's
/// `log`; they differ in the last bit now and then).
///
/// Why our own: the mel spectrogram's dB (`power_to_db`) takes 165 000 logarithms per 30-s clip,
/// and libm's scalar `log10` cost 84 instructions each (14 M per clip, 3.4 % of `genre
/// features`, callgrind); this is elementwise arithmetic on one vector, so an AVX register does
/// four at a time and the baseline and AVX2 builds give the same bits.
///
/// The method is fdlibm's `__ieee754_log` (Sun Microsystems, 1993), on vectors:
/// - x = 2^k · m with m in [√½, √2): one integer subtraction on the bit pattern moves the
///   exponent so that the mantissa lands in that interval (as in musl), and k is read exactly
///   through the 2^52 magic-number trick (no 64-bit integer-to-Double instruction before AVX-512);
/// - with f = m − 1, s = f / (2 + f): log(1 + f) = f − (f²/2 − s·(f²/2 + R(s²))), where R is
///   fdlibm's Remez polynomial of degree 14 in s (|error| < 2^−58.45 on the interval);
/// - log x = k·ln2_hi − ((f²/2 − (s·(f²/2 + R) + k·ln2_lo)) − f), ln 2 split in two so that
///   k·ln2_hi is exact.
///
/// Only for lanes holding positive normal finite numbers (the caller substitutes the others):
/// zero, negatives, subnormals, infinities and NaN give meaningless values here.
@inlinable @inline(__always)
public func naturalLogarithm(_ x: SIMD4<Double>) -> SIMD4<Double> {
    typealias D = SIMD4<Double>
    typealias U = SIMD4<UInt64>
    // √½'s bit pattern: subtracting it (and adding 1.0's) puts the mantissa of x/2^k in [√½, √2).
    let sqrtHalf: UInt64 = 0x3FE6_A09E_667F_3BCD
    let one: UInt64 = 0x3FF0_0000_0000_0000
    let bits = unsafeBitCast(x, to: U.self) &- U(repeating: sqrtHalf) &+ U(repeating: one)
    let mantissa = unsafeBitCast((bits & U(repeating: 0x000F_FFFF_FFFF_FFFF)) &+ U(repeating: sqrtHalf), to: D.self)
    // The biased exponent e (0…2047) as a Double: 2^52 + e has e in its low mantissa bits.
    let magic = unsafeBitCast((bits &>> 52) | U(repeating: 0x4330_0000_0000_0000), to: D.self)
    let k = magic - D(repeating: 4_503_599_627_370_496 + 1023)
    let f = mantissa - 1
    let s = f / (2 + f)
    let z = s * s, w = z * z
    let t1 = w * (0.3999999999940941908 + w * (0.2222219843214978396 + w * 0.1531383769920937332))
    let t2 = z * (0.6666666666666735130 + w * (0.2857142874366239149 + w * (0.1818357216161805012 + w * 0.1479819860511658591)))
    let r = t2 + t1
    let halfSquare = 0.5 * f * f
    let ln2High = 6.93147180369123816490e-01, ln2Low = 1.90821492927058770002e-10
    return k * ln2High - ((halfSquare - (s * (halfSquare + r) + k * ln2Low)) - f)
}

/// librosa.power_to_db's logarithm of `count` powers: out[i] = 10·log10(max(amin, x[i])) − offset,
/// four at a time through `naturalLogarithm` (10·log10 y = ln y · 10/ln 10). A NaN power gives
/// amin's value (as Swift's `max(amin, .nan)`), +∞ gives +∞. `amin` must be a positive normal
/// number. Every lane is computed alike, the last partial group too, so a value does not depend
/// on where in the array it sits (the shared-window path relies on that) or on the vector width.
/// Always inlined into its callers (see `LaneMedian.medians`).
@inlinable @inline(__always)
public func decibelsOfPowers(_ x: UnsafePointer<Double>, count: Int, amin: Double, offset: Double,
                             into out: UnsafeMutablePointer<Double>) {
    typealias D = SIMD4<Double>
    let floor = D(repeating: amin), infinity = D(repeating: .infinity)
    let scale = D(repeating: 4.342944819032518276511289)  // 10 / ln 10
    @inline(__always) func convert(_ v: D) -> D {
        // v .> amin is false for NaN, so NaN takes amin as max(amin, NaN) does.
        let y = floor.replacing(with: v, where: v .> floor)
        return (naturalLogarithm(y) * scale - D(repeating: offset)).replacing(with: infinity, where: y .== infinity)
    }
    var i = 0
    while i &+ 4 <= count {
        let v = UnsafeRawPointer(x + i).loadUnaligned(as: D.self)
        UnsafeMutableRawPointer(out + i).storeBytes(of: convert(v), as: D.self)
        i &+= 4
    }
    if i < count {
        var v = D(repeating: 1)
        for j in 0..<(count &- i) { v[j] = x[i &+ j] }
        let y = convert(v)
        for j in 0..<(count &- i) { out[i &+ j] = y[j] }
    }
}
