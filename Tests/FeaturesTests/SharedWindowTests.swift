import Foundation
import TestSupport
import Testing
@testable import Features

/// The shared path for overlapping windows (`features(span:windows:)`: one STFT and one HPSS
/// resynthesis for the whole span, window ends recomputed) against each window analysed alone
/// (`features(window)`, the independent computation): the same features, to the last bit, and
/// the same per-frame values (STFT, harmonic waveform, RMS, zero crossings, spectral shape, mel dB).
@Suite struct SharedWindowTests {
    /// Windows of `length` every `hop` samples on the 512-sample frame grid, as `genre classify`
    /// places them, plus one aligned to the end (off the grid: analysed alone) and a short one.
    static func windows(total: Int, length: Int, hop: Int) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var k = 0
        while true {
            let start = (k * hop + 256) / 512 * 512
            guard start + length <= total else { break }
            out.append(start..<(start + length))
            k += 1
        }
        out.append((total - length)..<total)
        out.append((512 * 37)..<(512 * 37 + 10 * 22050))
        return out
    }

    /// - Parameters: start, carry: the span's start in the recording and the previous span's
    ///   carry (`SpanCarry`), which the span must then really take.
    static func compare(_ span: [Double], _ windows: [Range<Int>], start: Int = 0, carry: SpanCarry? = nil) -> [String] {
        let extractor = KaggleFeatureExtractor()
        let shared = extractor.features(span: span, windows: windows, start: start, carry: carry).features
        var problems: [String] = []
        if let carry, CarryUse(carry, start: start, count: span.count, frames: extractor.stft.centeredFrameCount(span.count),
                               stft: extractor.stft) == nil {
            problems.append("the span did not take the carry")
        }
        // The windows on the grid really take the shared path (not the fallback to analysing alone).
        let analysis = KaggleFeatureExtractor.SpanAnalysis(span, extractor: extractor, start: start, carry: carry)
        if analysis == nil { problems.append("the span's analysis failed") }
        for w in windows where w.lowerBound % 512 == 0 {
            guard let inputs = analysis.flatMap({ extractor.windowInputs(span, window: w, analysis: $0) }) else {
                problems.append("window \(w) did not take the shared path")
                continue
            }
            problems += framesDiffer(inputs, span: span, analysis: analysis!, alone: Array(span[w]), extractor: extractor)
                .map { "window \(w): \($0)" }
        }
        for (w, ours) in zip(windows, shared) {
            let alone = extractor.features(Array(span[w]))
            for (c, name) in KaggleSchema.featureNames.enumerated() where ours[c].bitPattern != alone[c].bitPattern {
                problems.append("window \(w) \(name): shared \(ours[c]) vs alone \(alone[c])")
            }
        }
        return problems
    }

    /// The shared path's per-frame inputs against the window's own STFT, HPSS harmonic waveform
    /// and `FrameValues`, value by value (bit patterns): each differing quantity with its first
    /// differing index. The shared inputs are read as `summarised` reads them: the power through
    /// `SpectrogramFrames`, the harmonic waveform through `WaveformPieces`.
    static func framesDiffer(_ shared: KaggleFeatureExtractor.WindowInputs, span: [Double],
                             analysis: KaggleFeatureExtractor.SpanAnalysis, alone signal: [Double],
                             extractor: KaggleFeatureExtractor) -> [String] {
        let (spectrum, power, magnitude, maxima, _) = extractor.stft.analysed(signal, padMode: .reflect)
        let harmonic = HPSS.singlePrecisionHarmonic(magnitude, real: spectrum.real, imag: spectrum.imag,
                                                    bins: spectrum.binCount, frames: spectrum.frameCount,
                                                    stft: extractor.stft, length: signal.count,
                                                    kernelSize: KaggleFeatureExtractor.hpssKernel)?.map(Double.init) ?? []
        let own = FrameValues(signal, power: power, magnitude: magnitude, extractor: extractor)
        var out: [String] = []
        func check(_ name: String, _ a: [Double], _ b: [Double]) {
            guard a.count == b.count else { out.append("\(name): \(a.count) values vs \(b.count)"); return }
            if let i = a.indices.first(where: { a[$0].bitPattern != b[$0].bitPattern }) {
                out.append("\(name)[\(i)]: shared \(a[i]) vs alone \(b[i])")
            }
        }
        guard let sharedValues = shared.frameValues else { return ["no frame values"] }
        let bins = power.binCount
        let sharedPower = shared.power.withFrames { frame in
            (0..<shared.power.frameCount).flatMap { t in UnsafeBufferPointer(start: frame(t), count: bins) }
        }
        check("power", sharedPower, power.values)
        // The magnitude of the edge frames (the interior's reaches the features only through FrameValues).
        let tailFirst = power.frameCount - shared.tail.power.frameCount
        check("magnitude (head)", shared.head.magnitude.map(Double.init),
              magnitude[0..<shared.head.magnitude.count].map(Double.init))
        check("magnitude (tail)", shared.tail.magnitude.map(Double.init), magnitude[(tailFirst * bins)...].map(Double.init))
        check("frame maxima", shared.frameMaxima, maxima)
        check("tuning", [shared.tuning], [Tuning.estimate(power, sampleRate: extractor.sampleRate, frameMaxima: maxima)])
        check("harmonic", shared.withWaveforms(span, analysis: analysis) { _, pieces in
            var out: [Double] = []
            pieces.forEach(upTo: pieces.count) { _, v, count in out += UnsafeBufferPointer(start: v, count: count).map(Double.init) }
            return out
        }, harmonic)
        check("rms", sharedValues.rms, own.rms)
        check("zero-crossing rate", sharedValues.zeroCrossingRate, own.zeroCrossingRate)
        check("centroid", sharedValues.centroid, own.centroid)
        check("bandwidth", sharedValues.bandwidth, own.bandwidth)
        check("rolloff", sharedValues.rolloff, own.rolloff)
        check("mel dB", sharedValues.melDecibels, own.melDecibels)
        return out
    }

    @Test func sharedWindowsEqualWindowsAnalysedAloneOnGTZANClips() {
        guard GTZAN.available else { print("skipped: \(GTZAN.skipMessage)"); return }
        // Three clips of different genres back to back (about 90 s): quiet classical, loud metal.
        let names = ["classical/classical.00000.wav", "metal/metal.00000.wav", "hiphop/hiphop.00000.wav"]
        let span = names.flatMap { GTZAN.samples(GTZAN.root.appendingPathComponent("audio/" + $0)).map(Double.init) }
        let windows = Self.windows(total: span.count, length: 661_500, hop: 330_750)
        #expect(windows.count >= 6)
        let problems = Self.compare(span, windows)
        #expect(problems.isEmpty, "\(problems.count) differences:\n\(problems.prefix(20).joined(separator: "\n"))")
    }

    /// The recording cut into two spans as `genre classify` cuts it (the second from the first
    /// window the first does not hold), the second taking the first's carry: its windows equal
    /// the windows analysed alone, frames and features, bit for bit.
    static func compareCarried(_ recording: [Double], length: Int, hop: Int, firstSpanWindows: Int) -> [String] {
        let extractor = KaggleFeatureExtractor()
        let regular = Array(windows(total: recording.count, length: length, hop: hop).dropLast(2))   // not the end-aligned and short ones
        let first = Array(regular[..<firstSpanWindows]), second = Array(regular[firstSpanWindows...])
        guard first.count >= 2, second.count >= 2 else { return ["too few windows"] }
        let firstSpan = Array(recording[0..<first.last!.upperBound])
        let carryFrom = first.last!.lowerBound + hop - 512
        guard let carry = extractor.features(span: firstSpan, windows: first, start: 0, carry: nil).carrySource?.carry(from: carryFrom) else {
            return ["no carry"]
        }
        let start = second[0].lowerBound, end = second.last!.upperBound
        return compare(Array(recording[start..<end]), second.map { ($0.lowerBound - start)..<($0.upperBound - start) },
                       start: start, carry: carry)
    }

    @Test func aSpanTakingThePreviousSpansCarryEqualsWindowsAnalysedAlone() {
        guard GTZAN.available else { print("skipped: \(GTZAN.skipMessage)"); return }
        let names = ["classical/classical.00000.wav", "metal/metal.00000.wav", "hiphop/hiphop.00000.wav"]
        let recording = names.flatMap { GTZAN.samples(GTZAN.root.appendingPathComponent("audio/" + $0)).map(Double.init) }
        let problems = Self.compareCarried(recording, length: 661_500, hop: 330_750, firstSpanWindows: 2)
        #expect(problems.isEmpty, "\(problems.count) differences:\n\(problems.prefix(20).joined(separator: "\n"))")
        // Windows every 10 s (`--hop-seconds 10`): the spans overlap by 20 s.
        let tenSeconds = Self.compareCarried(recording, length: 661_500, hop: 220_500, firstSpanWindows: 4)
        #expect(tenSeconds.isEmpty, "\(tenSeconds.count) differences:\n\(tenSeconds.prefix(20).joined(separator: "\n"))")
    }

    @Test func aSpanTakingThePreviousSpansCarryEqualsWindowsAnalysedAloneOnSyntheticAudio() {
        let problems = Self.compareCarried(Self.syntheticRecording(), length: 10 * 22050, hop: 5 * 22050, firstSpanWindows: 3)
        #expect(problems.isEmpty, "\(problems.count) differences:\n\(problems.prefix(20).joined(separator: "\n"))")
    }

    @Test func sharedWindowsEqualWindowsAnalysedAloneOnSyntheticAudio() {
        let span = Self.syntheticRecording()
        let windows = Self.windows(total: span.count, length: 10 * 22050, hop: 5 * 22050)
        let problems = Self.compare(span, windows)
        #expect(problems.isEmpty, "\(problems.count) differences:\n\(problems.prefix(20).joined(separator: "\n"))")
    }

    /// 40 s of a gliding tone, a second steady tone, clicks every 0.4 s and noise, with a silent
    /// second (the dB floor of a window depends on its own maximum) and a loud burst.
    static func syntheticRecording() -> [Double] {
        var generator = ConditionMeterTests.Noise(state: 7)
        let rate = 22050.0
        return (0..<(40 * 22050)).map { i -> Double in
            let t = Double(i) / rate
            let glide = sin(2 * Double.pi * (200 * t + 15 * t * t)) * 0.3
            let steady = sin(2 * Double.pi * 523.25 * t) * 0.2
            let click = i % 8820 < 30 ? 0.8 : 0
            let noise = (generator.uniform() - 0.5) * 0.05
            let silent = t >= 12 && t < 13
            let burst = t >= 27 && t < 27.5 ? 3.0 : 1.0
            return silent ? 0 : (glide + steady + click + noise) * burst
        }
    }
}
