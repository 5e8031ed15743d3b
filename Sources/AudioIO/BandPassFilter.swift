import Foundation

/// A streaming linear-phase band-pass: a Kaiser-windowed sinc FIR (`KaiserWindow`, as the
/// resampler's low-pass), its delay compensated, so output
/// sample n lines up with input sample n and the output is exactly as long as the input (zeros
/// assumed before the first sample and after the last, as scipy's `lfilter` of a padded signal,
/// or sox's `sinc` effect, which also compensates its delay).
///
/// h[m] = w(m)·(2f₂·sinc(2f₂m) − 2f₁·sinc(2f₁m)) for m = −D…D, where f₁, f₂ are the band edges
/// in cycles per sample (the −6 dB points), w is the Kaiser window with β = 0.1102·(A − 8.7) and
/// D = ⌈(A − 7.95) / (2.285·Δω) / 2⌉ for a rejection of A dB and a transition of Δω rad/sample.
public final class BandPassFilter {
    public let low: Double, high: Double, sampleRate: Double
    /// The 2D + 1 taps, padded with zeros to a multiple of 8 (the dot kernel's fast case).
    let taps: [Float]
    /// Half the filter length: the delay compensated.
    public let delay: Int
    /// The input from `delay` samples before the next output's own (zeros before the first).
    private var buffer: [Float]

    /// - Parameters: `low`, `high`: band edges (Hz, the −6 dB points); `transition`: width of each
    ///   edge's transition band (Hz); `rejection`: stop-band attenuation (dB).
    public init(low: Double, high: Double, transition: Double, rejection: Double = 100, sampleRate: Double) {
        precondition(0 < low && low < high && high < sampleRate / 2 && transition > 0 && rejection > 8.7)
        self.low = low; self.high = high; self.sampleRate = sampleRate
        let kaiser = KaiserWindow(rejection: rejection)
        let d = Int((KaiserWindow.span(rejection: rejection, transition: 2 * Double.pi * transition / sampleRate) / 2).rounded(.up))
        delay = d
        let f1 = low / sampleRate, f2 = high / sampleRate
        var h = [Float](repeating: 0, count: (2 * d + 1 + 7) / 8 * 8)
        for m in -d...d {
            let r = Double(m) / Double(d)
            let window = kaiser(r)
            func lowPass(_ f: Double) -> Double {
                m == 0 ? 2 * f : sin(2 * Double.pi * f * Double(m)) / (Double.pi * Double(m))
            }
            h[m + d] = Float(window * (lowPass(f2) - lowPass(f1)))
        }
        taps = h
        buffer = [Float](repeating: 0, count: d)
    }

    /// Filters the next block; returns the outputs that are complete so far (`delay` samples
    /// behind the input until `flush`).
    public func process(_ x: [Float]) -> [Float] {
        buffer += x
        return produce()
    }

    /// Ends the stream: the last `delay` outputs (the input followed by zeros), then resets.
    public func flush() -> [Float] {
        // The zeros after the last sample, and as many as the padded taps read beyond them.
        buffer += [Float](repeating: 0, count: delay + taps.count - (2 * delay + 1))
        let out = produce()
        buffer = [Float](repeating: 0, count: delay)
        return out
    }

    /// Every output whose taps lie in the buffer: output i reads `taps.count` samples from
    /// buffer[i] (the zero-padded taps past 2·delay read samples they multiply by 0).
    private func produce() -> [Float] {
        let count = buffer.count - taps.count + 1
        guard count > 0 else { return [] }
        var out = [Float](repeating: 0, count: count)
        buffer.withUnsafeBufferPointer { b in
            taps.withUnsafeBufferPointer { t in
                for i in 0..<count { out[i] = Resampler.dot(t.baseAddress!, b.baseAddress! + i, t.count) }
            }
        }
        buffer.removeFirst(count)  // the next output's window starts here now
        return out
    }
}
