/// How a signal is extended past its ends, as `numpy.pad`'s modes.
public enum PadMode: Sendable {
    /// Zeros (`'constant'`; librosa ≥ 0.9's STFT default).
    case constant
    /// Mirror without repeating the edge sample (`'reflect'`: x[2], x[1], x[0], x[1], ...;
    /// librosa < 0.9's STFT default, with which the GTZAN Kaggle features were computed).
    case reflect
    /// Repeat the edge sample (`'edge'`; librosa.feature.zero_crossing_rate's padding).
    case edge
}

/// `signal` extended by `before` samples at the start and `after` at the end, as
/// `numpy.pad(signal, (before, after), mode)`. Reflection longer than the signal folds back
/// repeatedly, as numpy does.
public func pad(_ signal: [Double], before: Int, after: Int, mode: PadMode) -> [Double] {
    let n = signal.count
    let before = max(0, before), after = max(0, after)
    // Every position is written below (copy, then ends): no zeroing first.
    guard n + before + after > 0 else { return [] }
    return [Double](unsafeUninitializedCapacity: n + before + after) { out, count in
        guard let o = out.baseAddress else { count = 0; return }
        signal.withUnsafeBufferPointer { x in
            if n > 0 { (o + before).initialize(from: x.baseAddress!, count: n) }
            if n == 0 || mode == .constant {
                (o).initialize(repeating: 0, count: before)
                (o + before + n).initialize(repeating: 0, count: after)
            } else {
                for i in 0..<before { o[before - 1 - i] = x[sourceIndex(-1 - i, n, mode)] }
                for i in 0..<after { o[before + n + i] = x[sourceIndex(n + i, n, mode)] }
            }
        }
        count = n + before + after
    }
}

/// Calls `body(t, frame)` for each of the `1 + (n + 2·⌊L/2⌋ − L) / hop` frames of length
/// L = `frameLength` of `signal` centred and padded by ⌊L/2⌋ on each side with `mode` (the
/// framing of `librosa.stft(center=True)` and of the frame features), without building the
/// padded signal: interior frames point into `signal`, only the few frames that overlap an end
/// are assembled in a scratch buffer. No frames when the padded signal is shorter than L.
/// - Parameter only: just these frames (of those there are).
func forEachCenteredFrame(_ signal: [Double], frameLength: Int, hopLength: Int, mode: PadMode, only: Range<Int>? = nil,
                          _ body: (Int, UnsafePointer<Double>) -> Void) {
    let n = signal.count, before = max(0, frameLength / 2)
    guard frameLength > 0, hopLength > 0, n + 2 * before >= frameLength else { return }
    let count = 1 + (n + 2 * before - frameLength) / hopLength
    let frames = only.map { $0.clamped(to: 0..<count) } ?? 0..<count
    var scratch = [Double](repeating: 0, count: frameLength)
    signal.withUnsafeBufferPointer { x in
        scratch.withUnsafeMutableBufferPointer { sc in
            for t in frames {
                let start = t * hopLength - before
                if start >= 0 && start + frameLength <= n {
                    body(t, x.baseAddress! + start)
                } else {
                    centeredFrame(x, frame: t, frameLength: frameLength, hopLength: hopLength, mode: mode,
                                  into: sc.baseAddress!)
                    body(t, UnsafePointer(sc.baseAddress!))
                }
            }
        }
    }
}

/// Frame `t` of the framing `forEachCenteredFrame` does (the `frameLength` samples from
/// t·hop − ⌊L/2⌋, positions outside the signal padded with `mode`), copied into `out`.
func centeredFrame(_ signal: UnsafeBufferPointer<Double>, frame t: Int, frameLength: Int, hopLength: Int, mode: PadMode,
                   into out: UnsafeMutablePointer<Double>) {
    paddedSamples(signal, from: t * hopLength - max(0, frameLength / 2), count: frameLength, mode: mode, into: out)
}

/// Positions `start..<start + count` of `signal` padded on both sides with `mode` (positions
/// before 0 or past the end take the padding's values), copied into `out`.
func paddedSamples(_ signal: UnsafeBufferPointer<Double>, from start: Int, count: Int, mode: PadMode,
                   into out: UnsafeMutablePointer<Double>) {
    let n = signal.count
    for i in 0..<count {
        let j = start + i
        if j >= 0 && j < n {
            out[i] = signal[j]
        } else {
            out[i] = n == 0 || mode == .constant ? 0 : signal[sourceIndex(j, n, mode)]
        }
    }
}

/// Index into a signal of length `n` that position `i` (outside 0..<n) maps to.
private func sourceIndex(_ i: Int, _ n: Int, _ mode: PadMode) -> Int {
    switch mode {
    case .edge, .constant:
        return min(max(i, 0), n - 1)
    case .reflect:
        if n == 1 { return 0 }
        let period = 2 * (n - 1)
        var j = i % period
        if j < 0 { j += period }
        return j < n ? j : period - j
    }
}
