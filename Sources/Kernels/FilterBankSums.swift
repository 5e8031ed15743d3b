/// The 12 filter-bank sums of two spectrogram frames (chroma): Σ_k w[k][c]·s[k] for c < 12 and
/// each frame s, with the weights bin-major (12 per bin). Each of the six 4-lane accumulators adds
/// its products in bin order, so the result does not depend on the vector width the build uses
/// (the baseline SSE2 build splits each SIMD4<Double> into two registers, the AVX build keeps it
/// in one), nor on which frame it is paired with. Two frames per call because one frame's sums
/// are a chain of dependent additions, one per bin (four cycles each): the second frame's
/// independent chain fills the wait, and the weights are loaded once for both.
/// Always inlined into its callers (see `LaneMedian.medians` for why not specialised).
@inlinable @inline(__always)
public func filterBankSums12(_ frame0: UnsafePointer<Double>, _ frame1: UnsafePointer<Double>,
                             weights: UnsafeRawPointer, bins: Int)
    -> ((SIMD4<Double>, SIMD4<Double>, SIMD4<Double>), (SIMD4<Double>, SIMD4<Double>, SIMD4<Double>))
{
    typealias V = SIMD4<Double>
    var a0 = V(), a1 = V(), a2 = V(), b0 = V(), b1 = V(), b2 = V()
    for k in 0..<bins {
        let wk = weights + k &* 12 &* MemoryLayout<Double>.stride
        let w0 = wk.loadUnaligned(as: V.self), w1 = wk.loadUnaligned(fromByteOffset: 32, as: V.self)
        let w2 = wk.loadUnaligned(fromByteOffset: 64, as: V.self)
        let sk = V(repeating: frame0[k]), tk = V(repeating: frame1[k])
        a0 += w0 * sk; a1 += w1 * sk; a2 += w2 * sk
        b0 += w0 * tk; b1 += w1 * tk; b2 += w2 * tk
    }
    return ((a0, a1, a2), (b0, b1, b2))
}

/// Four weighted sums at once: Σ_i columns[i]·x[i] for i < count, where `columns` holds one
/// SIMD4<Double> of weights per i, `stride` bytes apart (MFCC's DCT, four coefficients per call).
/// Each lane adds its products in order of i, so every build gives the same bits.
@inlinable @inline(__always)
public func weightedSums4(_ x: UnsafePointer<Double>, columns: UnsafeRawPointer, stride: Int, count: Int)
    -> SIMD4<Double>
{
    typealias V = SIMD4<Double>
    var acc = V()
    for i in 0..<count {
        acc += columns.loadUnaligned(fromByteOffset: i &* stride, as: V.self) * V(repeating: x[i])
    }
    return acc
}

/// One band of a filter bank over four frames at once: lane l is Σ_k weights[k]·frame_l[k] for
/// k < count, frames `stride` values apart from `first` (lanes past `lanes` repeat the last
/// frame). Each lane adds its products in order of k, exactly the scalar sum of its frame, so
/// every build gives the same bits (mel spectrogram).
@inlinable @inline(__always)
public func bandSums4(_ first: UnsafePointer<Double>, stride: Int, lanes: Int,
                      weights: UnsafePointer<Double>, count: Int) -> SIMD4<Double>
{
    typealias V = SIMD4<Double>
    let f0 = first, f1 = first + (lanes > 1 ? stride : 0)
    let f2 = first + (lanes > 2 ? 2 &* stride : 0), f3 = first + (lanes > 3 ? 3 &* stride : 0)
    var acc = V()
    for k in 0..<count {
        acc += V(repeating: weights[k]) * V(f0[k], f1[k], f2[k], f3[k])
    }
    return acc
}
