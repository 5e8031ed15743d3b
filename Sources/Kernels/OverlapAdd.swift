/// One frame of an inverse STFT's overlap-add: out[i] += frame[i]·window[i] for i < `overlap`
/// (positions earlier frames reached) and out[i] = 0 + frame[i]·window[i] for overlap ≤ i < count
/// (positions no frame reached yet, so the sum need not be zeroed first; adding to 0 keeps the
/// bits a zeroed sum gave, −0 included). Four values per step; every operation is elementwise,
/// so every vector width gives the same bits.
/// Always inlined into its callers (see `LaneMedian.medians`).
/// The frame may be Double or Float (the single-precision inverse FFT's output: each value is
/// widened to Double exactly before the product). So may the sum: a Float sum has each addition
/// done in Double and rounded to Float, as librosa's istft adds its float64 windowed frames into a
/// float32 signal (`y[..., sample:sample + n] += ytmp[..., :n, frame]`, the signal complex64's real
/// counterpart).
@inlinable @inline(__always)
public func overlapAdd<S: BinaryFloatingPoint & SIMDScalar, O: BinaryFloatingPoint & SIMDScalar>(
    _ frame: UnsafePointer<S>, window: UnsafePointer<Double>, count: Int, overlap: Int,
    into out: UnsafeMutablePointer<O>
) {
    typealias D = SIMD4<Double>
    @inline(__always) func load(_ p: UnsafePointer<Double>, _ i: Int) -> D { UnsafeRawPointer(p + i).loadUnaligned(as: D.self) }
    @inline(__always) func sum(_ i: Int) -> D { D(UnsafeRawPointer(out + i).loadUnaligned(as: SIMD4<O>.self)) }
    @inline(__always) func value(_ i: Int) -> D { D(UnsafeRawPointer(frame + i).loadUnaligned(as: SIMD4<S>.self)) }
    @inline(__always) func store(_ v: D, _ i: Int) { UnsafeMutableRawPointer(out + i).storeBytes(of: SIMD4<O>(v), as: SIMD4<O>.self) }
    let overlap = min(max(overlap, 0), count)
    var i = 0
    while i &+ 4 <= overlap {
        store(sum(i) + value(i) * load(window, i), i)
        i &+= 4
    }
    while i < overlap { out[i] = O(Double(out[i]) + Double(frame[i]) * window[i]); i &+= 1 }
    let zero = D(repeating: 0)
    while i &+ 4 <= count {
        store(zero + value(i) * load(window, i), i)
        i &+= 4
    }
    while i < count { out[i] = O(0 + Double(frame[i]) * window[i]); i &+= 1 }
}

/// The inverse STFT's window normalisation over one stretch: out[j] = value[j] / norm[j] where
/// norm[j] exceeds the smallest normal number, else value[j] (librosa's istft leaves positions no
/// window covers as they are, its `util.tiny` threshold). Four values per step, elementwise (same
/// bits at every width).
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

/// As the Double form, in Float (Float's smallest normal number), eight values per step: librosa
/// divides its float32 signal by its float32 window sum. Written for the concrete type: the
/// generic SIMD comparison compiles to a loop over the lanes (measured: 9 % of a bench/features
/// time profile, against 2 % for this form's Double counterpart).
@inlinable @inline(__always)
public func normalisedByWindow(_ value: UnsafePointer<Float>, norm: UnsafePointer<Float>, count: Int,
                               into out: UnsafeMutablePointer<Float>) {
    typealias F = SIMD8<Float>
    let smallest = F(repeating: Float.leastNormalMagnitude)
    var j = 0
    while j &+ 8 <= count {
        let n = UnsafeRawPointer(norm + j).loadUnaligned(as: F.self), v = UnsafeRawPointer(value + j).loadUnaligned(as: F.self)
        UnsafeMutableRawPointer(out + j).storeBytes(of: v.replacing(with: v / n, where: n .> smallest), as: F.self)
        j &+= 8
    }
    while j < count { out[j] = norm[j] > Float.leastNormalMagnitude ? value[j] / norm[j] : value[j]; j &+= 1 }
}
