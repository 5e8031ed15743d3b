import Kernels

/// Sliding-window median filters, as `scipy.ndimage.median_filter(x, size, mode='reflect')`:
/// the filter `librosa.decompose.hpss` runs along time (harmonic) and along frequency (percussive).
///
/// Semantics (scipy): output[i] is the element of rank `size / 2` (0-based, so the true median
/// for odd sizes and the upper middle for even ones) among x[i − size/2 ..< i − size/2 + size].
/// Positions outside the signal follow scipy's 'reflect' boundary, a half-sample mirror that
/// repeats the edge (d c b a | a b c d | d c b a), folding back periodically when the window is
/// longer than the signal. (numpy calls this mode 'symmetric'; numpy's 'reflect' is different.)
///
/// Method: the spectrogram filters run `LaneMedian`, four Double or eight Float sequences per SIMD
/// vector (the AVX2 build when the processor has it, see `KernelDispatch`), each by
/// block decomposition: sorted suffixes and prefixes of aligned blocks built by insertion, and
/// each window's median selected from one suffix and one prefix (exact: only comparisons, no
/// arithmetic; see `LaneMedian`). The 1-D `filter` and windows longer than 64 use a scalar sorted window: each step
/// replaces the outgoing value by the incoming one in place and moves it to its sorted position
/// (two branch-free binary searches and a short memmove). NaN values neither crash nor hang the
/// filters, but the outputs near (lane kernel: after) them are unspecified (scipy's are too).
/// Window sizes are clamped to 1...65535 (librosa uses 31) so absurd sizes cannot allocate
/// unbounded scratch.
public enum MedianFilter {
    /// The median-filtered `signal` (scipy `median_filter(signal, size, mode='reflect')`).
    /// - Parameter size: window length, clamped to 1...65535 (1 is the identity).
    public static func filter(_ signal: [Double], size: Int) -> [Double] {
        var out = [Double](repeating: 0, count: signal.count)
        guard !signal.isEmpty else { return out }
        var kernel = SlidingMedian(size: size)
        signal.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                kernel.run(x.baseAddress!, stride: 1, count: signal.count, into: o.baseAddress!, stride: 1)
            }
        }
        return out
    }

    /// Each bin's sequence over time filtered, as `median_filter(S, size=(1, size), mode='reflect')`
    /// on librosa's (bins, frames) layout: HPSS's harmonic enhancement.
    public static func alongTime(_ spectrogram: Spectrogram, size: Int) -> Spectrogram {
        var out = Spectrogram(binCount: spectrogram.binCount, frameCount: spectrogram.frameCount)
        let bins = spectrogram.binCount, frames = spectrogram.frameCount
        guard bins > 0, frames > 0 else { return out }
        let size = min(max(1, size), 65535)
        guard size <= LaneMedian.maximumSize else {
            var kernel = SlidingMedian(size: size)
            spectrogram.values.withUnsafeBufferPointer { x in
                out.values.withUnsafeMutableBufferPointer { o in
                    for b in 0..<bins {
                        kernel.run(x.baseAddress! + b, stride: bins, count: frames, into: o.baseAddress! + b, stride: bins)
                    }
                }
            }
            return out
        }
        var lanes = LaneScratch<SIMD4<Double>>(count: frames, size: size)
        spectrogram.values.withUnsafeBufferPointer { x in
            out.values.withUnsafeMutableBufferPointer { o in
                var b0 = 0
                while b0 < bins {
                    lanes.alongTime(x.baseAddress!, bins: bins, frames: frames, firstBin: b0)
                    lanes.store(alongTimeInto: o.baseAddress!, bins: bins, frames: frames, firstBin: b0)
                    b0 += 4
                }
            }
        }
        return out
    }

    /// Each frame filtered across bins, as `median_filter(S, size=(size, 1), mode='reflect')`
    /// on librosa's (bins, frames) layout: HPSS's percussive enhancement.
    public static func alongFrequency(_ spectrogram: Spectrogram, size: Int) -> Spectrogram {
        var out = Spectrogram(binCount: spectrogram.binCount, frameCount: spectrogram.frameCount)
        let bins = spectrogram.binCount, frames = spectrogram.frameCount
        guard bins > 0, frames > 0 else { return out }
        let size = min(max(1, size), 65535)
        guard size <= LaneMedian.maximumSize else {
            var kernel = SlidingMedian(size: size)
            spectrogram.values.withUnsafeBufferPointer { x in
                out.values.withUnsafeMutableBufferPointer { o in
                    for t in 0..<frames {
                        kernel.run(x.baseAddress! + t * bins, stride: 1, count: bins, into: o.baseAddress! + t * bins, stride: 1)
                    }
                }
            }
            return out
        }
        var lanes = LaneScratch<SIMD4<Double>>(count: bins, size: size)
        spectrogram.values.withUnsafeBufferPointer { x in
            out.values.withUnsafeMutableBufferPointer { o in
                lanes.forEachFrameAlongFrequency(x.baseAddress!, bins: bins, frames: frames) { t, r, l in
                    let row = o.baseAddress! + t * bins
                    for b in 0..<bins { row[b] = r[b][l] }
                }
            }
        }
        return out
    }
}

/// Scratch and gathering for `LaneMedian` over the rows or columns of a frame-major matrix of
/// `V.Scalar` (Double, or Float for HPSS inside the Kaggle extractor), `V.scalarCount` lanes per
/// vector (SIMD4<Double>, SIMD8<Float>: one AVX register each): lane l of a run is bin
/// `firstBin + l` (along time) or frame `firstFrame + l` (along frequency); lanes past the matrix
/// edge repeat the last valid one and are not stored.
/// (Used from other files: its methods carry `@_specialize`, see `LaneMedian.run`.)
struct LaneScratch<V: LaneVector> where V.Scalar: BinaryFloatingPoint {
    typealias Scalar = V.Scalar
    let count: Int, size: Int
    var extended: [V], output: [V]

    /// - Parameters: count: sequence length (frames or bins); size: window length (1...maximumSize).
    init(count: Int, size: Int) {
        self.count = count
        self.size = size
        extended = [V](repeating: V(), count: count + size - 1)
        output = [V](repeating: V(), count: count)
    }

    /// Medians over frames of bins firstBin..<firstBin+lanes of `source` (frame-major, `bins` per frame).
    @_specialize(where V == SIMD4<Double>) @_specialize(where V == SIMD8<Float>)
    mutating func alongTime(_ source: UnsafePointer<Scalar>, bins: Int, frames: Int, firstBin b0: Int) {
        let lanes = V.scalarCount, width = min(lanes, bins - b0), before = size / 2
        extended.withUnsafeMutableBufferPointer { e in
            for i in 0..<e.count {
                let p = i - before
                let t = p >= 0 && p < frames ? p : SlidingMedian.reflect(p, frames)
                let row = source + t * bins + b0
                var v = V()
                for l in 0..<lanes { v[l] = row[min(l, width - 1)] }
                e[i] = v
            }
        }
        runKernel()
    }

    /// Medians over bins of frames firstFrame..<firstFrame+lanes of `source`.
    @_specialize(where V == SIMD4<Double>) @_specialize(where V == SIMD8<Float>)
    mutating func alongFrequency(_ source: UnsafePointer<Scalar>, bins: Int, frames: Int, firstFrame t0: Int) {
        let lanes = V.scalarCount, width = min(lanes, frames - t0), before = size / 2
        // The rows read side by side, each value packed into its lane (whole vectors are stored:
        // no per-lane writes through memory).
        withUnsafeTemporaryAllocation(of: UnsafePointer<Scalar>.self, capacity: lanes) { rows in
            for l in 0..<lanes { rows[l] = source + (t0 + min(l, width - 1)) * bins }
            extended.withUnsafeMutableBufferPointer { e in
                let total = e.count
                // Interior positions need no reflection.
                let lo = min(before, total), hi = max(lo, min(total, before + bins))
                @inline(__always) func column(_ b: Int) -> V {
                    var v = V()
                    for l in 0..<lanes { v[l] = rows[l][b] }
                    return v
                }
                for i in 0..<lo { e[i] = column(SlidingMedian.reflect(i - before, bins)) }
                let base = e.baseAddress! + lo
                var b = 0
                if V.self == SIMD8<Float>.self {
                    // Eight bins of eight frames at a time, transposed in registers (a gather
                    // of single lanes cost 48 instructions per column, 8 M per clip).
                    let r = UnsafeRawPointer(rows.baseAddress!).assumingMemoryBound(to: UnsafePointer<Float>.self)
                    let out = UnsafeMutableRawPointer(base).assumingMemoryBound(to: SIMD8<Float>.self)
                    while b + 8 <= hi - lo {
                        transpose8(r, at: b, into: out + b)
                        b += 8
                    }
                }
                while b < hi - lo { base[b] = column(b); b += 1 }
                for i in hi..<total {
                    let p = i - before
                    e[i] = column(p >= 0 && p < bins ? p : SlidingMedian.reflect(p, bins))
                }
            }
        }
        runKernel()
    }

    /// The medians over bins of every frame of `source`, computed four frames per run and handed
    /// over frame by frame: `body(t, medians, lane)`, where `medians[b][lane]` is frame t's
    /// median around bin b.
    @_specialize(where V == SIMD4<Double>) @_specialize(where V == SIMD8<Float>)
    mutating func forEachFrameAlongFrequency(
        _ source: UnsafePointer<Scalar>, bins: Int, frames: Int,
        _ body: (_ frame: Int, _ medians: UnsafeBufferPointer<V>, _ lane: Int) -> Void
    ) {
        var t0 = 0
        while t0 < frames {
            alongFrequency(source, bins: bins, frames: frames, firstFrame: t0)
            output.withUnsafeBufferPointer { r in
                for l in 0..<min(V.scalarCount, frames - t0) { body(t0 + l, r, l) }
            }
            t0 += V.scalarCount
        }
    }

    /// Writes the medians of the last `alongTime` run into `destination` (frame-major).
    @_specialize(where V == SIMD4<Double>) @_specialize(where V == SIMD8<Float>)
    func store(alongTimeInto destination: UnsafeMutablePointer<Scalar>, bins: Int, frames: Int, firstBin b0: Int) {
        let width = min(V.scalarCount, bins - b0)
        output.withUnsafeBufferPointer { r in
            for t in 0..<frames {
                let row = destination + t * bins + b0
                let v = r[t]
                for l in 0..<width { row[l] = v[l] }
            }
        }
    }

    private mutating func runKernel() {
        let count = self.count, size = self.size
        extended.withUnsafeBufferPointer { e in
            output.withUnsafeMutableBufferPointer { o in
                LaneMedian.run(e.baseAddress!, count: count, size: size, into: o.baseAddress!)
            }
        }
    }
}

/// The sorted-window running median over one (possibly strided) sequence, with reusable scratch.
struct SlidingMedian {
    let size: Int
    let rank: Int
    let capacity: Int
    /// The reflect-extended input (count + size − 1 values) and the sorted window.
    private var extended: [Double] = []
    private var window: [Double]

    init(size: Int) {
        self.size = min(max(1, size), 65535)
        rank = self.size / 2
        // +∞ sentinels above the window let the search run a fixed number of halvings.
        var capacity = 2
        while capacity <= self.size { capacity <<= 1 }
        self.capacity = capacity
        window = [Double](repeating: .infinity, count: capacity)
    }

    /// The number of values of the sorted, +∞-padded `window` (a power-of-two `capacity` of slots)
    /// below `value`: a branch-free halving search with a fixed number of steps.
    @inline(__always) static func lowerBound(_ window: UnsafeMutablePointer<Double>, _ capacity: Int, _ value: Double) -> Int {
        var base = 0, step = capacity >> 1
        while step > 0 {
            // Masked add rather than a branch: the comparison outcome is unpredictable.
            let below = window[base &+ step &- 1] < value ? 1 : 0
            base &+= step & (0 &- below)
            step >>= 1
        }
        return base
    }

    /// scipy 'reflect' source index for position `i` of a length-`n` signal.
    @inline(__always) static func reflect(_ i: Int, _ n: Int) -> Int {
        let period = 2 * n
        var j = i % period
        if j < 0 { j += period }
        return j < n ? j : period - 1 - j
    }

    mutating func run(
        _ input: UnsafePointer<Double>, stride inStride: Int, count n: Int,
        into output: UnsafeMutablePointer<Double>, stride outStride: Int
    ) {
        let size = self.size, rank = self.rank, capacity = self.capacity, before = size / 2
        let total = n + size - 1
        if extended.count < total { extended = [Double](repeating: 0, count: total) }
        extended.withUnsafeMutableBufferPointer { extBuffer in
            window.withUnsafeMutableBufferPointer { winBuffer in
                let ext = extBuffer.baseAddress!, win = winBuffer.baseAddress!
                for i in 0..<total {
                    let p = i - before
                    let j = p >= 0 && p < n ? p : Self.reflect(p, n)
                    ext[i] = input[j * inStride]
                }
                for i in 0..<size { win[i] = ext[i] }
                // Insertion sort: a handful of values, done once per sequence.
                for i in 1..<max(size, 1) {
                    let v = win[i]
                    var k = i
                    while k > 0 && v < win[k - 1] { win[k] = win[k - 1]; k -= 1 }
                    win[k] = v
                }
                output[0] = win[rank]
                guard n > 1 else { return }
                for i in 1..<n {
                    let outgoing = ext[i - 1], incoming = ext[i + size - 1]
                    // Capacity 32 (librosa's 31-sample windows) gets a fully unrolled search.
                    var po = capacity == 32 ? Self.lowerBound(win, 32, outgoing) : Self.lowerBound(win, capacity, outgoing)
                    if po >= size || win[po].bitPattern != outgoing.bitPattern {
                        // Only for values that do not order (NaN): find the slot bitwise.
                        po = 0
                        while po < size - 1 && win[po].bitPattern != outgoing.bitPattern { po += 1 }
                    }
                    let below = capacity == 32 ? Self.lowerBound(win, 32, incoming) : Self.lowerBound(win, capacity, incoming)
                    if below > po {
                        // The incoming value goes above the outgoing slot: shift the run down.
                        let dest = below - 1
                        (win + po).update(from: win + po + 1, count: dest - po)
                        win[dest] = incoming
                    } else {
                        (win + below + 1).update(from: win + below, count: po - below)
                        win[below] = incoming
                    }
                    output[i * outStride] = win[rank]
                }
            }
        }
    }
}

/// Columns `b..<b+8` of the eight rows `rows[0..<8]` (Floats), as eight vectors: out[j][l] =
/// rows[l][b + j]. Three rounds of even/odd interleaving of row pairs (rows 1 apart, then 2, then
/// 4): each round moves one bit of the column index into the row index, so after three the
/// matrix is transposed; the compiler turns each interleave into register shuffles.
@inline(__always)
func transpose8(_ rows: UnsafePointer<UnsafePointer<Float>>, at b: Int, into out: UnsafeMutablePointer<SIMD8<Float>>) {
    typealias V = SIMD8<Float>
    @inline(__always) func row(_ l: Int) -> V { UnsafeRawPointer(rows[l] + b).loadUnaligned(as: V.self) }
    @inline(__always) func interleave(_ x: inout V, _ y: inout V) {
        let both = SIMD16<Float>(lowHalf: x, highHalf: y)
        x = both.evenHalf
        y = both.oddHalf
    }
    var m0 = row(0), m1 = row(1), m2 = row(2), m3 = row(3), m4 = row(4), m5 = row(5), m6 = row(6), m7 = row(7)
    interleave(&m0, &m1); interleave(&m2, &m3); interleave(&m4, &m5); interleave(&m6, &m7)
    interleave(&m0, &m2); interleave(&m1, &m3); interleave(&m4, &m6); interleave(&m5, &m7)
    interleave(&m0, &m4); interleave(&m1, &m5); interleave(&m2, &m6); interleave(&m3, &m7)
    out[0] = m0; out[1] = m1; out[2] = m2; out[3] = m3; out[4] = m4; out[5] = m5; out[6] = m6; out[7] = m7
}
