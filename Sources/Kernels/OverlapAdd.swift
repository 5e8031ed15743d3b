/// One frame of an inverse STFT's overlap-add: out[i] += frame[i]·window[i] for i < `overlap`
/// (positions earlier frames reached) and out[i] = 0 + frame[i]·window[i] for overlap ≤ i < count
/// (positions no frame reached yet, so the sum need not be zeroed first; adding to 0 keeps the
/// bits a zeroed sum gave, −0 included). Four values per step; every operation is elementwise,
/// so every vector width gives the same bits.
/// Always inlined into its callers (see `LaneMedian.medians`).
/// The frame may be Double or Float (the single-precision inverse FFT's output: each value is
/// widened to Double exactly before the product).
@inlinable @inline(__always)
public func overlapAdd<S: BinaryFloatingPoint & SIMDScalar>(
    _ frame: UnsafePointer<S>, window: UnsafePointer<Double>, count: Int, overlap: Int,
    into out: UnsafeMutablePointer<Double>
) {
    typealias D = SIMD4<Double>
    @inline(__always) func load(_ p: UnsafePointer<Double>, _ i: Int) -> D { UnsafeRawPointer(p + i).loadUnaligned(as: D.self) }
    @inline(__always) func value(_ i: Int) -> D { D(UnsafeRawPointer(frame + i).loadUnaligned(as: SIMD4<S>.self)) }
    @inline(__always) func store(_ v: D, _ i: Int) { UnsafeMutableRawPointer(out + i).storeBytes(of: v, as: D.self) }
    let overlap = min(max(overlap, 0), count)
    var i = 0
    while i &+ 4 <= overlap {
        store(load(out, i) + value(i) * load(window, i), i)
        i &+= 4
    }
    while i < overlap { out[i] += Double(frame[i]) * window[i]; i &+= 1 }
    let zero = D(repeating: 0)
    while i &+ 4 <= count {
        store(zero + value(i) * load(window, i), i)
        i &+= 4
    }
    while i < count { out[i] = 0 + Double(frame[i]) * window[i]; i &+= 1 }
}

/// The inverse STFT's window normalisation over one stretch: out[j] = value[j] / norm[j] where
/// norm[j] exceeds the smallest normal number, else value[j] (librosa's istft leaves positions no
/// window covers as they are). Four values per step, elementwise (same bits at every width).
/// Always inlined into its callers (see `LaneMedian.medians`).
@inlinable @inline(__always)
public func normalisedByWindow(_ value: UnsafePointer<Double>, norm: UnsafePointer<Double>, count: Int,
                               into out: UnsafeMutablePointer<Double>) {
    typealias D = SIMD4<Double>
    let smallest = D(repeating: Double.leastNormalMagnitude)
    var j = 0
    while j &+ 4 <= count {
        let n = UnsafeRawPointer(norm + j).loadUnaligned(as: D.self), v = UnsafeRawPointer(value + j).loadUnaligned(as: D.self)
        UnsafeMutableRawPointer(out + j).storeBytes(of: v.replacing(with: v / n, where: n .> smallest), as: D.self)
        j &+= 4
    }
    while j < count { out[j] = norm[j] > Double.leastNormalMagnitude ? value[j] / norm[j] : value[j]; j &+= 1 }
}
