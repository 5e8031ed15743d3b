import Foundation
import Testing
import TestSupport
@testable import Features

/// The recording-condition measures against signals whose properties are known by construction:
/// a band limit, an SNR, a clipping share, a DC offset.
@Suite struct ConditionMeterTests {
    typealias Noise = TestNoise

    /// "Music-like" band-limited content (`musicLikeNotes`).
    static func notes(seconds: Double, rate: Double, cutoff: Double, from low: Double = 60, seed: UInt64 = 1) -> [Double] {
        musicLikeNotes(seconds: seconds, rate: rate, cutoff: cutoff, from: low, seed: seed)
    }

    static func measure(_ x: [Double], rate: Double, channels: Int = 1, block: Int = 65536) -> ConditionMeasurement {
        var meter = ConditionMeter()
        let samples = x.map(Float.init)
        var start = 0
        while start < samples.count {
            let end = min(samples.count, start + block * channels)
            meter.add(Array(samples[start..<end]), channels: channels, sampleRate: rate)
            start = end
        }
        return meter.measurement
    }

    @Test func bandwidthOfBandLimitedContent() throws {
        for (rate, cutoff) in [(22050.0, 3000.0), (44100, 4500), (48000, 15000), (8000, 3500)] {
            let bw = try #require(Self.measure(Self.notes(seconds: 10, rate: rate, cutoff: cutoff), rate: rate).bandwidthHz)
            #expect(abs(bw - cutoff) <= 250, "\(rate) Hz, content up to \(cutoff) Hz: measured \(bw)")
        }
    }

    @Test func anIslandAboveAGapIsNotTheMusicsBandwidth() throws {
        // Notes up to 5 kHz plus, 5 kHz higher, a whistle that comes and goes (as a transfer's
        // 15.6-kHz line whistle): the music's bandwidth is still 5 kHz.
        let rate = 44100.0
        var x = Self.notes(seconds: 10, rate: rate, cutoff: 5000)
        for i in x.indices where (i / 4410) % 2 == 0 { x[i] += 0.001 * sin(2 * .pi * 15625 * Double(i) / rate) }
        let bw = try #require(Self.measure(x, rate: rate).bandwidthHz)
        #expect(abs(bw - 5000) <= 250, "measured \(bw)")
    }

    @Test func loudSteadyBandsBridgeToTheContentAbove() throws {
        // Notes to 1.5 kHz, a loud steady tone cluster over 1.5–4 kHz (dense, distorted
        // guitars barely fluctuate), and fainter notes from 4 to 7 kHz: the content reaches 7 kHz.
        let rate = 22050.0
        var x = Self.notes(seconds: 10, rate: rate, cutoff: 1500)
        let upper = Self.notes(seconds: 10, rate: rate, cutoff: 7000, from: 4000, seed: 9)
        for i in x.indices {
            var cluster = 0.0
            for k in 0..<60 { cluster += 0.004 * sin(2 * .pi * (1500 + 42 * Double(k)) * Double(i) / rate + Double(k * k)) }
            x[i] += cluster + 0.3 * upper[i]
        }
        let bw = try #require(Self.measure(x, rate: rate).bandwidthHz)
        #expect(abs(bw - 7000) <= 250, "measured \(bw)")
    }

    @Test func hissAboveTheContentIsNotContent() throws {
        // The same notes up to 4 kHz under steady white noise 60 dB below full scale per sample.
        var noise = Noise(state: 7)
        let x = Self.notes(seconds: 10, rate: 22050, cutoff: 4000).map { $0 + 0.001 * noise.gaussian() }
        let bw = try #require(Self.measure(x, rate: 22050).bandwidthHz)
        #expect(bw <= 4250 && bw >= 3000, "measured \(bw)")
        // Steady noise alone has no content at all.
        let steady = (0..<22050 * 10).map { _ in 0.1 * noise.gaussian() }
        let m = Self.measure(steady, rate: 22050)
        #expect(m.bandwidthHz == 0)
        #expect(try #require(m.snrDB) < -5)
    }

    /// White-noise bursts (the signal) over steady white noise: the SNR is the signal's mean
    /// power over the noise power, in every band alike. With the signal on a third of the time
    /// the quiet moments show the noise alone, and the estimate is within 1 dB (2 dB at 0 dB SNR); on half the time,
    /// the noise floor reads high and the SNR up to 3 dB low (the documented bias).
    @Test func snrOfBurstsInSteadyNoise() throws {
        for (target, duty, tolerance) in [(0.0, 3, 2.0), (10, 3, 1.0), (20, 3, 1.0), (0, 2, 3.5), (10, 2, 2.0)] {
            var noise = Noise(state: UInt64(target + 3))
            let rate = 22050.0, n = Int(30 * rate)
            // On one period in `duty` of 0.5 s: mean signal power = 10^(t/10) · 1e-4.
            let burst = (Double(duty) * pow(10, target / 10)).squareRoot() * 0.01
            let x = (0..<n).map { i -> Double in
                let on = (i / Int(rate / 2)) % duty == 0
                return 0.01 * noise.gaussian() + (on ? burst * noise.gaussian() : 0)
            }
            let snr = try #require(Self.measure(x, rate: rate).snrDB)
            #expect(abs(snr - target) <= tolerance, "SNR \(target) dB, on 1/\(duty) of the time: measured \(snr)")
            #expect(snr <= target + 1)
        }
    }

    @Test func clippedShareOfAHardClippedSignal() {
        // Low partials, clipped at 0.5 (not at full scale: a clipped signal turned down later).
        let rate = 22050.0, n = Int(10 * rate)
        let raw = (0..<n).map { i -> Double in
            let t = Double(i) / rate
            return 0.4 * sin(2 * .pi * 110 * t) + 0.3 * sin(2 * .pi * 173 * t + 1) + 0.2 * sin(2 * .pi * 61 * t + 2)
        }
        let expected = Double(raw.filter { abs($0) >= 0.5 }.count) / Double(n)
        let clipped = raw.map { min(max($0, -0.5), 0.5) }
        let measured = Self.measure(clipped, rate: rate).clippedFraction
        #expect(expected > 0.05)
        #expect(abs(measured - expected) <= 0.002, "measured \(measured), expected \(expected)")
        // The unclipped signal, and Gaussian noise, have (nearly) no samples on a ceiling.
        #expect(Self.measure(raw, rate: rate).clippedFraction < 1e-4)
        #expect(Self.measure(raw.map { $0 * 0.3 }, rate: rate).clippedFraction < 1e-4)
        var noise = Noise(state: 11)
        #expect(Self.measure((0..<n).map { _ in 0.2 * noise.gaussian() }, rate: rate).clippedFraction < 1e-4)
    }

    @Test func clippingIsFoundAcrossBlocksAndChannels() {
        // Stereo, only the right channel clipped (at full scale), fed in 1000-frame blocks; the
        // left channel is noise.
        let rate = 44100.0, n = Int(5 * rate)
        var x = [Double](repeating: 0, count: 2 * n)
        var clippedSamples = 0
        var noise = Noise(state: 5)
        for i in 0..<n {
            let s = 1.6 * sin(2 * .pi * 90 * Double(i) / rate)
            x[2 * i] = 0.2 * noise.gaussian()
            x[2 * i + 1] = min(max(s, -1), 1)
            if abs(s) >= 1 { clippedSamples += 1 }
        }
        let measured = Self.measure(x, rate: rate, channels: 2, block: 1000).clippedFraction
        let expected = Double(clippedSamples) / Double(2 * n)
        #expect(abs(measured - expected) <= 0.001, "measured \(measured), expected \(expected)")
    }

    @Test func dcOffsetIsTheLargestChannelMean() {
        // Whole periods of a 100-Hz sine at 22050 Hz average to zero; offsets +0.1 and −0.02.
        let n = 22050 * 2
        var x = [Double](repeating: 0, count: 2 * n)
        for i in 0..<n {
            let s = 0.3 * sin(2 * .pi * 100 * Double(i) / 22050)
            x[2 * i] = s + 0.1
            x[2 * i + 1] = s - 0.02
        }
        let m = Self.measure(x, rate: 22050, channels: 2)
        #expect(abs(m.dcOffset - 0.1) < 1e-6, "\(m.dcOffset)")
        #expect(m.channels == 2 && m.sampleRate == 22050)
        let negative = Self.measure(x.map { -$0 }, rate: 22050, channels: 2)
        #expect(abs(negative.dcOffset + 0.1) < 1e-6)
    }

    @Test func absurdSamplesAreMeasuredWithoutTrapping() {
        // NaN, infinities and values near Float's limit (damaged float files) must not crash.
        var x = (0..<22050 * 4).map { 0.3 * sin(Double($0) * 0.05) * 1e38 }
        x[100] = .nan; x[200] = .infinity; x[300] = -.infinity
        let m = Self.measure(x, rate: 22050, channels: 1)
        #expect(m.clippedFraction >= 0 && m.clippedFraction <= 1)
    }

    @Test func silenceIsMeasuredWithoutNaN() {
        let m = Self.measure([Double](repeating: 0, count: 22050 * 4), rate: 22050)
        #expect(m.bandwidthHz == nil && m.snrDB == nil && m.loudnessLUFS == nil)
        #expect(m.clippedFraction == 0 && m.dcOffset == 0)
    }
}
