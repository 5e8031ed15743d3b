/// One frame of HPSS's masked spectrum D·softmask(H, P) (power 2): for each bin b < count,
/// mask = H²/(H² + P²) (0.5 where both vanish, librosa's split zeros) and
/// (re, im)[b] = (xr, xi)[b]·mask, in Double (then rounded to Float when the output is Float). H and P are Floats, so their squares in Double can
/// neither overflow nor underflow and one division per bin is exact to rounding. `p` is read
/// `pStride` Floats apart (one lane of the frequency-median vectors). Four bins per step; every
/// operation is elementwise, so every vector width gives the same bits.
/// Always inlined into its callers (see `LaneMedian.medians`).
@inlinable @inline(__always)
public func softMaskedBins<S: BinaryFloatingPoint, O: BinaryFloatingPoint & SIMDScalar>(
    h: UnsafePointer<Float>, p: UnsafePointer<Float>, pStride: Int,
    xr: UnsafePointer<S>, xi: UnsafePointer<S>,
    re: UnsafeMutablePointer<O>, im: UnsafeMutablePointer<O>, count: Int
) {
    typealias D = SIMD4<Double>
    @inline(__always) func load(_ q: UnsafePointer<S>, _ b: Int) -> D {
        D(Double(q[b]), Double(q[b &+ 1]), Double(q[b &+ 2]), Double(q[b &+ 3]))
    }
    // The product is formed in Double and rounded once to the output's precision.
    @inline(__always) func store(_ v: D, _ q: UnsafeMutablePointer<O>, _ b: Int) {
        UnsafeMutableRawPointer(q + b).storeBytes(of: SIMD4<O>(v), as: SIMD4<O>.self)
    }
    var b = 0
    while b &+ 4 <= count {
        let x = D(SIMD4<Float>(h[b], h[b &+ 1], h[b &+ 2], h[b &+ 3]))
        let y = D(SIMD4<Float>(p[b &* pStride], p[(b &+ 1) &* pStride], p[(b &+ 2) &* pStride], p[(b &+ 3) &* pStride]))
        let a = x * x, total = a + y * y
        let mask = D(repeating: 0.5).replacing(with: a / total, where: total .> 0)
        store(load(xr, b) * mask, re, b)
        store(load(xi, b) * mask, im, b)
        b &+= 4
    }
    while b < count {
        let x = Double(h[b]), y = Double(p[b &* pStride])
        let a = x * x, total = a + y * y
        let mask = total > 0 ? a / total : 0.5
        re[b] = O(Double(xr[b]) * mask); im[b] = O(Double(xi[b]) * mask)
        b &+= 1
    }
}
