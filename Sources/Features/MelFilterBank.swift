/// A bank of triangular mel filters over the bins of a real FFT, as `librosa.filters.mel`
/// (Slaney-style: `norm='slaney'` scales each triangle by 2 / bandwidth for constant energy per
/// channel), and its application to a power spectrogram, as `librosa.feature.melspectrogram`.
///
/// Stored sparsely: each filter is non-zero on one contiguous run of bins.
public struct MelFilterBank: Sendable {
    public let melCount: Int
    public let binCount: Int
    /// First non-zero bin of each filter.
    public let firstBin: [Int]
    /// Weights of each filter from `firstBin` on.
    public let weights: [[Double]]
    /// `weights` end to end, and the length of each filter's run, for `apply`.
    let packedWeights: [Double]
    let widths: [Int]

    /// - Parameters:
    ///   - sampleRate: audio rate (librosa `sr`), 22050 for the GTZAN features.
    ///   - fftLength: `n_fft`, default 2048.
    ///   - melCount: `n_mels`, default 128.
    ///   - fmin: lowest edge in Hz, default 0. `fmax`: highest edge, default sampleRate / 2.
    ///   - htk: HTK mel formula instead of Slaney's (default false). Slaney area normalisation always.
    public init(sampleRate: Double, fftLength: Int = 2048, melCount: Int = 128,
                fmin: Double = 0, fmax: Double? = nil, htk: Bool = false) {
        self.melCount = melCount
        binCount = fftLength / 2 + 1
        let fftFrequencies = (0..<binCount).map { Double($0) * sampleRate / Double(fftLength) }
        let edges = MelScale.frequencies(count: melCount + 2, fmin: fmin, fmax: fmax ?? sampleRate / 2, htk: htk)
        var first: [Int] = [], all: [[Double]] = []
        for i in 0..<melCount {
            let lowWidth = edges[i + 1] - edges[i], highWidth = edges[i + 2] - edges[i + 1]
            let norm = 2 / (edges[i + 2] - edges[i])
            var row: [Double] = []
            var start = -1
            for (b, f) in fftFrequencies.enumerated() {
                let rising = (f - edges[i]) / lowWidth     // -ramps[i] / fdiff[i]
                let falling = (edges[i + 2] - f) / highWidth
                let w = max(0, min(rising, falling)) * norm
                if w > 0 {
                    if start < 0 { start = b }
                    // Keep interior zeros (none occur for triangles, but stay general).
                    row += [Double](repeating: 0, count: b - start - row.count) + [w]
                }
            }
            first.append(max(start, 0))
            all.append(row)
        }
        firstBin = first
        weights = all
        packedWeights = all.flatMap { $0 }
        widths = all.map(\.count)
    }

    /// The dense (melCount x binCount) weight matrix, row-major, for tests and inspection.
    public func denseMatrix() -> [[Double]] {
        (0..<melCount).map { m in
            var row = [Double](repeating: 0, count: binCount)
            for (k, w) in weights[m].enumerated() { row[firstBin[m] + k] = w }
            return row
        }
    }

    /// Mel energies of a power (or magnitude) spectrogram: `mel_basis @ S` per frame.
    public func apply(_ spectrum: Spectrogram) -> Spectrogram {
        precondition(spectrum.binCount == binCount, "MelFilterBank: spectrum has \(spectrum.binCount) bins, expected \(binCount)")
        var out = Spectrogram(binCount: melCount, frameCount: spectrum.frameCount)
        let melCount = melCount, binCount = binCount
        spectrum.values.withUnsafeBufferPointer { s in
            packedWeights.withUnsafeBufferPointer { w in
                out.values.withUnsafeMutableBufferPointer { o in
                    // Four frames per pass, one per vector lane: four independent sums in
                    // flight instead of one latency-bound chain (each still over its bins in order).
                    let wide = KernelDispatch.wide
                    var t = 0
                    while t < spectrum.frameCount {
                        let lanes = min(4, spectrum.frameCount - t)
                        let frame = s.baseAddress! + t * binCount
                        var next = 0
                        for m in 0..<melCount {
                            let width = widths[m]
                            let sums = dispatchedBandSums4(frame + firstBin[m], stride: binCount, lanes: lanes,
                                                           weights: w.baseAddress! + next, count: width, wide: wide)
                            for l in 0..<lanes { o[(t + l) * melCount + m] = sums[l] }
                            next += width
                        }
                        t += 4
                    }
                }
            }
        }
        return out
    }
}
