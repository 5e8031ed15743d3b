import Foundation
import Testing
@testable import AudioIO

/// `BandPassFilter` against a naive direct convolution of the same windowed-sinc taps in Double,
/// and against the band it promises: sines in the pass band through at unit gain and in phase,
/// sines beyond the transitions down by the stated rejection.
@Suite struct BandPassFilterTests {
    static let rate = 22050.0

    /// Kaiser-windowed sinc band-pass taps, written out from the formula (Double).
    static func naiveTaps(low: Double, high: Double, transition: Double, rejection: Double) -> [Double] {
        let beta = 0.1102 * (rejection - 8.7)
        let d = Int(((rejection - 7.95) / (2.285 * 2 * Double.pi * transition / rate) / 2).rounded(.up))
        func i0(_ x: Double) -> Double {
            var sum = 1.0, term = 1.0
            for k in 1..<300 { term *= (x / 2) * (x / 2) / Double(k * k); sum += term }
            return sum
        }
        return (-d...d).map { m in
            let r = Double(m) / Double(d)
            let w = i0(beta * (1 - r * r).squareRoot()) / i0(beta)
            func lowPass(_ f: Double) -> Double { m == 0 ? 2 * f / rate : sin(2 * .pi * f / rate * Double(m)) / (.pi * Double(m)) }
            return w * (lowPass(high) - lowPass(low))
        }
    }

    static func filtered(_ x: [Float], _ filter: BandPassFilter, block: Int) -> [Float] {
        var out: [Float] = []
        var i = 0
        while i < x.count { out += filter.process(Array(x[i..<min(i + block, x.count)])); i += block }
        return out + filter.flush()
    }

    @Test func streamingOutputIsTheCentredConvolution() {
        var rng = SystemRandomNumberGenerator()
        let x = (0..<20_000).map { _ in Float.random(in: -1...1, using: &rng) }
        let h = Self.naiveTaps(low: 300, high: 3300, transition: 150, rejection: 100)
        let d = h.count / 2
        let expected = (0..<x.count).map { n in
            (0..<h.count).reduce(0.0) { s, k in
                let j = n - d + k
                return j >= 0 && j < x.count ? s + h[k] * Double(x[j]) : s
            }
        }
        for block in [1, 777, 65536] {
            let filter = BandPassFilter(low: 300, high: 3300, transition: 150, rejection: 100, sampleRate: Self.rate)
            #expect(filter.delay == d)
            let y = Self.filtered(x, filter, block: block)
            #expect(y.count == x.count)
            let worst = zip(y, expected).map { abs(Double($0) - $1) }.max() ?? .infinity
            #expect(worst < 2e-6, "block \(block): largest difference \(worst)")
            // A second stream after flush starts afresh.
            #expect(Self.filtered(x, filter, block: block) == y)
        }
    }

    @Test func passesItsBandInPhaseAndRejectsTheRest() {
        func sine(_ f: Double) -> [Float] { (0..<44_100).map { Float(sin(2 * .pi * f * Double($0) / Self.rate)) } }
        func gainDB(_ f: Double) -> (gain: Double, error: Double) {
            let x = sine(f)
            let y = Self.filtered(x, BandPassFilter(low: 300, high: 3300, transition: 150, sampleRate: Self.rate), block: 4096)
            let middle = 5000..<39_000
            let rms = { (v: [Float]) in (middle.reduce(0.0) { $0 + Double(v[$1]) * Double(v[$1]) } / Double(middle.count)).squareRoot() }
            let error = middle.map { abs(Double(y[$0]) - Double(x[$0])) }.max()!
            return (20 * log10(max(rms(y), 1e-30) / rms(x)), error)
        }
        for f in [500.0, 1000, 2000, 3000] {
            let (gain, error) = gainDB(f)
            #expect(abs(gain) < 0.01, "\(f) Hz: \(gain) dB")
            #expect(error < 0.002, "\(f) Hz: out of phase by up to \(error)")
        }
        for f in [50.0, 150, 3450, 5000, 10_000] {
            let (gain, _) = gainDB(f)
            #expect(gain < -95, "\(f) Hz: \(gain) dB")
        }
    }
}
