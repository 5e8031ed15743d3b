import Foundation
import Synchronization

/// Chroma filter bank and chromagram, as `librosa.filters.chroma` and `librosa.feature.chroma_stft`.
public struct ChromaFilterBank: Sendable {
    public let chromaCount: Int
    public let binCount: Int
    /// Weights, chroma-major: `weights[c * binCount + k]`.
    public let weights: [Double]
    /// The same weights bin-major (`[k * chromaCount + c]`), so the chromagram accumulates all
    /// chroma of a bin together (vectorised) while each chroma's sum keeps its order over bins.
    let weightsByBin: [Double]

    /// `librosa.filters.chroma(sr, n_fft, n_chroma=12, tuning, ctroct=5.0, octwidth=2, norm=2,
    /// base_c=True)` (Ellis' chromagram filters): Gaussian bumps in log-frequency around each pitch
    /// class, each FFT bin's column scaled to unit L2 norm, weighted by a Gaussian over octaves
    /// centred at octave 5 with half-width 2, rows rolled so that index 0 is C.
    public init(sampleRate: Double, fftLength: Int = 2048, chromaCount: Int = 12, tuning: Double = 0,
                centerOctave: Double = 5, octaveWidth: Double = 2) {
        self.chromaCount = chromaCount
        binCount = fftLength / 2 + 1
        let nc = Double(chromaCount)
        // Fractional chroma bin of every FFT frequency (bin 0 gets a stand-in 1.5 octaves below bin 1).
        var frqbins = [Double](repeating: 0, count: fftLength)
        let a440 = 440.0 * pow(2.0, tuning / nc)
        for k in 1..<fftLength {
            let f = Double(k) * sampleRate / Double(fftLength)
            frqbins[k] = nc * log2(f / (a440 / 16))
        }
        frqbins[0] = frqbins[1] - 1.5 * nc
        var widths = [Double](repeating: 1, count: fftLength)
        for k in 0..<(fftLength - 1) { widths[k] = max(frqbins[k + 1] - frqbins[k], 1) }
        let half = (nc / 2).rounded(.toNearestOrEven)
        var w = [Double](repeating: 0, count: chromaCount * fftLength)
        for k in 0..<fftLength {
            var norm = 0.0
            for c in 0..<chromaCount {
                let x = frqbins[k] - Double(c) + half + 10 * nc
                var d = x - nc * (x / nc).rounded(.down)  // np.remainder
                d -= half
                let v = exp(-0.5 * pow(2 * d / widths[k], 2))
                w[c * fftLength + k] = v
                norm += v * v
            }
            norm = norm.squareRoot()
            let octaveWeight = exp(-0.5 * pow((frqbins[k] / nc - centerOctave) / octaveWidth, 2))
            for c in 0..<chromaCount {
                let normalised = norm > Double.leastNormalMagnitude ? w[c * fftLength + k] / norm : w[c * fftLength + k]
                w[c * fftLength + k] = normalised * octaveWeight
            }
        }
        // Roll by -3 so that row 0 is C rather than A, and keep the non-negative-frequency bins.
        // Weights are rounded to Float as librosa stores them (dtype float32).
        let shift = 3 * (chromaCount / 12)
        var out = [Double](repeating: 0, count: chromaCount * binCount)
        for c in 0..<chromaCount {
            let source = (c + shift) % chromaCount
            for k in 0..<binCount { out[c * binCount + k] = Double(Float(w[source * fftLength + k])) }
        }
        weights = out
        var byBin = [Double](repeating: 0, count: out.count)
        for c in 0..<chromaCount {
            for k in 0..<binCount { byBin[k * chromaCount + c] = out[c * binCount + k] }
        }
        weightsByBin = byBin
    }

    /// The chromagram of a power spectrogram, as `librosa.feature.chroma_stft(S=power, norm=inf)`:
    /// filter-bank energies per frame, each frame divided by its maximum (frames whose maximum is
    /// below the smallest normal Float are left as they are). Frame-major, chromaCount per frame.
    public func chromagram(_ power: Spectrogram) -> Spectrogram { chromagram(SpectrogramFrames(power)) }

    /// `chromagram` of frames read in place.
    public func chromagram(_ power: SpectrogramFrames) -> Spectrogram {
        precondition(power.binCount == binCount, "ChromaFilterBank: bin count mismatch")
        var out = Spectrogram(binCount: chromaCount, frameCount: power.frameCount)
        let chroma = chromaCount, bins = binCount
        var row = [Double](repeating: 0, count: chroma)
        power.withFrames { frameValues in
            weightsByBin.withUnsafeBufferPointer { w in
                out.values.withUnsafeMutableBufferPointer { o in
                    row.withUnsafeMutableBufferPointer { acc in
                        /// Frame t from its sums: divided by their largest magnitude.
                        func store(_ t: Int) {
                            var peak = 0.0
                            for c in 0..<chroma { peak = max(peak, abs(acc[c])) }
                            let scale = peak >= Double(Float.leastNormalMagnitude) ? 1 / peak : 1
                            for c in 0..<chroma { o[t * chroma + c] = acc[c] * scale }
                        }
                        var t = 0
                        while t < power.frameCount {
                            if chroma == 12 {
                                // Two frames per call (the last one twice when the count is
                                // odd); each lane still adds its products in bin order.
                                let last = t + 1 == power.frameCount
                                let (a, b) = dispatchedFilterBankSums12(
                                    frameValues(t), frameValues(last ? t : t + 1),
                                    weights: UnsafeRawPointer(w.baseAddress!), bins: bins)
                                for c in 0..<4 { acc[c] = a.0[c]; acc[4 + c] = a.1[c]; acc[8 + c] = a.2[c] }
                                store(t)
                                if !last {
                                    for c in 0..<4 { acc[c] = b.0[c]; acc[4 + c] = b.1[c]; acc[8 + c] = b.2[c] }
                                    store(t + 1)
                                }
                                t += last ? 1 : 2
                            } else {
                                let frame = frameValues(t)
                                for c in 0..<chroma { acc[c] = 0 }
                                for k in 0..<bins {
                                    let sk = frame[k], wk = w.baseAddress! + k * chroma
                                    for c in 0..<chroma { acc[c] += wk[c] * sk }
                                }
                                store(t)
                                t += 1
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}

/// `librosa.feature.chroma_stft(y, sr, n_fft=2048, hop_length=512, pad_mode=...)` from a power
/// spectrogram: the tuning is estimated from the same spectrogram (`Tuning.estimate`) and the
/// filter bank built for it.
/// - Parameter frameMaxima: each frame's largest power, when the caller has it (see `Tuning.estimate`).
public func chromaSTFT(power: Spectrogram, sampleRate: Double, chromaCount: Int = 12,
                       frameMaxima: [Double]? = nil) -> Spectrogram {
    chromaSTFT(power: SpectrogramFrames(power), sampleRate: sampleRate, chromaCount: chromaCount, frameMaxima: frameMaxima)
}

/// `chromaSTFT` of frames read in place.
/// - Parameter tuning: the tuning when the caller has estimated it (`Tuning.estimate` of the same
///   frames); estimated here when nil.
public func chromaSTFT(power: SpectrogramFrames, sampleRate: Double, chromaCount: Int = 12,
                       frameMaxima: [Double]? = nil, tuning: Double? = nil) -> Spectrogram {
    let tuning = tuning
        ?? Tuning.estimate(power, sampleRate: sampleRate, binsPerOctave: chromaCount, frameMaxima: frameMaxima)
    let bank = ChromaFilterBank.cached(sampleRate: sampleRate, fftLength: 2 * (power.binCount - 1),
                                       chromaCount: chromaCount, tuning: tuning)
    return bank.chromagram(power)
}

extension ChromaFilterBank {
    /// The bank for these parameters, built once per process: the estimated tuning takes one of
    /// 100 values (cent steps), and a recording's windows mostly share one, so the 24 000
    /// exponentials of building a bank are paid once instead of once per window (about 1% of a
    /// window's features). At most `cacheLimit` banks (200 KB each) are kept.
    static func cached(sampleRate: Double, fftLength: Int, chromaCount: Int, tuning: Double) -> ChromaFilterBank {
        let key = CacheKey(sampleRate: sampleRate.bitPattern, fftLength: fftLength, chromaCount: chromaCount,
                           tuning: tuning.bitPattern)
        if let bank = cache.withLock({ $0[key] }) { return bank }
        let bank = ChromaFilterBank(sampleRate: sampleRate, fftLength: fftLength, chromaCount: chromaCount, tuning: tuning)
        cache.withLock { banks in
            if banks.count >= cacheLimit { banks.removeAll() }
            banks[key] = bank
        }
        return bank
    }

    static let cacheLimit = 32

    private struct CacheKey: Hashable { let sampleRate: UInt64, fftLength: Int, chromaCount: Int, tuning: UInt64 }
    private static let cache = Mutex<[CacheKey: ChromaFilterBank]>([:])
}
