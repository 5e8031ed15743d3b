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
    var out = [Double](repeating: 0, count: n + before + after)
    for i in 0..<n { out[before + i] = signal[i] }
    guard n > 0, mode != .constant else { return out }
    for i in 0..<before { out[before - 1 - i] = signal[sourceIndex(-1 - i, n, mode)] }
    for i in 0..<after { out[before + n + i] = signal[sourceIndex(n + i, n, mode)] }
    return out
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
