import Foundation
import Testing
@testable import Features

/// The deterministic test signal used for the librosa reference values below:
/// y[n] = sin(2π·440n/22050) + 0.5·sin(2π·1234.5n/22050 + 0.3) + 0.25·sin(2π(100 + 0.3n)n/22050), n < 5000.
func referenceSignal(_ count: Int = 5000) -> [Double] {
    (0..<count).map { i in
        let n = Double(i)
        return sin(2 * .pi * 440 * n / 22050) + 0.5 * sin(2 * .pi * 1234.5 * n / 22050 + 0.3)
            + 0.25 * sin(2 * .pi * (100 + 0.3 * n) * n / 22050)
    }
}

/// (bin, frame, real, imag) of librosa.stft(y, pad_mode=...) in float64, computed once with librosa 0.11.
private let librosaReflect: [(Int, Int, Double, Double)] = [
    (0, 0, 34.93237001478036, 0.0), (20, 0, -10.84149868370713, 0),
    (41, 1, -397.4618844750124, 130.11667624079706), (57, 4, -0.014841330584314014, 0.005108806080399151),
    (300, 9, 0.18280283320771712, 2.184917600613036), (1024, 3, 1.6570363414736278e-09, 0.0),
    (5, 9, 1.690841780395126, 0.49457549068824946),
]
private let librosaConstant: [(Int, Int, Double, Double)] = [
    (0, 0, 17.540065059055507, 0.0), (20, 0, -5.346869290188227, 16.565184743288306),
    (41, 1, -443.8208314913426, 129.13024561625602), (57, 4, -0.014841330584314014, 0.005108806080399151),
    (300, 9, -2.559274020882274, 1.9345896104634273), (5, 9, 1.4240502013853873, -0.31228288908599144),
]

@Test func stftMatchesLibrosaWithBothPaddings() {
    let stft = STFT()
    let y = referenceSignal()
    for (mode, reference) in [(PadMode.reflect, librosaReflect), (.constant, librosaConstant)] {
        let s = stft.transform(y, padMode: mode)
        #expect(s.binCount == 1025 && s.frameCount == 10)
        for (b, t, re, im) in reference {
            #expect(abs(s.real[t * 1025 + b] - re) < 1e-9 * max(1, abs(re)), "\(mode) bin \(b) frame \(t)")
            #expect(abs(s.imag[t * 1025 + b] - im) < 1e-9 * max(1, abs(im)), "\(mode) bin \(b) frame \(t)")
        }
    }
}

@Test func istftOfMaskedSpectrumMatchesLibrosa() {
    // librosa.istft(S * mask, length=5000) with mask = linspace(0, 1, 1025) per frame, S reflect-padded.
    let stft = STFT()
    var s = stft.transform(referenceSignal(), padMode: .reflect)
    for t in 0..<s.frameCount {
        for b in 0..<s.binCount {
            let m = Double(b) / 1024
            s.real[t * 1025 + b] *= m
            s.imag[t * 1025 + b] *= m
        }
    }
    let y = stft.inverse(s, length: 5000)
    let reference: [(Int, Double)] = [
        (0, -0.1799160975819732), (1, -0.026164156111896302), (100, -0.04795733025398463),
        (2047, -0.049362068424423464), (2500, 0.004890996095822313), (4999, -0.07724606518665741),
    ]
    for (i, v) in reference { #expect(abs(y[i] - v) < 1e-10, "sample \(i)") }
}

@Test func istftInvertsStft() {
    let stft = STFT()
    let y = referenceSignal(7777)
    let back = stft.inverse(stft.transform(y, padMode: .reflect), length: y.count)
    #expect(zip(y, back).allSatisfy { abs($0 - $1) < 1e-10 })
}

@Test func padModesMatchNumpy() {
    let x: [Double] = [1, 2, 3, 4]
    // numpy.pad([1,2,3,4], (5, 3), mode): reflect -> [2,3,4,3,2,1,2,3,4,3,2,1]; edge -> [1]*5 + x + [4]*3
    #expect(pad(x, before: 5, after: 3, mode: .reflect) == [2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1])
    #expect(pad(x, before: 5, after: 3, mode: .edge) == [1, 1, 1, 1, 1, 1, 2, 3, 4, 4, 4, 4])
    #expect(pad(x, before: 2, after: 1, mode: .constant) == [0, 0, 1, 2, 3, 4, 0])
}
