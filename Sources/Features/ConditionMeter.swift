import Foundation

/// What a recording's chain did to it, measured on the samples as the file holds them (native
/// rate and channels, before any mixing or resampling).
public struct ConditionMeasurement: Sendable, Equatable {
    /// Highest frequency with content above the noise floor (`BandLevelStatistics.bandwidth`);
    /// nil when nothing rose above −70 dBFS or the rate is below 1 kHz.
    public var bandwidthHz: Double?
    /// Band-averaged signal-to-noise estimate up to 11025 Hz (`BandLevelStatistics.snr`).
    public var snrDB: Double?
    /// Share of samples on a clipping ceiling (`ClippingMeter`).
    public var clippedFraction: Double
    /// Mean sample value of the channel whose mean is furthest from zero (full scale = 1).
    public var dcOffset: Double
    /// BS.1770-4 integrated loudness (`LoudnessMeter`); nil for silence, < 0.4 s, or rates below 4 kHz.
    public var loudnessLUFS: Double?
    /// The rate and channel count measured (the first block's; see `ConditionMeter`).
    public var sampleRate: Double
    public var channels: Int

    public init(bandwidthHz: Double?, snrDB: Double?, clippedFraction: Double, dcOffset: Double,
                loudnessLUFS: Double?, sampleRate: Double, channels: Int) {
        self.bandwidthHz = bandwidthHz; self.snrDB = snrDB; self.clippedFraction = clippedFraction
        self.dcOffset = dcOffset; self.loudnessLUFS = loudnessLUFS; self.sampleRate = sampleRate; self.channels = channels
    }
}

/// Measures a recording's condition block by block, in constant memory: bandwidth and SNR
/// (`BandLevelStatistics`), clipping (`ClippingMeter`), DC offset and integrated loudness
/// (`LoudnessMeter`). Feed it every decoded block in order, then read `measurement`.
///
/// A stream that changes rate or channel count mid-way (valid in FLAC) is measured piece by
/// piece: loudness gating blocks, clipping runs and DC sums carry over; the band statistics of
/// the rate that supplied most frames are the ones reported.
public struct ConditionMeter: Sendable {
    var loudness: LoudnessMeter?
    /// Loudness meters of earlier formats (their gating histograms are merged at the end).
    var earlierLoudness: [LoudnessMeter] = []
    var bands: [Double: BandLevelStatistics] = [:]
    var clipping = ClippingMeter(channels: 1)
    var dcSums: [Double] = []
    var dcCounts: [Int] = []
    var format: (rate: Double, channels: Int)?

    public init() {}

    /// Feeds interleaved frames at `sampleRate` Hz with `channels` channels.
    public mutating func add(_ samples: UnsafeBufferPointer<Float>, channels: Int, sampleRate: Double) {
        guard channels >= 1, !samples.isEmpty else { return }
        if format == nil { format = (sampleRate, channels) }
        if loudness?.sampleRate != sampleRate || loudness?.channels != channels {
            if let old = loudness { earlierLoudness.append(old) }
            loudness = sampleRate >= KWeighting.minimumSampleRate ? LoudnessMeter(sampleRate: sampleRate, channels: channels) : nil
        }
        loudness?.add(samples)
        if sampleRate >= BandLevelStatistics.minimumSampleRate {
            bands[sampleRate, default: BandLevelStatistics(sampleRate: sampleRate)].add(samples, channels: channels)
        }
        clipping.add(samples, channels: channels)
        if dcSums.count < channels {
            dcSums += Array(repeating: 0, count: channels - dcSums.count)
            dcCounts += Array(repeating: 0, count: channels - dcCounts.count)
        }
        let frames = samples.count / channels
        let sums = Self.channelSums(samples, channels: channels)
        for c in 0..<channels where sums[c].isFinite { dcSums[c] += sums[c]; dcCounts[c] += frames }
    }

    /// Σ of each channel's samples. With 1, 2, 4 or 8 channels, 16 interleaved samples at a time
    /// in Float lanes (channel = lane mod channels), each block's lanes then added in Double; the
    /// Float partial sums cover at most 4096 samples, so their rounding stays below 1e-7 of full scale
    /// per sample.
    static func channelSums(_ x: UnsafeBufferPointer<Float>, channels: Int) -> [Double] {
        let frames = x.count / channels
        var sums = [Double](repeating: 0, count: channels)
        guard frames > 0, let base = x.baseAddress else { return sums }
        let n = frames * channels
        var i = 0
        if 16 % channels == 0 {
            let raw = UnsafeRawPointer(base)
            while i + 16 <= n {
                var acc = SIMD16<Float>()
                let end = min(n - n % 16, i + 4096)
                while i < end { acc += raw.loadUnaligned(fromByteOffset: 4 * i, as: SIMD16<Float>.self); i += 16 }
                for lane in 0..<16 { sums[lane % channels] += Double(acc[lane]) }
            }
        }
        while i < n { sums[i % channels] += Double(x[i]); i += 1 }
        return sums
    }

    public mutating func add(_ samples: [Float], channels: Int, sampleRate: Double) {
        samples.withUnsafeBufferPointer { add($0, channels: channels, sampleRate: sampleRate) }
    }

    public var measurement: ConditionMeasurement {
        let meters = earlierLoudness + (loudness.map { [$0] } ?? [])
        let merged = meters.first.map { first in meters.dropFirst().reduce(into: first) { $0.merge($1) } }
        let band = bands.values.max { ($0.activeFrames, $1.sampleRate) < ($1.activeFrames, $0.sampleRate) }
        let means = zip(dcSums, dcCounts).map { $1 > 0 ? $0 / Double($1) : 0 }
        let dc = means.max { abs($0) < abs($1) } ?? 0
        return ConditionMeasurement(bandwidthHz: band?.bandwidth, snrDB: band?.snr, clippedFraction: clipping.clippedFraction,
                                    dcOffset: dc, loudnessLUFS: merged?.integratedLoudness,
                                    sampleRate: format?.rate ?? 0, channels: format?.channels ?? 0)
    }
}
