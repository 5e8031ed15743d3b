/// What the Kaggle extractor's STFT keeps of one frame's spectrum X = re + i·im (`count` bins):
/// power[b] = re² + im² (Double), magnitude[b] = Float(√power[b]), real/imag[b] = Float(re/im)
/// (complex64); returns the frame's largest power (NaN ignored, 0 for none) and the sum of the
/// powers (finite exactly when every power is, barring overflow of the sum past ~1e307).
/// Four bins per step; every stored value is elementwise, so every vector width gives the same bits.
/// Always inlined into its callers (see `LaneMedian.medians`).
@inlinable @inline(__always)
public func spectrumProducts(re: UnsafePointer<Double>, im: UnsafePointer<Double>, count: Int,
                             power: UnsafeMutablePointer<Double>, magnitude: UnsafeMutablePointer<Float>,
                             real: UnsafeMutablePointer<Float>, imag: UnsafeMutablePointer<Float>)
    -> (maximum: Double, sum: Double)
{
    typealias D = SIMD4<Double>
    @inline(__always) func put<T: SIMD>(_ v: T, _ to: UnsafeMutablePointer<T.Scalar>) {
        UnsafeMutableRawPointer(to).storeBytes(of: v, as: T.self)
    }
    var peak = D(repeating: 0), sum = D(repeating: 0)
    var b = 0
    while b &+ 4 <= count {
        let x = UnsafeRawPointer(re + b).loadUnaligned(as: D.self), y = UnsafeRawPointer(im + b).loadUnaligned(as: D.self)
        let q = x * x + y * y
        put(q, power + b)
        put(SIMD4<Float>(q.squareRoot()), magnitude + b)
        put(SIMD4<Float>(x), real + b)
        put(SIMD4<Float>(y), imag + b)
        peak.replace(with: q, where: peak .< q)
        sum += q
        b &+= 4
    }
    var maximum = 0.0
    for l in 0..<4 where peak[l] > maximum { maximum = peak[l] }
    var total = sum.sum()
    while b < count {
        let q = re[b] * re[b] + im[b] * im[b]
        power[b] = q
        magnitude[b] = Float(q.squareRoot())
        real[b] = Float(re[b])
        imag[b] = Float(im[b])
        if q > maximum { maximum = q }
        total += q
        b &+= 1
    }
    return (maximum, total)
}
