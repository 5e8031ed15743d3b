/// Σ a[i]·b[i] over i < n in Float, the resampler's inner product (one output sample: ~1900
/// taps for 48 kHz → 22050 Hz with the sharp filter). Four 8-lane partial sums, so four
/// independent additions are in flight instead of one latency-bound chain; lane l of sum j
/// adds the products i ≡ 8j + l (mod 32) in order, and the partial sums are combined in a fixed
/// order, so every vector width gives the same bits. A multiple of 8 for n is fastest (the
/// resampler's rows are); the last n mod 8 products are added one by one.
/// Always inlined into its callers (see `LaneMedian.medians`).
@inlinable @inline(__always)
public func floatDot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
    typealias V = SIMD8<Float>
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    @inline(__always) func product(_ i: Int) -> V {
        ra.loadUnaligned(fromByteOffset: 4 &* i, as: V.self) * rb.loadUnaligned(fromByteOffset: 4 &* i, as: V.self)
    }
    var s0 = V(), s1 = V(), s2 = V(), s3 = V()
    var i = 0
    while i &+ 32 <= n {
        s0 += product(i); s1 += product(i &+ 8); s2 += product(i &+ 16); s3 += product(i &+ 24)
        i &+= 32
    }
    if i &+ 8 <= n { s0 += product(i); i &+= 8 }
    if i &+ 8 <= n { s1 += product(i); i &+= 8 }
    if i &+ 8 <= n { s2 += product(i); i &+= 8 }
    var total = ((s0 + s1) + (s2 + s3)).sum()
    while i < n { total += a[i] * b[i]; i &+= 1 }
    return total
}
