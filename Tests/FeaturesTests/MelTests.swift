import Testing
@testable import Features

@Test func melScaleMatchesLibrosa() {
    // librosa.hz_to_mel([0, 500, 1000, 4000, 11025]) and mel_to_hz([3, 20, 45]).
    let hz: [Double] = [0, 500, 1000, 4000, 11025]
    let mels: [Double] = [0.0, 7.499999999999999, 14.999999999999998, 35.163760314616646, 49.91059448015905]
    for (f, m) in zip(hz, mels) { #expect(abs(MelScale.mel(fromHz: f) - m) < 1e-12) }
    for (m, f) in zip([3.0, 20, 45], [200.0, 1410.2385678078886, 7866.028700088277]) {
        #expect(abs(MelScale.hz(fromMel: m) - f) < 1e-9)
    }
}

@Test func melFilterBankMatchesLibrosa() {
    // librosa.filters.mel(sr=22050, n_fft=2048, dtype=float64): (filter, first non-zero bin,
    // last non-zero bin, a middle bin, its weight).
    let reference: [(Int, Int, Int, Int, Double)] = [
        (0, 1, 4, 3, 0.028990088037379964), (1, 3, 7, 5, 0.035393705451959974),
        (10, 24, 28, 26, 0.033060945103519535), (50, 126, 132, 129, 0.023956192196980742),
        (64, 182, 191, 187, 0.017278832377275868), (100, 474, 499, 487, 0.006753508807814186),
        (127, 971, 1023, 997, 0.003485250551646776),
    ]
    let bank = MelFilterBank(sampleRate: 22050)
    let dense = bank.denseMatrix()
    for (m, first, last, mid, w) in reference {
        let nonZero = dense[m].indices.filter { dense[m][$0] > 0 }
        #expect(nonZero.first == first && nonZero.last == last, "filter \(m)")
        #expect(abs(dense[m][mid] - w) < 1e-12, "filter \(m) bin \(mid)")
    }
    // Row sums 0.09034588249119982 (0), 0.0908653778894954 (40), 0.0928692416067143 (127).
    for (m, s) in [(0, 0.09034588249119982), (40, 0.0908653778894954), (127, 0.0928692416067143)] {
        #expect(abs(dense[m].reduce(0, +) - s) < 1e-12)
    }
}

@Test func powerToDBMatchesLibrosa() {
    // librosa.power_to_db([1e-12, 1e-3, 1, 5e4, 2e-5], top_db=80)
    let db = powerToDB([1e-12, 1e-3, 1, 5e4, 2e-5])
    let expected = [-33.01029995663981, -30.0, 0.0, 46.98970004336019, -33.01029995663981]
    for (a, b) in zip(db, expected) { #expect(abs(a - b) < 1e-12) }
}
