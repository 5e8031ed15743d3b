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
}
