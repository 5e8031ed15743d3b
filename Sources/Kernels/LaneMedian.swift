/// Running medians of `V.scalarCount` independent sequences at once, one per SIMD lane: the
/// kernel behind `MedianFilter.alongTime` / `alongFrequency` and HPSS.
///
/// Method: block decomposition (k = size, r = k / 2 the 0-based rank, K = r + 1, D = k − K).
/// The input is cut into aligned blocks of k positions. The window at offset b of a block is the
/// suffix of that block of length k − b followed by the prefix of the next block of length b,
/// and its median is the K-th smallest element of the union of two sorted lists:
///   K-th smallest of A ∪ B = min over i + j = K of max(A[i], B[j])   (1-based, A[0] = B[0] = −∞,
///   0 ≤ i ≤ |A|, 0 ≤ j ≤ |B|): every such max is ≥ the K-th smallest, since A[1...i] and
///   B[1...j] are K elements ≤ it, and the split that takes the i and j elements of A and B
///   lying among the K smallest attains it.
/// Per lane, with only min and max (so the result is one of the window's own values, no
/// arithmetic):
///  - the sorted suffixes of a block, lengths 1...k, are built by insertion only, each from the
///    previous one out of place, and kept: inserting v, L[j] = max(s[j − 1], min(s[j], v)) (a
///    clamp; s[0] = −∞, entries past a list's length +∞);
///  - the sorted prefixes of the next block are built the same way (two alternating lists);
///  - window b then takes min over j of max(prefix_b[j], suffix_(k−b)[K − j]).
/// Only entries that some window reads are computed: for a list of length m, entries
/// max(1, m − D)...min(K, m), a band that the clamp keeps closed (entry j needs only entries
/// j − 1 and j of the shorter list). Both kinds of list have the same band for the same length,
/// so while the windows of block B are selected, one sweep per window also builds the prefix
/// and the suffix of that length of block B + 1. Sweeps run in pairs of entries, so a band of
/// odd length gets one extra entry after it: below K that is the +∞ past the list's end; at
/// K + 1 it is a window value (or +∞), read only by other such extra entries, and the term it
/// adds to a selection is ≥ prefix_(b−1)[K] ≥ the median, so the minimum keeps its value.
/// Loop bounds depend only on k and the window position, so every lane does the same work
/// whatever its data. Result: bit for bit the element of rank `size / 2` (so equal to scipy's
/// `median_filter` in Double), except that a zero median of a window holding both +0 and −0 may
/// come out with either sign (so could the former kernel's, whose deletion removed whichever
/// zero came first). NaN values neither crash nor hang it (bounds ignore the data), but outputs
/// of windows near a NaN are unspecified.
/// Cost (k = 31, measured with callgrind): about 9 fused steps of ~13.5 instructions per output
/// plus ~40 of loop bookkeeping, ~165 instructions per output, against ~525 for the former
/// kernel, which kept each window sorted and swept all k slots with a deletion and an insertion
/// per step. Scratch: one allocation per call of (2k + 4)·(K + 2) vectors (the suffix lists of
/// two blocks and two prefix lists); `window` is not used.
public enum LaneMedian {
    /// Largest window the lane kernel is used for (its scratch grows as size²);
    /// longer windows go to the scalar `SlidingMedian`.
    public static let maximumSize = 64

    @inlinable @inline(__always) static func minimum<V: LaneVector>(_ a: V, _ b: V) -> V { V.lanewiseMinimum(a, b) }

    @inlinable @inline(__always) static func maximum<V: LaneVector>(_ a: V, _ b: V) -> V { V.lanewiseMaximum(a, b) }

    /// The kernel, generic over the lane vector and always inlined, so that each caller compiles
    /// it for its lane type with its own code generation: Features for baseline x86-64 (SSE2),
    /// KernelsHaswell for AVX2 (one 256-bit register per SIMD8<Float> or SIMD4<Double>).
    /// (Inlined rather than specialised: specialisations of one generic function share a symbol
    /// name across modules, and the linker would keep one build for both callers.)
    /// Only comparisons: every build gives the same bits.
    @inlinable @inline(__always)
    public static func medians<V: LaneVector>(_ ext: UnsafePointer<V>, count n: Int, size: Int,
                                               into out: UnsafeMutablePointer<V>) {
        guard n > 0, size > 0 else { return }
        let k = size, K = size / 2 + 1, D = k - K, W = K + 2
        let inf = V(repeating: .infinity), ninf = V(repeating: -.infinity)
        // Lists of W slots: entry j in slot j, slot 0 = −∞ (never written), slot K + 1 for the
        // odd step. Slots past a list's length stay +∞ (only ever rewritten with +∞).
        // Two sets of suffix lists (lengths 0...k: the current block's, read, and the next one's,
        // built), then two prefix lists (lengths b − 1 and b, alternating).
        let listCount = 2 * (k + 1) + 2
        let lists = UnsafeMutablePointer<V>.allocate(capacity: listCount * W)
        defer { lists.deallocate() }
        for l in 0..<listCount {
            let list = lists + l * W
            list[0] = ninf
            for j in 1..<W { list[j] = inf }
        }
        var cur = lists, next = lists + (k + 1) * W
        let prefixA = lists + 2 * (k + 1) * W, prefixB = prefixA + W
        // Suffixes of block 0: list a (inserting ext[k − a]) from list a − 1, over its band.
        do {
            var src = cur, x = ext + (k - 1)
            var a = 1
            while a <= k {
                let lo = a > D ? a &- D : 1, hi = a < K ? a : K
                var pairs = (hi &- lo &+ 2) >> 1
                var s = src + lo, d = s + W
                let v = x.pointee
                while pairs > 0 {
                    d[0] = maximum(s[-1], minimum(s[0], v))
                    d[1] = maximum(s[0], minimum(s[1], v))
                    s += 2; d += 2; pairs &-= 1
                }
                src += W; x -= 1; a &+= 1
            }
        }
        var base = 0
        while true {
            // Window `base`: the whole block, entry K of its suffix of length k.
            out[base] = cur[k &* W &+ K]
            for j in 1..<W { prefixA[j] = inf; prefixB[j] = inf }
            var old = prefixA, new = prefixB
            // Entry K of the suffix of length k − b (b = 1 first), read downwards from there.
            // It is the split j = 0 while that suffix has K entries, else +∞ (past its length).
            var top = cur + ((k &- 1) &* W &+ K)
            var y = ext + (base &+ k)
            if base &+ k < n {
                // The next block has windows too: also build its suffixes, length b with prefix b.
                var src = next, z = ext + (base &+ 2 &* k &- 1)
                var b = 1
                while b < k {
                    let lo = b > D ? b &- D : 1, hi = b < K ? b : K
                    var pairs = (hi &- lo &+ 2) >> 1
                    var sp = old + lo, dp = new + lo, ss = src + lo, ds = ss + W, t = top.advanced(by: 0 &- lo)
                    let vp = y.pointee, vs = z.pointee
                    var acc0 = top.pointee, acc1 = inf
                    while pairs > 0 {
                        ds[0] = maximum(ss[-1], minimum(ss[0], vs))
                        ds[1] = maximum(ss[0], minimum(ss[1], vs))
                        let p0 = maximum(sp[-1], minimum(sp[0], vp))
                        let p1 = maximum(sp[0], minimum(sp[1], vp))
                        dp[0] = p0
                        dp[1] = p1
                        acc0 = minimum(maximum(t[0], p0), acc0)
                        acc1 = minimum(maximum(t[-1], p1), acc1)
                        sp += 2; dp += 2; ss += 2; ds += 2; t -= 2; pairs &-= 1
                    }
                    out[base &+ b] = minimum(acc1, acc0)
                    swap(&old, &new)
                    top -= W; src += W; y += 1; z -= 1; b &+= 1
                }
                // Its suffix of length k: the band is entry K alone.
                let d = src + W
                d[K] = maximum(src[K &- 1], minimum(src[K], z.pointee))
                swap(&cur, &next)
                base &+= k
            } else {
                // Last block: windows base + 1 ... n − 1 (fewer than k), prefixes only.
                let last = n &- 1 &- base
                var b = 1
                while b <= last {
                    let lo = b > D ? b &- D : 1, hi = b < K ? b : K
                    var pairs = (hi &- lo &+ 2) >> 1
                    var sp = old + lo, dp = new + lo, t = top.advanced(by: 0 &- lo)
                    let vp = y.pointee
                    var acc0 = top.pointee, acc1 = inf
                    while pairs > 0 {
                        let p0 = maximum(sp[-1], minimum(sp[0], vp))
                        let p1 = maximum(sp[0], minimum(sp[1], vp))
                        dp[0] = p0
                        dp[1] = p1
                        acc0 = minimum(maximum(t[0], p0), acc0)
                        acc1 = minimum(maximum(t[-1], p1), acc1)
                        sp += 2; dp += 2; t -= 2; pairs &-= 1
                    }
                    out[base &+ b] = minimum(acc1, acc0)
                    swap(&old, &new)
                    top -= W; y += 1; b &+= 1
                }
                return
            }
        }
    }
}

/// A lane vector of the median kernel: min and max lane by lane, written in the concrete types so
/// that they compile to single vector instructions (minps/maxps and their AVX forms; the generic
/// `SIMD` comparisons would go element by element), with the semantics b < a ? b : a and
/// a < b ? b : a.
public protocol LaneVector: SIMD where Scalar: FloatingPoint {
    static func lanewiseMinimum(_ a: Self, _ b: Self) -> Self
    static func lanewiseMaximum(_ a: Self, _ b: Self) -> Self
}

extension SIMD8: LaneVector where Scalar == Float {
    @inlinable @inline(__always) public static func lanewiseMinimum(_ a: Self, _ b: Self) -> Self {
        a.replacing(with: b, where: b .< a)
    }
    @inlinable @inline(__always) public static func lanewiseMaximum(_ a: Self, _ b: Self) -> Self {
        a.replacing(with: b, where: a .< b)
    }
}

extension SIMD4: LaneVector where Scalar == Double {
    @inlinable @inline(__always) public static func lanewiseMinimum(_ a: Self, _ b: Self) -> Self {
        a.replacing(with: b, where: b .< a)
    }
    @inlinable @inline(__always) public static func lanewiseMaximum(_ a: Self, _ b: Self) -> Self {
        a.replacing(with: b, where: a .< b)
    }
}
