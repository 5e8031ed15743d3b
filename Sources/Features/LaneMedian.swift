/// Running medians of `V.scalarCount` independent sequences at once, one per SIMD lane: the
/// kernel behind `MedianFilter.alongTime` / `alongFrequency` and HPSS.
///
/// Each lane keeps its window sorted in `size` slots (+∞ sentinel after them). One step removes
/// the outgoing value o and inserts the incoming value v with a fixed, branch-free sweep over all
/// slots, so every lane does the same work whatever its data:
///   deletion   a[j] = w[j] < o ? w[j] : w[j+1]      (o is in the window, so w[j] ≥ o from its slot on)
///   insertion  n[j] = max(a[j−1], min(a[j], v))     (sorted insertion as a clamp; a[−1] = −∞)
/// The result is exactly the order statistic of rank `size / 2` (no arithmetic on the values),
/// so it equals scipy's `median_filter` bit for bit in Double. For 31-sample windows this is
/// several times faster than the scalar sorted window with binary searches and memmove.
/// NaN values neither crash nor hang it, but outputs of a lane after a NaN are unspecified.
enum LaneMedian {
    /// Largest window the lane kernel is used for (its cost grows linearly with the size);
    /// longer windows go to the scalar `SlidingMedian`.
    static let maximumSize = 64

    /// Four lanes of Double (two SSE registers).
    typealias Vector = SIMD4<Double>

    @inline(__always) static func minimum(_ a: Vector, _ b: Vector) -> Vector {
        a.replacing(with: b, where: b .< a)
    }

    @inline(__always) static func maximum(_ a: Vector, _ b: Vector) -> Vector {
        a.replacing(with: b, where: a .< b)
    }

    /// Medians of rank `size / 2` of every window of `size` consecutive positions of `ext`
    /// (`count + size − 1` positions, already boundary-extended), into `out[0..<count]`.
    /// `window` is scratch for `size + 1` vectors.
    /// (Concrete, not generic: the debug build of the tests does not specialise generics, and the
    /// unspecialised SIMD code is a thousand times slower.)
    static func run(_ ext: UnsafePointer<Vector>, count n: Int, size: Int,
                    window win: UnsafeMutablePointer<Vector>, into out: UnsafeMutablePointer<Vector>) {
        typealias V = Vector
        guard n > 0, size > 0 else { return }
        let inf = V(repeating: .infinity), ninf = V(repeating: -.infinity)
        for j in 0...size { win[j] = inf }
        // Build the first window by insertion into the +∞-filled slots.
        for i in 0..<size {
            let v = ext[i]
            var prev = ninf
            for j in 0..<size {
                let a = win[j]
                win[j] = maximum(prev, minimum(a, v))
                prev = a
            }
        }
        let rank = size / 2
        out[0] = win[rank]
        var i = 1
        while i < n {
            let o = ext[i - 1], v = ext[i + size - 1]
            var prev = ninf
            var wj = win[0]
            for j in 0..<size {
                let next = win[j + 1]
                let a = wj.replacing(with: next, where: .!(wj .< o))
                win[j] = maximum(prev, minimum(a, v))
                prev = a
                wj = next
            }
            out[i] = win[rank]
            i += 1
        }
    }

    /// Four lanes of Float: twice the lanes per register of `Vector`, for HPSS inside the Kaggle
    /// extractor, whose reference (librosa in float32) had single-precision magnitudes anyway.
    typealias FloatVector = SIMD4<Float>

    @inline(__always) static func minimum(_ a: FloatVector, _ b: FloatVector) -> FloatVector {
        a.replacing(with: b, where: b .< a)
    }

    @inline(__always) static func maximum(_ a: FloatVector, _ b: FloatVector) -> FloatVector {
        a.replacing(with: b, where: a .< b)
    }

    /// Medians of rank `size / 2` of every window of `size` consecutive positions of `ext`
    /// (`count + size − 1` positions, already boundary-extended), into `out[0..<count]`.
    /// `window` is scratch for `size + 1` vectors.
    /// (Concrete, not generic: the debug build of the tests does not specialise generics, and the
    /// unspecialised SIMD code is a thousand times slower.)
    static func runSingle(_ ext: UnsafePointer<FloatVector>, count n: Int, size: Int,
                    window win: UnsafeMutablePointer<FloatVector>, into out: UnsafeMutablePointer<FloatVector>) {
        typealias V = FloatVector
        guard n > 0, size > 0 else { return }
        let inf = V(repeating: .infinity), ninf = V(repeating: -.infinity)
        for j in 0...size { win[j] = inf }
        // Build the first window by insertion into the +∞-filled slots.
        for i in 0..<size {
            let v = ext[i]
            var prev = ninf
            for j in 0..<size {
                let a = win[j]
                win[j] = maximum(prev, minimum(a, v))
                prev = a
            }
        }
        let rank = size / 2
        out[0] = win[rank]
        var i = 1
        while i < n {
            let o = ext[i - 1], v = ext[i + size - 1]
            var prev = ninf
            var wj = win[0]
            for j in 0..<size {
                let next = win[j + 1]
                let a = wj.replacing(with: next, where: .!(wj .< o))
                win[j] = maximum(prev, minimum(a, v))
                prev = a
                wj = next
            }
            out[i] = win[rank]
            i += 1
        }
    }
}
