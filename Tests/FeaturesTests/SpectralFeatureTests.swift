import Foundation
import Testing
@testable import Features

/// Frame features on a short deterministic signal against librosa 0.11, computed once with
/// n = arange(5000); y = sin(0.3 n) + 0.5 sin(1.7 n + 1e-4 n²); y[100:200] = 0, and written here.
@Suite struct SpectralFeatureTests {
    static let signal: [Double] = (0..<5000).map { i in
        let n = Double(i)
        return (100..<200).contains(i) ? 0 : sin(0.3 * n) + 0.5 * sin(1.7 * n + n * n * 1e-4)
    }

    static func expectClose(_ ours: [Double], _ reference: [Double], relative: Double = 1e-6,
                            _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(ours.count >= reference.count, "\(what): \(ours.count) values", sourceLocation: sourceLocation)
        for (i, (a, b)) in zip(ours, reference).enumerated() {
            #expect(abs(a - b) <= relative * max(abs(b), 1e-3), "\(what)[\(i)]: \(a) vs librosa \(b)", sourceLocation: sourceLocation)
        }
    }

    @Test func zeroCrossingRateMatchesLibrosa() {  // librosa.feature.zero_crossing_rate(y)
        let reference = [0.08251953125, 0.126953125, 0.18408203125, 0.19775390625, 0.2041015625,
                         0.21044921875, 0.20703125, 0.2119140625, 0.19921875, 0.14794921875]
        let ours = Energy.zeroCrossingRate(Self.signal)
        #expect(ours.count == 10)
        Self.expectClose(ours, reference, relative: 0, "zcr")
    }

    @Test func rmsMatchesLibrosa() {  // librosa.feature.rms(y=y, pad_mode="reflect", dtype=float64)
        let reference = [0.7520175314614209, 0.7517151095430538, 0.7711812074310705, 0.7901168847355288,
                         0.7902406608294859, 0.7902182199286671, 0.7904860740279581, 0.7907448723495349,
                         0.7901902520990816, 0.7903932749799524]
        Self.expectClose(Energy.rms(Self.signal, padMode: .reflect), reference, relative: 1e-12, "rms")
    }

    @Test func spectralShapeMatchesLibrosa() {  // spectral_centroid / _bandwidth / _rolloff of |stft(reflect)|
        let magnitude = STFT().transform(Self.signal, padMode: .reflect).magnitude()
        Self.expectClose(SpectralShape.centroid(magnitude, sampleRate: 22050),
                         [3409.8816133328346, 3983.197076690749, 5094.812677704081, 5459.038546107787], relative: 1e-9, "centroid")
        Self.expectClose(SpectralShape.bandwidth(magnitude, sampleRate: 22050),
                         [2732.0599823387383, 2731.4968174153587, 2554.398873491137, 2652.118166030719], relative: 1e-9, "bandwidth")
        Self.expectClose(SpectralShape.rolloff(magnitude, sampleRate: 22050),
                         [6287.6953125, 6546.09375, 6912.158203125, 7278.22265625], relative: 0, "rolloff")
    }

    @Test func mfccMatchesLibrosa() {  // librosa.feature.mfcc(y=y, sr=22050, pad_mode="reflect")[:3, 2]
        let power = STFT().transform(Self.signal, padMode: .reflect).power()
        let c = MFCC().coefficients(ofPower: power)
        Self.expectClose((0..<3).map { c[$0, 2] }, [-250.76677638725369, 64.61749542227118, 25.573487075258654],
                         relative: 1e-5, "mfcc")  // librosa's mel weights are float32
    }

    @Test func dctIsOrthonormalDCTII() {  // scipy.fft.dct(x, type=2, norm='ortho') of x = arange(128)·0.37 mod 5
        let x = (0..<128).map { (Double($0) * 0.37).truncatingRemainder(dividingBy: 5) }
        let basis = MFCC.dctBasis(rows: 4, size: 128)
        let ours = (0..<4).map { k in (0..<128).reduce(0.0) { $0 + basis[k * 128 + $1] * x[$1] } }
        Self.expectClose(ours, [28.050926009670338, -0.46240218525542015, -1.447379267968679, -0.5884837154911414],
                         relative: 1e-12, "dct")
    }

    @Test func chromaFilterBankMatchesLibrosa() {  // librosa.filters.chroma(sr=22050, n_fft=2048, tuning=-0.1)
        let bank = ChromaFilterBank(sampleRate: 22050, tuning: -0.1)
        let reference: [(Int, Int, Double)] = [
            (0, 24, 0.6617031693458557), (0, 49, 0.8802486658096313), (3, 100, 1.0412051778985187e-05),
            (7, 300, 0.34590935707092285), (11, 5, 0.02808317355811596), (9, 1000, 2.572512059500368e-19),
            (5, 0, 0.00011427772551542148),
        ]
        for (c, k, value) in reference {
            let ours = bank.weights[c * bank.binCount + k]
            #expect(abs(ours - value) <= 1e-7 * value, "chroma weight [\(c), \(k)]: \(ours) vs \(value)")
        }
    }

    @Test func chromagramMatchesLibrosa() {  // librosa.feature.chroma_stft(y=y, sr=22050, pad_mode="reflect")[:, 3]
        let power = STFT().transform(Self.signal, padMode: .reflect).power()
        let chroma = chromaSTFT(power: power, sampleRate: 22050)
        let reference = [1.0, 0.1377460735845756, 0.0004101963842210237, 4.060006908311636e-08, 1.4594363912562461e-09,
                         3.246185961640825e-09, 1.03830020348758e-05, 0.0019202988334600598, 0.030558242900518198,
                         0.06167736418562524, 0.018879817989200007, 0.15727262529789643]
        for c in 0..<12 {
            #expect(abs(chroma[c, 3] - reference[c]) <= 1e-6 * max(reference[c], 1e-3), "chroma[\(c)]: \(chroma[c, 3]) vs \(reference[c])")
        }
    }

    @Test func tuningOfASharpTone() {  // librosa.estimate_tuning(S=|stft(y)|², sr) of 452 Hz + 904 Hz, 2 s
        let y = (0..<44100).map { i -> Double in
            let t = Double(i) / 22050
            return Double(Float(sin(2 * .pi * 452 * t) + 0.5 * sin(2 * .pi * 904 * t)))
        }
        let power = STFT().transform(y).power()
        #expect(abs(Tuning.estimate(power, sampleRate: 22050) - 0.46) < 1e-9)
    }
}

// The block-sum RMS (frames a whole number of hops) and the per-frame one (other framings)
// against a naive sqrt(mean(x²)) over numpy-padded frames, at the ends too (a signal shorter
// than a frame, so reflection folds back).
@Test func rmsMatchesANaiveFrameMean() {
    var state: UInt64 = 11
    let signal: [Double] = (0..<9000).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) - 0.5
    }
    for (x, frameLength, hop, mode) in [(signal, 2048, 512, PadMode.reflect), (signal, 2048, 300, .reflect),
                                        (signal, 1024, 256, .constant), (Array(signal.prefix(700)), 1024, 256, .reflect)] {
        let padded = pad(x, before: frameLength / 2, after: frameLength / 2, mode: mode)
        let count = 1 + (padded.count - frameLength) / hop
        let naive = (0..<count).map { t in
            (padded[(t * hop)..<(t * hop + frameLength)].reduce(0) { $0 + $1 * $1 } / Double(frameLength)).squareRoot()
        }
        let ours = Energy.rms(x, frameLength: frameLength, hopLength: hop, padMode: mode)
        #expect(ours.count == naive.count, "L \(frameLength), hop \(hop)")
        for (a, b) in zip(ours, naive) { #expect(abs(a - b) <= 1e-14 * b, "L \(frameLength), hop \(hop): \(a) vs \(b)") }
    }
}

// The zero-crossing rate against a naive count over numpy-edge-padded frames (librosa's
// definition: |x| ≤ 1e-10 is zero, a crossing is a sign-bit change between neighbours, the
// frame's first sample never counts), with tiny values, exact zeros, negative zeros and NaN,
// for frames that are whole hops and frames that are not, and signals shorter than a frame.
@Test func zeroCrossingRateMatchesANaiveCount() {
    var state: UInt64 = 5
    var signal: [Double] = (0..<7000).map { i in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        let u = Double(state >> 11) / Double(1 << 53) - 0.5
        return i % 97 == 0 ? 1e-11 * u : (i % 89 == 0 ? 0 : u + 0.2 * sin(Double(i) / 30))
    }
    signal[1234] = -0.0
    signal[4321] = .nan
    signal[4322] = -.nan
    func naive(_ x: [Double], _ frameLength: Int, _ hop: Int) -> [Double] {
        let padded = pad(x, before: frameLength / 2, after: frameLength / 2, mode: .edge)
        let negative = padded.map { abs($0) <= 1e-10 ? false : $0.sign == .minus }
        let count = 1 + (padded.count - frameLength) / hop
        return (0..<count).map { t in
            let s = t * hop
            let changes = (s + 1..<s + frameLength).filter { negative[$0] != negative[$0 - 1] }.count
            return Double(changes) / Double(frameLength)
        }
    }
    for (x, frameLength, hop) in [(signal, 2048, 512), (signal, 2048, 300), (signal, 1000, 1000), (signal, 513, 7),
                                  (Array(signal.prefix(600)), 2048, 512), (Array(signal.prefix(1)), 4, 1)] {
        let ours = Energy.zeroCrossingRate(x, frameLength: frameLength, hopLength: hop)
        #expect(ours == naive(x, frameLength, hop), "L \(frameLength), hop \(hop), n \(x.count)")
    }
}
