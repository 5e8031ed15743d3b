/// Time-domain frame descriptors computed on the padded waveform, as librosa does for `y` input.
public enum Energy {
    /// Root-mean-square energy of each frame, as `librosa.feature.rms(y=y, frame_length=2048,
    /// hop_length=512, center=True, pad_mode=padMode)`: the signal is padded by frameLength/2 on
    /// both sides, framed without a window, and each frame gives sqrt(mean(x²)).
    /// The GTZAN features use `.reflect` padding.
    public static func rms(_ signal: [Double], frameLength: Int = 2048, hopLength: Int = 512,
                           padMode: PadMode = .reflect) -> [Double] {
        if hopLength > 0, frameLength > hopLength, frameLength % hopLength == 0 {
            return blockRMS(signal, frameLength: frameLength, hopLength: hopLength, padMode: padMode)
        }
        var out: [Double] = []
        forEachCenteredFrame(signal, frameLength: frameLength, hopLength: hopLength, mode: padMode) { _, frame in
            out.append((sumOfSquares(frame, frameLength) / Double(frameLength)).squareRoot())
        }
        return out
    }

    /// `rms` when frames are whole numbers m of hops (librosa's 2048 and 512: m = 4): the padded
    /// signal is cut into hop-long blocks, each block's sum of squares is taken once, and frame t
    /// adds blocks t…t+m−1 in order. Each sample is squared once instead of m times (8.7 M
    /// instructions per 30-s clip before, callgrind). A frame's value depends on its own samples
    /// only, in a fixed order, so overlapping windows that share frames (`FrameValues`) still
    /// agree bit for bit; against one sum over the frame it differs by rounding (~1e-16 relative).
    private static func blockRMS(_ signal: [Double], frameLength: Int, hopLength: Int, padMode: PadMode) -> [Double] {
        let n = signal.count, before = frameLength / 2, m = frameLength / hopLength
        guard n + 2 * before >= frameLength else { return [] }
        let count = 1 + (n + 2 * before - frameLength) / hopLength
        let blockCount = count + m - 1
        var scratch = [Double](repeating: 0, count: hopLength)
        let blocks: [Double] = signal.withUnsafeBufferPointer { x in
            scratch.withUnsafeMutableBufferPointer { sc in
                (0..<blockCount).map { k in
                    let start = k * hopLength - before
                    if start >= 0 && start + hopLength <= n { return sumOfSquares(x.baseAddress! + start, hopLength) }
                    paddedSamples(x, from: start, count: hopLength, mode: padMode, into: sc.baseAddress!)
                    return sumOfSquares(sc.baseAddress!, hopLength)
                }
            }
        }
        return (0..<count).map { t in
            var total = blocks[t]
            for j in 1..<m { total += blocks[t + j] }
            return (total / Double(frameLength)).squareRoot()
        }
    }

    /// Σ x[i]² over `count` values, in four partial sums so the loop vectorises (the order
    /// differs from a single running sum only by rounding, ~1e-16 relative).
    @inline(__always)
    private static func sumOfSquares(_ x: UnsafePointer<Double>, _ count: Int) -> Double {
        var a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0
        var i = 0
        while i + 4 <= count {
            a0 += x[i] * x[i]; a1 += x[i + 1] * x[i + 1]
            a2 += x[i + 2] * x[i + 2]; a3 += x[i + 3] * x[i + 3]
            i += 4
        }
        while i < count { a0 += x[i] * x[i]; i += 1 }
        return (a0 + a1) + (a2 + a3)
    }

    /// Zero-crossing rate of each frame, as `librosa.feature.zero_crossing_rate(y,
    /// frame_length=2048, hop_length=512, center=True)`: edge padding (librosa's fixed choice),
    /// values with |x| ≤ 1e-10 count as zero, a crossing is a change of sign bit between
    /// neighbours (zero counts as positive), the frame's first sample never counts, and the rate is
    /// crossings / frameLength.
    public static func zeroCrossingRate(_ signal: [Double], frameLength: Int = 2048, hopLength: Int = 512,
                                        threshold: Double = 1e-10) -> [Double] {
        let n = signal.count, before = max(0, frameLength / 2)
        guard frameLength > 0, hopLength > 0, n > 0, n + 2 * before >= frameLength else { return [] }
        // C(j): sign changes between neighbours among samples 0...j of the signal, where a
        // sample's sign is its sign bit after small values are clamped to +0. Edge padding repeats
        // the end samples, which adds no changes, so position i of the padded signal has
        // C(clamp(i − before)); a frame starting at padded s counts C(s + L − 1 − before) −
        // C(s − before), clamped (exact integers). Only those 2 × frames values of C are needed:
        // the frames' first and last positions, each an increasing sequence, are visited in
        // merged order and the changes between consecutive ones counted four samples at a time
        // (a running count per sample was 12.6 instructions per sample, 8.3 M per clip).
        let count = 1 + (n + 2 * before - frameLength) / hopLength
        @inline(__always) func clamped(_ i: Int) -> Int { min(max(i - before, 0), n - 1) }
        var atStart = [Int32](repeating: 0, count: count), atEnd = atStart
        signal.withUnsafeBufferPointer { x in
            let x = x.baseAddress!
            var position = 0, changes: Int32 = 0  // C(position)
            var t = 0, u = 0  // next frame whose start / end is to be read
            while u < count {
                let start = t < count ? clamped(t * hopLength) : Int.max
                let end = clamped(u * hopLength + frameLength - 1)
                let next = min(start, end)
                if next > position {
                    changes &+= signChanges(x, from: position + 1, through: next, threshold: threshold)
                    position = next
                }
                if start == next { atStart[t] = changes; t += 1 }
                if end == next { atEnd[u] = changes; u += 1 }
            }
        }
        return (0..<count).map { Double(atEnd[$0] - atStart[$0]) / Double(frameLength) }
    }

    /// The number of i in `from...through` (from ≥ 1) where samples i − 1 and i differ in sign:
    /// 1 for a negative sample, 0 otherwise, the sign bit cleared where |v| ≤ threshold (NaN keeps
    /// its sign bit). Four neighbours per step, as integers (no branch per sample).
    private static func signChanges(_ x: UnsafePointer<Double>, from: Int, through: Int, threshold: Double) -> Int32 {
        typealias D = SIMD4<Double>
        typealias U = SIMD4<UInt64>
        let magnitudeBits = U(repeating: 0x7FFF_FFFF_FFFF_FFFF), limit = D(repeating: threshold), zero = U(repeating: 0)
        @inline(__always) func negatives(_ at: UnsafePointer<Double>) -> U {
            let bits = unsafeBitCast(UnsafeRawPointer(at).loadUnaligned(as: D.self), to: U.self)
            let small = unsafeBitCast(bits & magnitudeBits, to: D.self) .<= limit
            return (bits &>> 63).replacing(with: zero, where: small)
        }
        @inline(__always) func negative(_ v: Double) -> Int32 {
            Int32(truncatingIfNeeded: v.bitPattern >> 63) & (abs(v) <= threshold ? 0 : 1)
        }
        var lanes = U(repeating: 0)
        var i = from
        while i &+ 4 <= through &+ 1 {
            lanes &+= negatives(x + i) ^ negatives(x + (i &- 1))
            i &+= 4
        }
        let laneTotal: UInt64 = lanes.wrappedSum()
        var total = Int32(truncatingIfNeeded: laneTotal)
        while i <= through {
            total &+= negative(x[i]) ^ negative(x[i &- 1])
            i &+= 1
        }
        return total
    }
}
