import Foundation

/// How loud each narrow frequency band of a recording is over time, streamed at the recording's
/// own rate in constant memory: the effective bandwidth (the highest frequency with content above
/// the noise floor) and a band-averaged signal-to-noise estimate follow from it.
///
/// Method. The channels are averaged to mono and cut into non-overlapping frames of
/// n = 2^round(log2(0.046·rate)) samples (1024 at 22.05 kHz, 2048 at 44.1/48 kHz; ~21–23 Hz per
/// FFT bin); each frame has its mean removed and a periodic Hann window applied. The power
/// spectrum is summed over bands of 4 bins (~86–94 Hz), scaled so that the bands of a frame sum
/// to its mean square. Frames quieter than −70 dBFS (mean square 1e-7: digital silence, the
/// ends of fades) are skipped, as BS.1770's absolute gate skips them. For every band the
/// meter keeps its mean power and a histogram of its level (0.5-dB bins), from which the 10th
/// and 90th percentiles over time are read.
///
/// - A band is *live* when its 90th percentile lies within `dynamicRange` (80 dB) of the
///   loudest band's: bands further down hold only dither, filter residue or nothing.
/// - Music comes and goes in every band it occupies; a noise floor (hiss, hum, dither) is
///   steady. So a live band has *content* when the spread between its 90th and 10th percentiles,
///   smoothed by a median over 5 neighbouring bands, is at least `contentSpread` (11 dB). Steady
///   Gaussian noise spreads 7.5 dB in this framing (6.7–8.4 dB over bands), music 12–70 dB.
/// - `bandwidth`: the upper edge of the highest band with content that is reached from the
///   lowest one without crossing a gap of more than `maximumGap` (1 kHz) of quiet bands without
///   content. Islands above such a gap are not the music's: a transfer's 15.6-kHz line whistle,
///   or the edge of an MP3 encoder's low-pass (both seen on the field recordings in
///   ../shared/world). Loud bands (90th percentile within `bridgeRange`, 30 dB, of the loudest
///   band's) are no gap even when steady: dense, distorted guitars barely fluctuate (9–10 dB).
/// - `snr`: each live band's noise power is estimated as its 5th percentile times
///   `noiseMeanOverP5` (a steady noise band's mean over its 5th percentile: 6.1 dB here), at most
///   the band's mean; its signal is the rest of its mean power. The 5th percentile is that of the
///   noise alone as long as the music leaves the band quiet at least half the time (else the
///   noise reads higher, the SNR lower). The band SNRs in dB, clamped to
///   −10…35 dB as in frequency-weighted segmental SNR (Hu & Loizou 2008), are averaged over the
///   live bands up to `snrUpperFrequency` (11025 Hz, all that the 22050-Hz analysis hears).
///   Music that never falls quiet in a band reads as noisier than it is (the estimate is a lower
///   bound); a steady floor that fills bands where the music is weak lowers it most.
///
/// Steady tones (a drone, a test sine) look like noise to this measure: content here means
/// sound that changes over time, as music and speech do.
public struct BandLevelStatistics: Sendable {
    public static let binsPerBand = 4
    public static let dynamicRange = 80.0
    public static let contentSpread = 11.0
    public static let maximumGap = 1000.0
    public static let bridgeRange = 30.0
    public static let noiseMeanOverP5 = pow(10, 0.61)
    public static let snrUpperFrequency = 11025.0
    /// Lowest rate analysed (a 64-sample frame); lower rates give no bandwidth or SNR.
    public static let minimumSampleRate = 1000.0
    static let floorDB = -240.0, levelStep = 0.5, levelBins = 560  // −240 … +40 dB

    public let sampleRate: Double
    public let frameLength: Int
    let fft: RealFFT
    let window: [Double]
    let scale: Double
    var frame: [Double]
    var filled = 0
    var real: [Double], imag: [Double]
    /// bandCount × levelBins counts, band-major.
    var histogram: [UInt32]
    var powerSums: [Double]
    public private(set) var activeFrames = 0

    public var bandCount: Int { frameLength / 2 / Self.binsPerBand }

    public init(sampleRate: Double) {
        precondition(sampleRate >= Self.minimumSampleRate)
        self.sampleRate = sampleRate
        let n = 1 << Int(log2(0.046 * sampleRate).rounded())
        frameLength = n
        fft = RealFFT(size: n)
        window = Window.hann(n)
        scale = 2 / (Double(n) * window.reduce(0) { $0 + $1 * $1 })
        frame = Array(repeating: 0, count: n)
        real = Array(repeating: 0, count: n / 2 + 1)
        imag = Array(repeating: 0, count: n / 2 + 1)
        histogram = Array(repeating: 0, count: n / 2 / Self.binsPerBand * Self.levelBins)
        powerSums = Array(repeating: 0, count: n / 2 / Self.binsPerBand)
    }

    /// Feeds interleaved frames of `channels` channels (averaged to mono).
    public mutating func add(_ x: UnsafeBufferPointer<Float>, channels: Int) {
        let frames = x.count / channels
        var f = 0
        while f < frames {
            let n = min(frames - f, frameLength - filled)
            frame.withUnsafeMutableBufferPointer { out in
                if channels == 1 {
                    for i in 0..<n { out[filled + i] = Double(x[f + i]) }
                } else if channels == 2 {
                    for i in 0..<n { out[filled + i] = 0.5 * (Double(x[2 * (f + i)]) + Double(x[2 * (f + i) + 1])) }
                } else {
                    let inverse = 1 / Double(channels)
                    for i in 0..<n {
                        var sum = 0.0
                        for c in 0..<channels { sum += Double(x[(f + i) * channels + c]) }
                        out[filled + i] = sum * inverse
                    }
                }
            }
            filled += n
            f += n
            if filled == frameLength { analyseFrame(); filled = 0 }
        }
    }

    private mutating func analyseFrame() {
        let n = frameLength
        var mean = 0.0
        for v in frame { mean += v }
        mean /= Double(n)
        var square = 0.0
        for i in 0..<n { frame[i] -= mean; square += frame[i] * frame[i] }
        guard square / Double(n) >= 1e-7, square.isFinite else { return }
        activeFrames += 1
        frame.withUnsafeBufferPointer { input in
            window.withUnsafeBufferPointer { w in
                real.withUnsafeMutableBufferPointer { re in
                    imag.withUnsafeMutableBufferPointer { im in
                        fft.forward(input.baseAddress!, window: w.baseAddress!, real: re.baseAddress!, imag: im.baseAddress!)
                    }
                }
            }
        }
        let bands = bandCount, per = Self.binsPerBand, levels = Self.levelBins
        let step = 1 / Self.levelStep
        real.withUnsafeBufferPointer { re in
            imag.withUnsafeBufferPointer { im in
                histogram.withUnsafeMutableBufferPointer { h in
                    for b in 0..<bands {
                        var p = 0.0
                        for k in (b * per + 1)...(b * per + per) { p += re[k] * re[k] + im[k] * im[k] }
                        p *= scale
                        powerSums[b] += p
                        let level = p > 0 ? Self.decibels(p) : Self.floorDB
                        let bin = min(levels - 1, max(0, Int((level - Self.floorDB) * step)))
                        h[b * levels + bin] &+= 1
                    }
                }
            }
        }
    }

    /// 10·log10(p) for p > 0 to within 0.01 dB, from the exponent and a cubic in the mantissa
    /// (the histogram bins are 0.5 dB wide; `log10` per band and frame costs more than the FFT's share).
    @inline(__always) static func decibels(_ p: Double) -> Double {
        guard p.isNormal else { return p > 0 && p.isFinite ? 10 * log10(p) : (p > 0 ? -floorDB : floorDB) }
        let e = Double(p.exponent)
        let m = p.significand - 1  // [0, 1)
        // log2(1 + m) ≈ m·(1.42349 − m·(0.58777 − 0.16559·m)) (least squares): max error 0.0013 (0.004 dB).
        let log2 = e + m * (1.423_495 - m * (0.587_772 - 0.165_593 * m))
        return 3.010_299_956_639_812 * log2
    }

    /// Level (dB) below which a fraction `q` of the active frames of band `b` lie.
    public func percentile(band b: Int, _ q: Double) -> Double {
        let target = q * Double(activeFrames)
        var seen = 0.0
        for i in 0..<Self.levelBins {
            let c = Double(histogram[b * Self.levelBins + i])
            if c > 0, seen + c >= target {
                return Self.floorDB + (Double(i) + (target - seen) / c) * Self.levelStep
            }
            seen += c
        }
        return Self.floorDB + Double(Self.levelBins) * Self.levelStep
    }

    /// Upper edge (Hz) of band `b`: bins 4b+1 … 4b+4, up to half a bin beyond the last.
    public func upperEdge(band b: Int) -> Double {
        min((Double(b * Self.binsPerBand + Self.binsPerBand) + 0.5) * sampleRate / Double(frameLength), sampleRate / 2)
    }

    public func centre(band b: Int) -> Double {
        (Double(b * Self.binsPerBand) + 2.5) * sampleRate / Double(frameLength)
    }

    /// Per band: 5th, 10th and 90th percentile levels and mean power (dB), the summary `bandwidth` and
    /// `snr` are read from.
    public struct Summary: Sendable {
        public var p5: [Double], p10: [Double], p90: [Double], mean: [Double]
        public var live: [Bool], content: [Bool]
    }

    public func summary() -> Summary? {
        guard activeFrames > 0 else { return nil }
        let bands = bandCount
        let p5 = (0..<bands).map { percentile(band: $0, 0.05) }
        let p10 = (0..<bands).map { percentile(band: $0, 0.1) }
        let p90 = (0..<bands).map { percentile(band: $0, 0.9) }
        let mean = powerSums.map { $0 > 0 ? 10 * log10($0 / Double(activeFrames)) : Self.floorDB }
        let top = p90.max() ?? Self.floorDB
        let live = p90.map { $0 >= top - Self.dynamicRange && $0 > Self.floorDB + 1 }
        let spread = zip(p90, p10).map { $0 - $1 }
        let content = (0..<bands).map { b -> Bool in
            let around = spread[max(0, b - 2)...min(bands - 1, b + 2)].sorted()
            return live[b] && around[around.count / 2] >= Self.contentSpread
        }
        return Summary(p5: p5, p10: p10, p90: p90, mean: mean, live: live, content: content)
    }

    /// Effective bandwidth in Hz: the upper edge of the highest band with content reached
    /// without a gap wider than `maximumGap` (0 when no band has content: steady noise or tones
    /// only); nil without a frame above −70 dBFS.
    public var bandwidth: Double? {
        guard let s = summary() else { return nil }
        guard let first = s.content.firstIndex(of: true) else { return 0 }
        let gapBands = Int(Self.maximumGap / (sampleRate / Double(frameLength) * Double(Self.binsPerBand)))
        let loud = (s.p90.max() ?? Self.floorDB) - Self.bridgeRange
        var last = first, gap = 0
        for b in (first + 1)..<bandCount {
            if s.content[b] {
                last = b; gap = 0
            } else if s.p90[b] >= loud {
                gap = 0
            } else {
                gap += 1
                if gap > gapBands { break }
            }
        }
        return upperEdge(band: last)
    }

    /// Band-averaged SNR in dB (see the type's description); nil without an active frame.
    public var snr: Double? {
        guard let s = summary() else { return nil }
        var total = 0.0, count = 0
        for b in 0..<bandCount where s.live[b] && centre(band: b) <= Self.snrUpperFrequency {
            let mean = pow(10, s.mean[b] / 10)
            let noise = min(mean, Self.noiseMeanOverP5 * pow(10, s.p5[b] / 10))
            let signal = mean - noise
            let ratio = noise > 0 ? 10 * log10(max(signal / noise, 1e-30)) : 35
            total += min(max(ratio, -10), 35)
            count += 1
        }
        return count > 0 ? total / Double(count) : nil
    }
}
