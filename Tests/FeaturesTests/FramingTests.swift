import Testing
@testable import Features

/// `forEachCenteredFrame` and the zero-crossing rate against the naive route: build the padded
/// signal with `pad` (numpy.pad semantics, tested in STFTTests) and slice it.
@Suite struct FramingTests {
    /// Deterministic pseudo-random values in [-1, 1) with exact zeros and tiny values mixed in.
    static func signal(_ n: Int, seed: UInt64) -> [Double] {
        var state = seed
        return (0..<n).map { i in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let u = Double(state >> 11) / Double(1 << 53) * 2 - 1
            return i % 7 == 3 ? 0 : i % 11 == 5 ? u * 1e-12 : u
        }
    }

    @Test(arguments: [PadMode.reflect, .constant, .edge])
    func framesEqualSlicesOfThePaddedSignal(mode: PadMode) {
        for n in [1, 2, 5, 300, 511, 512, 513, 1500] {
            let x = Self.signal(n, seed: UInt64(n))
            for (length, hop) in [(256, 64), (255, 100), (1024, 256)] {
                let padded = pad(x, before: length / 2, after: length / 2, mode: mode)
                let expected = padded.count >= length ? 1 + (padded.count - length) / hop : 0
                var seen = 0
                forEachCenteredFrame(x, frameLength: length, hopLength: hop, mode: mode) { t, frame in
                    #expect(t == seen)
                    let slice = Array(padded[(t * hop)..<(t * hop + length)])
                    let got = (0..<length).map { frame[$0] }
                    #expect(got == slice, "n \(n) L \(length) frame \(t)")
                    seen += 1
                }
                #expect(seen == expected, "n \(n) L \(length)")
            }
        }
    }

    @Test func zeroCrossingRateEqualsCountingOnTheEdgePaddedSignal() {
        for n in [1, 3, 100, 1025, 4000] {
            let x = Self.signal(n, seed: 99 &+ UInt64(n))
            let length = 512, hop = 128, threshold = 1e-10
            let padded = pad(x, before: length / 2, after: length / 2, mode: .edge)
            let negative = padded.map { abs($0) <= threshold ? false : $0.sign == .minus }
            var naive: [Double] = []
            var start = 0
            while start + length <= padded.count {
                var changes = 0
                for i in (start + 1)..<(start + length) where negative[i] != negative[i - 1] { changes += 1 }
                naive.append(Double(changes) / Double(length))
                start += hop
            }
            #expect(Energy.zeroCrossingRate(x, frameLength: length, hopLength: hop) == naive, "n \(n)")
        }
    }

    /// The inverse STFT (closed-form window normalisation) against the textbook overlap-add that
    /// accumulates Σw² frame by frame, for hops that do and do not divide n_fft, and lengths that
    /// cut, match or extend the transform.
    @Test func inverseEqualsNaiveOverlapAdd() {
        for (fftLength, hop) in [(16, 4), (16, 5), (16, 3), (16, 16), (32, 8)] {
            let stft = STFT(fftLength: fftLength, hopLength: hop)
            for n in [1, 7, 16, 40, 101] {
                let x = Self.signal(n, seed: UInt64(fftLength * 1000 + hop * 100 + n))
                let spectrum = stft.transform(x, padMode: .reflect)
                for length in [n, max(0, n - 5), n + 9] {
                    let half = fftLength / 2
                    let frames = min(spectrum.frameCount, (length + fftLength + hop - 1) / hop)
                    let total = max(fftLength + hop * max(frames - 1, 0), length + fftLength)
                    var sum = [Double](repeating: 0, count: total), norm = sum
                    let bins = spectrum.binCount
                    for t in 0..<frames {
                        var re = Array(spectrum.real[(t * bins)..<((t + 1) * bins)])
                        var im = Array(spectrum.imag[(t * bins)..<((t + 1) * bins)])
                        var frame = [Double](repeating: 0, count: fftLength)
                        stft.fft.inverse(real: &re, imag: &im, output: &frame)
                        for i in 0..<fftLength {
                            sum[t * hop + i] += frame[i] * stft.window[i]
                            norm[t * hop + i] += stft.window[i] * stft.window[i]
                        }
                    }
                    let naive = (0..<length).map { i -> Double in
                        guard half + i < total else { return 0 }
                        let v = sum[half + i], w = norm[half + i]
                        return w > Double.leastNormalMagnitude ? v / w : v
                    }
                    #expect(stft.inverse(spectrum, length: length) == naive, "n_fft \(fftLength) hop \(hop) n \(n) length \(length)")
                }
            }
        }
    }
}
