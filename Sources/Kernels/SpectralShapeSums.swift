/// The two sweeps of `Features.SpectralShape.describe` over four frames side by side (rows
/// `r0...r3`, `bins` values each, one frame per lane; each lane does exactly the scalar
/// arithmetic of its frame, in bin order): the sums Σ S, Σ f·S (Double) and Σ S (Float, for the
/// roll-off threshold), and the spread Σ S·scale·(f − centre)². Every operation is elementwise
/// across lanes, so every vector width gives the same bits.
/// Always inlined into its callers (see `LaneMedian.medians`).
@inlinable @inline(__always)
public func spectralSums4<S: BinaryFloatingPoint>(
    _ r0: UnsafePointer<S>, _ r1: UnsafePointer<S>, _ r2: UnsafePointer<S>, _ r3: UnsafePointer<S>,
    frequencies freq: UnsafePointer<Double>, bins: Int
) -> (total: SIMD4<Double>, weighted: SIMD4<Double>, single: SIMD4<Float>) {
    typealias Quad = SIMD4<Double>
    var total = Quad(), weighted = Quad(), single = SIMD4<Float>()
    var k = 0
    while k < bins {
        let s = Quad(Double(r0[k]), Double(r1[k]), Double(r2[k]), Double(r3[k]))
        total += s
        weighted += Quad(repeating: freq[k]) * s
        single += SIMD4<Float>(Float(r0[k]), Float(r1[k]), Float(r2[k]), Float(r3[k]))
        k &+= 1
    }
    return (total, weighted, single)
}

/// Σ_k S[k]·scale·(f[k] − centre)² per lane (see `spectralSums4`).
@inlinable @inline(__always)
public func spectralSpread4<S: BinaryFloatingPoint>(
    _ r0: UnsafePointer<S>, _ r1: UnsafePointer<S>, _ r2: UnsafePointer<S>, _ r3: UnsafePointer<S>,
    frequencies freq: UnsafePointer<Double>, bins: Int, centre: SIMD4<Double>, scale: SIMD4<Double>
) -> SIMD4<Double> {
    typealias Quad = SIMD4<Double>
    var spread = Quad()
    var k = 0
    while k < bins {
        let d = Quad(repeating: freq[k]) - centre
        spread += Quad(Double(r0[k]), Double(r1[k]), Double(r2[k]), Double(r3[k])) * scale * d * d
        k &+= 1
    }
    return spread
}
