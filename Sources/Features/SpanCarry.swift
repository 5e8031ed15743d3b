/// What a span of overlapping windows hands to the next span when the two overlap: its STFT
/// frames and its HPSS harmonic waveform over the stretch they share, so that the next span
/// analyses only what is new (at 15-s hops, spans of 4 windows overlapped by 15 s of every 75 s:
/// a quarter of each span's STFT and harmonic resynthesis was the previous span's again).
///
/// Only values that do not depend on where either span starts or ends are carried: the frames
/// that do not reach past the span's ends (no padding), and the harmonic waveform away from the
/// span's end (`KaggleFeatureExtractor.headSamples`' mirror image). There a frame is the same FFT
/// of the same samples, and the waveform the same medians and overlap-add of the same frames, so
/// the next span's analysis is the one it would compute itself, bit for bit, wherever its windows
/// read it (`SharedWindowTests`).
public struct SpanCarry: Sendable {
    /// The recording's frame (centred on sample g·hop) of the first carried frame.
    let firstFrame: Int
    let power: [Double]
    let magnitude: [Float]
    let real: [Float]
    let imag: [Float]
    let maxima: [Double]
    /// The recording's sample of `harmonic[0]`.
    let harmonicStart: Int
    let harmonic: [Float]

    var frameCount: Int { maxima.count }
    var harmonicEnd: Int { harmonicStart + harmonic.count }
}

/// A span's analysis, held until the next span's carry has been cut from it.
/// Why not cut in the span's own task: the 16 MB it allocates there, at the end of the span's
/// analysis, outlived the span's arrays in that thread's malloc arena and fragmented it (the peak
/// RSS at 15-s hops rose by 30 MB); cut by the caller once the batch is done, it did not.
public struct SpanCarrySource: Sendable {
    let analysis: KaggleFeatureExtractor.SpanAnalysis
    let start: Int
    let stft: STFT

    /// The carry for a next span starting at or after `from` (a sample of this span).
    public func carry(from: Int) -> SpanCarry? { analysis.carry(start: start, from: from, stft: stft) }
}

extension KaggleFeatureExtractor.SpanAnalysis {
    /// The carry for a span that starts at or after `from` (a sample of this span, which starts
    /// at the recording's sample `start`): the exact frames and harmonic samples from a little
    /// before `from` to this span's end. Nil when there is nothing exact to carry.
    func carry(start: Int, from: Int, stft: STFT) -> SpanCarry? {
        let hop = stft.hopLength, half = stft.fftLength / 2, n = harmonic.count
        guard start % hop == 0, from >= 0 else { return nil }
        let bins = power.binCount
        // Frames that reach past neither end: t·hop − half ≥ 0 and t·hop + half ≤ n.
        let lastInside = (n - half) / hop
        let first = max(half / hop, from / hop - 2)
        guard first <= lastInside else { return nil }
        let frames = first..<(lastInside + 1)
        // The harmonic waveform is this span's own from here on (the mirror image of
        // `headSamples`; see `windowInputs`' `tailStart`).
        let harmonicEnd = (lastInside + 1 - 15 - 2) * hop - half
        let harmonicFrom = max(KaggleFeatureExtractor.headSamples, from / hop * hop)
        guard harmonicFrom < harmonicEnd else { return nil }
        let values = (frames.lowerBound * bins)..<(frames.upperBound * bins)
        return SpanCarry(firstFrame: start / hop + first, power: Array(power.values[values]),
                         magnitude: Array(magnitude[values]), real: Array(spectrum.real[values]),
                         imag: Array(spectrum.imag[values]), maxima: Array(frameMaxima[frames]),
                         harmonicStart: start + harmonicFrom, harmonic: Array(harmonic[harmonicFrom..<harmonicEnd]))
    }
}

/// How a span starting at the recording's sample `start` (`count` samples, `frames` frames)
/// uses a carry: it copies its frames `copied` and its harmonic samples below `harmonicCut`
/// from it, computes the other frames, and resynthesises the harmonic waveform from frame
/// `blockStart` on (exact from `harmonicCut`, `headSamples` later).
struct CarryUse {
    let copied: Range<Int>
    let harmonicCut: Int
    let blockStart: Int

    init?(_ carry: SpanCarry, start: Int, count: Int, frames: Int, stft: STFT) {
        let hop = stft.hopLength
        guard start % hop == 0 else { return nil }
        let offset = start / hop
        // The carried frames (this span's a..<k) must begin by its first frame that reaches no
        // padding (n_fft/2 / hop = 2); those before it are computed.
        let a = carry.firstFrame - offset, k = min(frames, carry.firstFrame + carry.frameCount - offset)
        guard a <= stft.fftLength / 2 / hop else { return nil }
        // The harmonic waveform from the span's start up to a frame boundary inside the carry.
        let cut = min((carry.harmonicEnd - start) / hop * hop, count)
        let block = (cut - KaggleFeatureExtractor.headSamples) / hop
        guard carry.harmonicStart <= start, block >= 0, block * hop + KaggleFeatureExtractor.headSamples == cut,
              max(a, 0) < k, cut > 0 else { return nil }
        copied = max(a, 0)..<k
        harmonicCut = cut
        blockStart = block
    }
}
