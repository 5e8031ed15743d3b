import Foundation
import Testing
@testable import Features

/// Integrated loudness against the reference values of ITU-R BS.1770-4 and the EBU Tech 3341
/// (2016) minimum-requirement test signals, synthesised here: 1 kHz sines at given dBFS (peak),
/// each case expected at −23.0 LUFS ± 0.1 LU (cases 1–6), and the filter coefficients BS.1770-4
/// tabulates at 48 kHz.
@Suite struct LoudnessTests {
    /// A 1-kHz sine of peak level `dbfs` for `seconds`, as interleaved frames of `channels` equal channels.
    static func sine(dbfs: Double, seconds: Double, rate: Double = 48000, channels: Int = 2) -> [Float] {
        let amplitude = pow(10, dbfs / 20)
        let n = Int(seconds * rate)
        var out = [Float](repeating: 0, count: n * channels)
        for i in 0..<n {
            let v = Float(amplitude * sin(2 * Double.pi * 1000 * Double(i) / rate))
            for c in 0..<channels { out[i * channels + c] = v }
        }
        return out
    }

    static func integrated(_ pieces: [[Float]], rate: Double = 48000, channels: Int = 2, block: Int? = nil) -> Double? {
        var meter = LoudnessMeter(sampleRate: rate, channels: channels)
        for piece in pieces {
            piece.withUnsafeBufferPointer { all in
                guard let block else { meter.add(all); return }
                var start = 0
                while start < all.count {
                    let end = min(all.count, start + block * channels)
                    meter.add(UnsafeBufferPointer(rebasing: all[start..<end]))
                    start = end
                }
            }
        }
        return meter.integratedLoudness
    }

    @Test func coefficientsAt48kHzMatchTheBS1770Table() {
        let (shelf, highPass) = KWeighting.filters(sampleRate: 48000)
        let table: [(Double, Double)] = [
            (shelf.b0, 1.53512485958697), (shelf.b1, -2.69169618940638), (shelf.b2, 1.19839281085285),
            (shelf.a1, -1.69065929318241), (shelf.a2, 0.73248077421585),
            (highPass.b0, 1.0), (highPass.b1, -2.0), (highPass.b2, 1.0),
            (highPass.a1, -1.99004745483398), (highPass.a2, 0.99007225036621),
        ]
        for (ours, reference) in table { #expect(abs(ours - reference) < 1e-7, "\(ours) vs \(reference)") }
    }

    @Test func tech3341Case1And2SteadySines() throws {
        let l1 = try #require(Self.integrated([Self.sine(dbfs: -23, seconds: 20)]))
        #expect(abs(l1 - -23.0) <= 0.1, "case 1: \(l1)")
        let l2 = try #require(Self.integrated([Self.sine(dbfs: -33, seconds: 20)]))
        #expect(abs(l2 - -33.0) <= 0.1, "case 2: \(l2)")
    }

    @Test func tech3341Case3RelativeGate() throws {
        let l = try #require(Self.integrated([Self.sine(dbfs: -36, seconds: 10), Self.sine(dbfs: -23, seconds: 60),
                                              Self.sine(dbfs: -36, seconds: 10)]))
        #expect(abs(l - -23.0) <= 0.1, "case 3: \(l)")
    }

    @Test func tech3341Case4AbsoluteAndRelativeGates() throws {
        let l = try #require(Self.integrated([Self.sine(dbfs: -72, seconds: 10), Self.sine(dbfs: -36, seconds: 10),
                                              Self.sine(dbfs: -23, seconds: 60), Self.sine(dbfs: -36, seconds: 10),
                                              Self.sine(dbfs: -72, seconds: 10)]))
        #expect(abs(l - -23.0) <= 0.1, "case 4: \(l)")
    }

    @Test func tech3341Case5LevelSteps() throws {
        // Streamed in odd-sized blocks: the result must not depend on how the audio arrives.
        let pieces = [Self.sine(dbfs: -26, seconds: 20), Self.sine(dbfs: -20, seconds: 20.1), Self.sine(dbfs: -26, seconds: 20)]
        let l = try #require(Self.integrated(pieces, block: 1001))
        #expect(abs(l - -23.0) <= 0.1, "case 5: \(l)")
        let whole = try #require(Self.integrated(pieces))
        #expect(abs(whole - l) < 1e-9)
    }

    @Test func tech3341Case6FiveChannels() throws {
        // L, R at −28 dBFS, C at −24, Ls, Rs at −30 (surrounds weighted 1.41).
        let levels = [-28.0, -28, -24, -30, -30]
        let n = 20 * 48000
        var x = [Float](repeating: 0, count: n * 5)
        for i in 0..<n {
            let s = sin(2 * Double.pi * 1000 * Double(i) / 48000)
            for c in 0..<5 { x[i * 5 + c] = Float(pow(10, levels[c] / 20) * s) }
        }
        let l = try #require(Self.integrated([x], channels: 5))
        #expect(abs(l - -23.0) <= 0.1, "case 6: \(l)")
    }

    @Test func otherRatesAndMono() throws {
        // The K-weighting is re-derived per rate, so the same sine reads the same loudness.
        for rate in [22050.0, 44100, 96000] {
            let l = try #require(Self.integrated([Self.sine(dbfs: -23, seconds: 10, rate: rate)], rate: rate))
            #expect(abs(l - -23.0) <= 0.1, "\(rate) Hz: \(l)")
        }
        // BS.1770 sums channels: one channel of the same sine is 3 dB less loud.
        let mono = try #require(Self.integrated([Self.sine(dbfs: -23, seconds: 10, channels: 1)], channels: 1))
        #expect(abs(mono - -26.01) <= 0.1, "mono: \(mono)")
    }

    @Test func silenceAndShortAudioHaveNoLoudness() {
        #expect(Self.integrated([[Float](repeating: 0, count: 96000)]) == nil)
        #expect(Self.integrated([Self.sine(dbfs: -23, seconds: 0.3)]) == nil)  // shorter than one 400-ms block
        #expect(Self.integrated([Self.sine(dbfs: -75, seconds: 5)]) == nil)   // below the absolute gate
    }
}
