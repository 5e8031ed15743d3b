import CPUFeatures
import Foundation
import Kernels
import KernelsHaswell

/// How sharply a `Resampler` band-limits: where its pass band ends and its stop band begins (as
/// fractions of the lower rate's Nyquist frequency) and how deep the stop band is.
public enum ResamplerQuality: String, Sendable, CaseIterable, Codable {
    /// The default: flat (±0.01 dB) to 0.985 of the lower Nyquist, 100 dB down at Nyquist. A clip
    /// upsampled and brought back to 22050 Hz keeps all but its top ~170 Hz, so the top mel bands
    /// (10.2–11.0 kHz), which the MFCCs weigh like any other, are what the upsampler left of them.
    /// About 4.7x longer than `.librosa` (≈1700 taps per output from 44.1 kHz).
    case sharp
    /// `librosa.load(sr=22050)`'s resampler, soxr "HQ": pass band to 0.913 of the lower Nyquist
    /// (10.07 kHz at 22050 Hz), 120 dB rejection. Its roll-off above 10 kHz is what moves the top
    /// MFCCs of a resampled copy by up to 0.74 of their std (bench/chains/README.md); use it to
    /// reproduce librosa's values on files at other rates.
    case librosa
    /// `genre classify`'s default: the `.sharp` filter with its pass band ending at 9.5 kHz and
    /// 100 dB down from 9.85 kHz, applied to every file, a 22050 Hz one included (a plain
    /// low-pass then). Every upsampler a recording may have passed through (sox, soxr, ffmpeg:
    /// 44.1, 48, 96 kHz copies) cuts the 22050 Hz original's band above about 10 kHz before we
    /// see the file, and nothing can restore it; cutting it from every recording makes a copy's
    /// features those of its original instead of teaching the model to overlook the difference.
    /// Files whose own band ends lower (rates below 19.7 kHz) get `.sharp`'s design.
    case canonical

    /// Upper edge of `.canonical`'s pass band and start of its stop band (Hz).
    public static let canonicalBand = (passband: 9500.0, stopband: 9850.0)

    /// Whether the filter cuts a signal at `rate` below its own Nyquist frequency, so that it must
    /// run even when no rate changes (`.canonical` at 22050 Hz).
    public func limitsBand(at rate: Double) -> Bool {
        self == .canonical && Self.canonicalBand.stopband < rate / 2
    }

    /// Pass-band end, stop-band start (fractions of the lower Nyquist `low / 2`) and stop-band
    /// rejection (dB).
    func design(low: Double) -> (passband: Double, stopband: Double, rejection: Double) {
        switch self {
        case .sharp: return (0.985, 1, 100)
        case .canonical:
            let band = Self.canonicalBand
            guard band.stopband < low / 2 else { return Self.sharp.design(low: low) }
            return (band.passband / (low / 2), band.stopband / (low / 2), 100)
        case .librosa:
            // soxr: 1 - 0.05 / TO_3dB(rej), rej = 20 bits · 20·log10(2).
            let a = 20 * 20 * log10(2.0)
            return (1 - 0.05 / ((1.6e-6 * a - 7.5e-4) * a + 0.646), 1, a)
        }
    }
}

/// Band-limited streaming sample-rate converter. With `.librosa` quality it is the equivalent of
/// `librosa.resample(y, orig_sr=from, target_sr=to, res_type="soxr_hq")`.
///
/// Design (after soxr's recipe): a linear-phase Kaiser-windowed sinc low-pass whose pass band
/// and stop band edges and rejection come from the `ResamplerQuality` (Kaiser β = 0.1102·(A - 8.7),
/// length from Kaiser's formula). Output sample k sits at input
/// time k·from/to — zero delay, as soxr.resample returns it — with zeros assumed before the first and
/// after the last input sample.
///
/// For integer rates with a small reduced ratio L/M (44100→22050 = 1/2, 48000→22050 = 147/320,
/// 96000→22050 = 147/640) the filter is tabulated exactly at the L phases; other ratios use a
/// fine table (up to 4096 phases) with linear interpolation between phases (error < -110 dB).
///
/// `process` may be called with blocks of any size; `flush` ends the stream and returns the tail so
/// that the total output length is ⌈n·to/from⌉ (n = total input samples), librosa's length rule
/// (`fix=True`). After `flush` the resampler is ready for a new stream. Invalid rates (≤ 0, NaN)
/// make it an identity, since callers validate rates before.
public final class Resampler {
    public let from: Double
    public let to: Double
    public let quality: ResamplerQuality
    private let identity: Bool
    /// Half the taps: output at input position i + φ uses samples i-H+1 … i+H.
    private let halfTaps: Int
    private let phases: Int
    /// (phases + 1) rows of 2·halfTaps coefficients; row p is the filter at fractional offset p/phases.
    private let table: [Float]
    /// Exact rational stepping (L = to/g, M = from/g) when available.
    private let rational: (l: Int, m: Int)?
    private var buffer: [Float] = []
    /// Absolute input index of buffer[0].
    private var bufferStart = 0
    private var inputCount = 0
    private var outputCount = 0
    /// Position of the next output: integer input index and phase numerator (rational mode).
    private var baseIndex = 0
    private var phase = 0

    /// Upper bound on halfTaps (2^17 taps per output at most).
    static let maxHalfTaps = 1 << 16

    /// - Parameters:
    ///   - from, to: input and output rates in Hz.
    ///   - quality: the filter design; default `.sharp`.
    public init(from: Double, to: Double, quality: ResamplerQuality = .sharp) {
        self.from = from
        self.to = to
        self.quality = quality
        identity = !(from > 0 && to > 0 && from.isFinite && to.isFinite) || (from == to && !quality.limitsBand(at: to))
        guard !identity else {
            halfTaps = 0; phases = 1; table = []; rational = nil
            return
        }
        let low = min(from, to)
        let design = quality.design(low: low)
        let passband = design.passband * low / 2, stopband = design.stopband * low / 2
        let cutoff = (passband + stopband) / 2 / from                 // cycles per input sample
        let attenuation = design.rejection
        let transition = 2 * Double.pi * (stopband - passband) / low  // rad per low-rate sample
        let lowTaps = KaiserWindow.span(rejection: attenuation, transition: transition) + 1
        // In input samples. Capped so absurd ratios (e.g. 10 MHz → 1 Hz) cannot allocate gigabytes:
        // beyond ~1000:1 the filter gets proportionally shorter (a wider transition band).
        let halfWidth = min(lowTaps / 2 * from / low, Double(Resampler.maxHalfTaps - 4))
        let h = max(4, Int((halfWidth / 4).rounded(.up)) * 4)           // multiple of 4 → rows of 8k taps
        halfTaps = h
        var exact: (Int, Int)?
        if from == from.rounded(), to == to.rounded(), from < 1e9, to < 1e9 {
            var a = Int(from), b = Int(to)
            while b != 0 { (a, b) = (b, a % b) }
            let l = Int(to) / a, m = Int(from) / a
            if l <= 4096, l * 2 * h <= 8 << 20 { exact = (l, m) }
        }
        rational = exact
        // Long filters (strong downsampling) vary slowly between input samples, so fewer phases suffice.
        phases = exact?.0 ?? min(4096, max(2, (4 << 20) / (2 * h)))
        var t = [Float](repeating: 0, count: (phases + 1) * 2 * h)
        let kaiser = KaiserWindow(rejection: attenuation)
        for p in 0...phases {
            let frac = Double(p) / Double(phases)
            for m in 0..<2 * h {
                let d = Double(h - 1 - m) + frac
                guard abs(d) < halfWidth else { continue }
                let r = d / halfWidth
                let window = kaiser(r)
                let x = 2 * cutoff * d
                let sinc = x == 0 ? 1 : sin(Double.pi * x) / (Double.pi * x)
                t[p * 2 * h + m] = Float(2 * cutoff * sinc * window)
            }
        }
        table = t
        buffer = [Float](repeating: 0, count: h)
        bufferStart = -h
    }

    /// Resamples the next block; returns the outputs that are complete so far.
    public func process(_ x: [Float]) -> [Float] {
        if identity { inputCount += x.count; return x }
        buffer += x
        inputCount += x.count
        return produce(limit: Int.max)
    }

    /// Ends the stream: returns the remaining outputs so the total is ⌈n·to/from⌉, then resets.
    public func flush() -> [Float] {
        defer { reset() }
        if identity { return [] }
        let total = Int((Double(inputCount) * (to / from)).rounded(.up))
        buffer += [Float](repeating: 0, count: 2 * halfTaps + 1)
        var out: [Float] = []
        while outputCount < total {
            let block = produce(limit: total)
            if block.isEmpty {  // cannot happen with the padding above; guard against a stall anyway
                out += [Float](repeating: 0, count: total - outputCount)
                break
            }
            out += block
            buffer += [Float](repeating: 0, count: 2 * halfTaps + 1)
        }
        return out
    }

    private func reset() {
        inputCount = 0; outputCount = 0; baseIndex = 0; phase = 0
        buffer = [Float](repeating: 0, count: halfTaps)
        bufferStart = -halfTaps
    }

    /// Outputs whose taps are all in the buffer (at most up to output number `limit`).
    private func produce(limit: Int) -> [Float] {
        let taps = 2 * halfTaps
        let lastIndex = bufferStart + buffer.count - 1
        var out: [Float] = []
        let step = from / to
        buffer.withUnsafeBufferPointer { buf in
            table.withUnsafeBufferPointer { tab in
                guard let bp = buf.baseAddress, let tp = tab.baseAddress else { return }
                while outputCount < limit {
                    let index: Int, row: Int
                    var frac: Float = 0
                    if rational != nil {
                        index = baseIndex; row = phase
                    } else {
                        let pos = Double(outputCount) * step
                        index = Int(pos.rounded(.down))
                        let f = (pos - Double(index)) * Double(phases)
                        row = min(phases - 1, Int(f))
                        frac = Float(f - Double(row))
                    }
                    guard index + halfTaps <= lastIndex else { break }
                    let start = index - halfTaps + 1 - bufferStart
                    var y = Resampler.dot(tp + row * taps, bp + start, taps)
                    if frac != 0 {
                        let y1 = Resampler.dot(tp + (row + 1) * taps, bp + start, taps)
                        y += frac * (y1 - y)
                    }
                    out.append(y)
                    outputCount += 1
                    if let (l, m) = rational {
                        phase += m
                        baseIndex += phase / l
                        phase %= l
                    }
                }
            }
        }
        // Keep only what the next output needs.
        let nextIndex = rational != nil ? baseIndex : Int((Double(outputCount) * step).rounded(.down))
        let drop = min(buffer.count, max(0, nextIndex - halfTaps + 1 - bufferStart))
        if drop > 0 {
            buffer.removeFirst(drop)
            bufferStart += drop
        }
        return out
    }

    /// The inner product of a filter row and the input (`Kernels.floatDot`), through its AVX2
    /// build when the processor has AVX2 (the same bits either way; `GENRE_KERNELS=baseline`
    /// forces the baseline build, as for the feature kernels).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        wide ? Haswell.floatDot(a, b, n) : floatDot(a, b, n)
    }

    static let wide: Bool = genre_cpu_supports_haswell() != 0
        && ProcessInfo.processInfo.environment["GENRE_KERNELS"] != "baseline"
}
