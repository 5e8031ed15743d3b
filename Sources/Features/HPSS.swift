import CPUFeatures
import Kernels

/// Harmonic-percussive source separation by median filtering (Fitzgerald 2010, "Harmonic/
/// percussive separation using median filtering"; soft masks as Driedger, Müller & Disch 2014),
/// as `librosa.decompose.hpss` and `librosa.effects.hpss` (librosa 0.11).
///
/// Harmonic sounds are horizontal ridges of the magnitude spectrogram |D|, percussive ones
/// vertical: H = median of |D| over `kernelSize` frames (along time), P = median over
/// `kernelSize` bins (along frequency), both with scipy's 'reflect' boundary. With margin 1 the
/// Wiener-like soft masks are M_H = H² / (H² + P²) and M_P = P² / (H² + P²) (`util.softmask`,
/// power 2, split_zeros: 0.5 each where both medians vanish), and the components are D·M_H, D·M_P.
public enum HPSS {
    /// The harmonic and percussive waveforms of `signal`, as
    /// `librosa.effects.hpss(y, pad_mode=padMode)`: STFT (n_fft 2048, hop 512, Hann, centred),
    /// 31-frame/31-bin median filters, soft masks (power 2, margin 1), ISTFT back to
    /// `signal.count` samples. The two outputs sum to `signal` (up to rounding).
    /// - Parameters:
    ///   - stft: the transform (librosa defaults).
    ///   - padMode: centre padding; `.reflect` reproduces the GTZAN Kaggle CSV (librosa < 0.9),
    ///     `.constant` is librosa ≥ 0.9's default.
    ///   - kernelSize: median window in frames and bins (librosa `kernel_size`, default 31;
    ///     values below 1 act as 1).
    ///   - legacyTail: `true` (default) reproduces the older librosa that made the GTZAN CSV, whose
    ///     `effects.hpss` inverted without a target length (`fix_length(istft(D), len(y))`): the
    ///     last `count − hop·(frames − 1)` samples (fewer than `hop`) are zero in both outputs.
    ///     With it the CSV's harmony/perceptr columns are matched to ~1e-6 of their standard
    ///     deviation instead of ~0.02. `false` gives librosa 0.11's `istft(..., length=len(y))`.
    public static func separate(_ signal: [Double], stft: STFT = STFT(), padMode: PadMode = .reflect,
                                kernelSize: Int = 31, legacyTail: Bool = true)
        -> (harmonic: [Double], percussive: [Double])
    {
        guard !signal.isEmpty else { return ([], []) }
        return separate(signal, spectrogram: stft.transform(signal, padMode: padMode), stft: stft,
                        kernelSize: kernelSize, legacyTail: legacyTail)
    }

    /// As `separate(_:)`, given the centred STFT of `signal` already computed (so one transform
    /// can serve several features). Both outputs are all zeros when `spectrogram` cannot be the
    /// transform of `signal` by `stft` (bin or frame count differs).
    public static func separate(_ signal: [Double], spectrogram: ComplexSpectrogram, stft: STFT = STFT(),
                                kernelSize: Int = 31, legacyTail: Bool = true)
        -> (harmonic: [Double], percussive: [Double])
    {
        guard spectrogram.binCount == stft.fftLength / 2 + 1,
              spectrogram.frameCount == stft.centeredFrameCount(signal.count), !signal.isEmpty else {
            let zeros = [Double](repeating: 0, count: signal.count)
            return (zeros, zeros)
        }
        // The masks sum to one and the ISTFT is linear and inverts the STFT exactly (up to
        // rounding, ~1e-16 relative), so the percussive part is the signal minus the harmonic
        // one: this saves the second ISTFT.
        let frames = spectrogram.frameCount
        var harmonic = harmonicPart(signal, spectrogram: spectrogram, stft: stft, kernelSize: kernelSize)
        var percussive = signal
        for i in 0..<percussive.count { percussive[i] -= harmonic[i] }
        if legacyTail {
            zeroLegacyTail(&harmonic, frames: frames, hop: stft.hopLength)
            zeroLegacyTail(&percussive, frames: frames, hop: stft.hopLength)
        }
        return (harmonic, percussive)
    }

    /// Mean and variance of the harmonic and percussive waveforms of `separate`, given the
    /// harmonic one before any legacy tail, as a Float signal (`singlePrecisionHarmonic`, as the
    /// Kaggle extractor runs it, or `harmonicPart` rounded to Float on its fallback; each sample is
    /// widened to Double for the sums), without building the percussive waveform: it is the signal
    /// minus the harmonic one. `frames`: the transform's frame count.
    static func statistics(_ signal: UnsafeBufferPointer<Double>, harmonic: WaveformPieces, frames: Int, stft: STFT,
                           legacyTail: Bool)
        -> (harmonic: (mean: Double, variance: Double), percussive: (mean: Double, variance: Double))
    {
        precondition(harmonic.count == signal.count, "HPSS: harmonic and signal lengths differ")
        let n = signal.count
        let kept = legacyTail ? legacyLength(n, frames: frames, hop: stft.hopLength) : n
        guard n > 0 else { return ((.nan, .nan), (.nan, .nan)) }
        // The same sums as `meanAndVariance(count:zeros:_:)` of h and of x − h, in the same order.
        let h0 = kept > 0 ? Double(harmonic.first) : 0
        var h = ShiftedMoments(shift: h0), p = ShiftedMoments(shift: kept > 0 ? signal[0] - h0 : 0)
        let x = signal.baseAddress!
        harmonic.forEach(upTo: kept) { i, v, count in
            if count == 4 {
                let v0 = Double(v[0]), v1 = Double(v[1]), v2 = Double(v[2]), v3 = Double(v[3])
                h.add4(v0, v1, v2, v3)
                p.add4(x[i] - v0, x[i + 1] - v1, x[i + 2] - v2, x[i + 3] - v3)
            } else {
                h.add(Double(v[0]))
                p.add(x[i] - Double(v[0]))
            }
        }
        return (h.result(zeros: n - kept), p.result(zeros: n - kept))
    }

    /// The harmonic waveform of `separate` before any legacy tail is applied, in Double
    /// throughout (arguments checked by the caller).
    static func harmonicPart(_ signal: [Double], spectrogram: ComplexSpectrogram, stft: STFT, kernelSize: Int) -> [Double] {
        stft.inverse(spectrogram, length: signal.count, mask: harmonicMask(spectrogram.magnitude(), kernelSize: kernelSize))
    }

    /// Older librosa's `istft` without `length` returns hop·(frames − 1) samples for a centred
    /// transform; `fix_length` then pads with zeros.
    static func zeroLegacyTail(_ x: inout [Double], frames: Int, hop: Int) {
        for i in legacyLength(x.count, frames: frames, hop: hop)..<x.count { x[i] = 0 }
    }

    /// How many of `count` samples older librosa's HPSS kept (the rest are zero).
    static func legacyLength(_ count: Int, frames: Int, hop: Int) -> Int {
        min(count, max(0, hop * (frames - 1)))
    }

    /// The harmonic and percussive parts of a complex spectrogram, as
    /// `librosa.decompose.hpss(D, kernel_size=kernelSize, power=2.0, margin=1.0)`.
    public static func decompose(_ spectrogram: ComplexSpectrogram, kernelSize: Int = 31)
        -> (harmonic: ComplexSpectrogram, percussive: ComplexSpectrogram)
    {
        let (maskH, maskP) = masks(spectrogram.magnitude(), kernelSize: kernelSize)
        var harmonic = spectrogram, percussive = spectrogram
        for i in 0..<spectrogram.real.count {
            let re = spectrogram.real[i], im = spectrogram.imag[i]
            harmonic.real[i] = re * maskH[i]
            harmonic.imag[i] = im * maskH[i]
            percussive.real[i] = re * maskP[i]
            percussive.imag[i] = im * maskP[i]
        }
        return (harmonic, percussive)
    }

    /// The soft masks (harmonic, percussive), frame-major like `magnitude`, as
    /// `librosa.decompose.hpss(S, mask=True)` with power 2 and margin 1.
    public static func masks(_ magnitude: Spectrogram, kernelSize: Int = 31) -> (harmonic: [Double], percussive: [Double]) {
        let h = MedianFilter.alongTime(magnitude, size: kernelSize).values
        let p = MedianFilter.alongFrequency(magnitude, size: kernelSize).values
        var maskH = [Double](repeating: 0, count: h.count), maskP = maskH
        for i in 0..<h.count {
            (maskH[i], maskP[i]) = softmask(h[i], p[i])
        }
        return (maskH, maskP)
    }

    /// The harmonic mask alone (the first of `masks`). The frequency-axis medians are computed
    /// four frames at a time and used at once, so no second full-size spectrogram is held.
    static func harmonicMask(_ magnitude: Spectrogram, kernelSize: Int) -> [Double] {
        var mask = MedianFilter.alongTime(magnitude, size: kernelSize).values
        let bins = magnitude.binCount, frames = magnitude.frameCount
        guard bins > 0, frames > 0 else { return mask }
        let size = min(max(1, kernelSize), 65535)
        guard size <= LaneMedian.maximumSize else {
            let p = MedianFilter.alongFrequency(magnitude, size: size).values
            for i in 0..<mask.count { mask[i] = softmask(mask[i], p[i]).0 }
            return mask
        }
        var lanes = LaneScratch<SIMD4<Double>>(count: bins, size: size)
        magnitude.values.withUnsafeBufferPointer { m in
            mask.withUnsafeMutableBufferPointer { mk in
                lanes.forEachFrameAlongFrequency(m.baseAddress!, bins: bins, frames: frames) { t, r, l in
                    let row = mk.baseAddress! + t * bins
                    for b in 0..<bins { row[b] = softmask(row[b], r[b][l]).0 }
                }
            }
        }
        return mask
    }

    /// The harmonic waveform (ISTFT of `spectrogram` under the harmonic mask, `length` samples),
    /// with both median filters run on `single`, the magnitudes rounded to Float (the mask is
    /// computed in Double from the Float medians, and the masked bins rounded to Float for the
    /// single-precision inverse FFT, as librosa's istft of complex64 under NumPy 2; measured
    /// against the Double inverse: harmony/perceptr columns move by at most 1.6e-7 of their std
    /// over the 37 clips, every other column not at all). The waveform is a Float signal, as
    /// librosa's istft builds it: frames overlap-added with each addition rounded to Float, the
    /// window sum accumulated and the division done in Float (against the former Double sum the
    /// same columns move by at most 2.7e-8 of their std). Each mask row goes into the inverse
    /// transform as soon as it is known, so no full-size mask is stored. Nil, for the caller to take the
    /// Double path, when the window is longer than the lane kernel takes or a magnitude is not
    /// finite in Float.
    /// The complex spectrum (`real`, `imag`, frame-major, `bins` × `frames`) may be Double or
    /// Float (the Kaggle extractor's complex64 copy); each value is widened to Double.
    /// `knownFinite`: the caller has established that every magnitude is finite (see
    /// `magnitudesFiniteInFloat`), so they are not checked again.
    @_specialize(where S == Double) @_specialize(where S == Float)  // called from other files
    static func singlePrecisionHarmonic<S: BinaryFloatingPoint>(
        _ single: [Float], real: [S], imag: [S], bins: Int, frames: Int, stft: STFT,
        length: Int, kernelSize: Int, knownFinite: Bool = false) -> [Float]?
    {
        single.withUnsafeBufferPointer { m in
            real.withUnsafeBufferPointer { sr in
                imag.withUnsafeBufferPointer { si in
                    singlePrecisionHarmonic(m, real: sr, imag: si, bins: bins, frames: frames, stft: stft,
                                            length: length, kernelSize: kernelSize, knownFinite: knownFinite)
                }
            }
        }
    }

    /// As the array form, of spectra read in place (e.g. a run of a longer recording's frames:
    /// its first output sample is then that of the run's first frame's start, t₀·hop).
    @_specialize(where S == Double) @_specialize(where S == Float)
    static func singlePrecisionHarmonic<S: BinaryFloatingPoint>(
        _ m: UnsafeBufferPointer<Float>, real sr: UnsafeBufferPointer<S>, imag si: UnsafeBufferPointer<S>, bins: Int,
        frames: Int, stft: STFT, length: Int, kernelSize: Int, knownFinite: Bool = false) -> [Float]?
    {
        let size = min(max(1, kernelSize), 65535)
        guard bins == stft.fftLength / 2 + 1, frames > 0, size <= LaneMedian.maximumSize, m.count == bins * frames,
              sr.count == m.count, si.count == m.count, knownFinite || allFinite(m) else { return nil }
        // Written in full below (every bin block, every frame): not zeroed first.
        var harmonic = [Float](unsafeUninitializedCapacity: bins * frames) { _, n in n = bins * frames }
        var overlapAdd = STFT.InverseAccumulator<Float>(stft: stft, frameCount: frames, length: length)
        harmonic.withUnsafeMutableBufferPointer { h in
            timeMedians(m.baseAddress!, bins: bins, frames: frames, size: size, into: h.baseAddress!)
            var frequency = LaneScratch<SIMD8<Float>>(count: bins, size: size)
            // `add` ignores frames past those the inverse uses (none when `length` is the signal's).
            frequency.forEachFrameAlongFrequency(m.baseAddress!, bins: bins, frames: frames) { t, r, l in
                let base = t * bins
                let hr = h.baseAddress! + base
                let xr = sr.baseAddress! + base, xi = si.baseAddress! + base
                // Lane l of the frequency-median vectors, as Floats 8 apart.
                let p = UnsafeRawPointer(r.baseAddress!).assumingMemoryBound(to: Float.self) + l
                overlapAdd.addSingle(frame: t) { re, im, count in
                    dispatchedSoftMaskedBins(h: hr, p: p, pStride: SIMD8<Float>.scalarCount, xr: xr, xi: xi,
                                             re: re, im: im, count: count)
                }
            }
        }
        return overlapAdd.finish()
    }

    /// Medians along time (window `size`, scipy 'reflect' edges) of every bin of the frame-major
    /// `source`, into `destination` (frame-major). Sixty-four bins (eight 8-lane vectors, four cache
    /// lines of a row) are gathered per pass over the frames, and stored back the same way.
    /// Consecutive rows lie a page apart (1025 bins × 4 bytes), where the hardware prefetchers do
    /// not follow, so each row's lines are requested `ahead` rows early: in a time profile of
    /// bench/features (37 clips, one core) this gather and store went from 8.7 % of the samples
    /// (16 bins per pass, no prefetch) to 7.1 % (64 bins) and 5.0 % (64 bins, 8 rows ahead; 16
    /// and 32 rows gave 5.0 % and 5.5 %). The same values in the same order: the same bits.
    static func timeMedians(_ source: UnsafePointer<Float>, bins: Int, frames: Int, size: Int,
                            into destination: UnsafeMutablePointer<Float>) {
        typealias V = SIMD8<Float>
        let lanes = V.scalarCount, perPass = 8
        let extCount = frames + size - 1, before = size / 2
        let ahead = 8
        var extended = [V](repeating: V(), count: perPass * extCount)
        var medians = [V](repeating: V(), count: perPass * frames)
        extended.withUnsafeMutableBufferPointer { eb in
            medians.withUnsafeMutableBufferPointer { ob in
                let e = eb.baseAddress!, o = ob.baseAddress!
                var b0 = 0
                while b0 < bins {
                    let groups = min(perPass, (bins - b0 + lanes - 1) / lanes)
                    for i in 0..<extCount {
                        let p = i - before
                        let t = p >= 0 && p < frames ? p : SlidingMedian.reflect(p, frames)
                        let row = source + t * bins
                        if p + ahead >= 0 && p + ahead < frames {
                            let next = source + (p + ahead) * bins + b0
                            for line in Swift.stride(from: 0, to: groups * lanes, by: 16) { genre_prefetch(next + line) }
                        }
                        for g in 0..<groups {
                            let b = b0 + lanes * g
                            if b + lanes <= bins {
                                e[g * extCount + i] = UnsafeRawPointer(row + b).loadUnaligned(as: V.self)
                            } else {
                                // Lanes past the last bin repeat it (not stored).
                                var v = V()
                                for l in 0..<lanes { v[l] = row[min(b + l, bins - 1)] }
                                e[g * extCount + i] = v
                            }
                        }
                    }
                    for g in 0..<groups {
                        LaneMedian.run(e + g * extCount, count: frames, size: size, into: o + g * frames)
                    }
                    for t in 0..<frames {
                        let row = destination + t * bins
                        if t + ahead < frames {
                            let next = destination + (t + ahead) * bins + b0
                            for line in Swift.stride(from: 0, to: groups * lanes, by: 16) { genre_prefetch_for_write(next + line) }
                        }
                        for g in 0..<groups {
                            let b = b0 + lanes * g, v = o[g * frames + t]
                            if b + lanes <= bins {
                                UnsafeMutableRawPointer(row + b).storeBytes(of: v, as: V.self)
                            } else {
                                for l in 0..<(bins - b) { row[b + l] = v[l] }
                            }
                        }
                    }
                    b0 += perPass * lanes
                }
            }
        }
    }

    /// `librosa.util.softmask(x, ref, power=2, split_zeros=True)` and its complement
    /// softmask(ref, x): both values are rescaled by their maximum z first (avoiding overflow),
    /// and where z is below the smallest normal number each mask is 0.5.
    @inline(__always) static func softmask(_ x: Double, _ ref: Double) -> (Double, Double) {
        let z = max(x, ref)
        guard z >= Double.leastNormalMagnitude else { return (0.5, 0.5) }
        let scale = 1 / z
        let a = (x * scale) * (x * scale), b = (ref * scale) * (ref * scale)
        let total = 1 / (a + b)
        return (a * total, b * total)
    }
}
