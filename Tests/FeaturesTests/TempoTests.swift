import Foundation
import TestSupport
import Testing
@testable import Features

/// 10 s at 22050 Hz: decaying 1 kHz bursts every 0.6 s (100 BPM; every fourth at full level,
/// the others at 0.6) over a quiet 220 Hz tone; the formula of the Python that made the literals.
private func clickTrack() -> [Double] {
    let sr = 22050.0, period = Int(0.6 * sr)
    return (0..<Int(sr * 10)).map { i in
        let n = Double(i), phase = Double(i % period)
        let accent = (i / period) % 4 == 0 ? 1.0 : 0.6
        return exp(-phase / 400) * sin(2 * Double.pi * 1000 * n / sr) * accent + 0.1 * sin(2 * Double.pi * 220 * n / sr)
    }
}

@Test func onsetStrengthMatchesLibrosa() {
    // S = librosa.power_to_db(librosa.feature.melspectrogram(y, sr, pad_mode='reflect', fmax=sr/2));
    // librosa.onset.onset_strength(S=S, aggregate=np.median) and (default np.mean), float64.
    // Tolerance 1e-6: dB of near-silent bands amplifies FFT rounding (seen: 4e-8 on 27.5).
    let index = [0, 2, 3, 4, 26, 27, 28, 100, 200, 430]
    let median = [0.0, 0.0, 0.0, 0.0, 0.0, 27.49966222234429, 3.9524073539772893, 0.0, 0.0, 0.0]
    let mean = [0.0, 0.0, 0.024472970576788586, 0.006309728707079909, 4.981914240411733, 23.553235752717097,
                3.9468618427477207, 0.0030364655538637, 0.0010278158487751834, 0.000998342646513363]
    let y = clickTrack()
    let med = OnsetStrength.envelope(y, aggregate: .median), avg = OnsetStrength.envelope(y)
    #expect(med.count == 431 && avg.count == 431)
    for (k, i) in index.enumerated() {
        #expect(abs(med[i] - median[k]) < 1e-6, "median envelope[\(i)]")
        #expect(abs(avg[i] - mean[k]) < 1e-6, "mean envelope[\(i)]")
    }
}

@Test func tempogramMatchesLibrosa() {
    // librosa.feature.tempogram(onset_envelope=o, sr, win_length) at (lag, frame), o as above.
    let y = clickTrack()
    let tg = Tempogram.autocorrelation(OnsetStrength.envelope(y, aggregate: .median), windowLength: 344)
    #expect(tg.binCount == 344 && tg.frameCount == 431)
    let median: [(Int, Int, Double)] = [
        (0, 0, 1.0), (1, 0, 0.2666354997796276), (26, 0, 0.6227817128677183), (26, 200, 0.9259983872383694),
        (52, 215, 0.7562167428303659), (300, 430, 7.767175904137605e-18), (5, 100, -1.7256138088571002e-18),
    ]
    for (lag, frame, value) in median { #expect(abs(tg[lag, frame] - value) < 1e-9, "lag \(lag) frame \(frame)") }
    let tgMean = Tempogram.autocorrelation(OnsetStrength.envelope(y))
    #expect(tgMean.binCount == 384)
    let mean: [(Int, Int, Double)] = [
        (1, 0, 0.4261190559973111), (26, 3, 0.7152557260724252), (52, 215, 0.7903264834024919),
        (300, 430, 9.699683060966304e-08), (383, 100, 7.063634456348597e-17),
    ]
    for (lag, frame, value) in mean { #expect(abs(tgMean[lag, frame] - value) < 1e-9, "lag \(lag) frame \(frame)") }
    // The streamed mean equals the mean of the stored frames.
    let streamed = Tempogram.meanAutocorrelation(OnsetStrength.envelope(y))
    for k in [0, 1, 52, 383] {
        let direct = (0..<tgMean.frameCount).map { tgMean[k, $0] }.reduce(0, +) / Double(tgMean.frameCount)
        #expect(abs(streamed[k] - direct) < 1e-12)
    }
}

@Test func tempoMatchesLibrosaOnClickTrack() {
    // librosa.feature.tempo(onset_envelope=o, sr=22050) with o as above (reflect padding), and
    // librosa.beat.beat_track(y=y, sr=22050) (librosa 0.11, constant padding): both 99.38401442307692.
    let y = clickTrack()
    #expect(abs(Tempo.beatTrackTempo(y) - 99.38401442307692) < 1e-9)
    #expect(abs(Tempo.beatTrackTempo(y, padMode: .constant) - 99.38401442307692) < 1e-9)
}

@Test func tempoOfDegenerateInput() {
    #expect(Tempo.beatTrackTempo([]) == 0)
    #expect(Tempo.beatTrackTempo([Double](repeating: 0, count: 22050)) == 0)
    #expect(Tempo.beatTrackTempo([1, 2, 3], sampleRate: 0).isNaN)
    #expect(Tempo.estimate(onsetEnvelope: [0, 0, 1, 0]).isFinite)
    #expect(Tempo.estimate(onsetEnvelope: [0, 1], acSize: .nan).isNaN)
    #expect(Tempo.estimate(onsetEnvelope: [0, 1], acSize: .infinity).isNaN)
    #expect(Tempo.estimate(onsetEnvelope: [0, 1], acSize: 1e300).isFinite)
    var noisy = clickTrack()
    noisy[5000] = .nan
    #expect(Tempo.beatTrackTempo(noisy).isNaN)
}

/// The CSV's tempo on at least 95% of the GTZAN clips (to 1e-3 BPM).
@Test func tempoMatchesKaggleCSV() throws {
    guard GTZAN.available else { print(GTZAN.skipMessage); return }
    let (header, rows) = GTZAN.csvRows("features_30_sec.csv")
    let column = try #require(header.firstIndex(of: "tempo")) - 1
    let clips = GTZAN.clips()
    #expect(!clips.isEmpty)
    var matches = 0, elapsed = 0.0
    var misses: [String] = []
    for url in clips {
        let row = try #require(rows[url.lastPathComponent])
        let y = GTZAN.samples(url).map(Double.init)
        let start = Date()
        let tempo = Tempo.beatTrackTempo(y)
        elapsed += Date().timeIntervalSince(start)
        if abs(tempo - row[column]) < 1e-3 { matches += 1 } else { misses.append("\(url.lastPathComponent): \(tempo) vs \(row[column])") }
    }
    #expect(Double(matches) >= 0.95 * Double(clips.count), "misses: \(misses)")
    print("Tempo on \(clips.count) clips: \(matches) equal to the CSV, misses \(misses); \(elapsed / Double(clips.count) * 1000) ms per clip")
}

@Test func tempoFromSharedPowerSpectrogram() {
    let y = clickTrack()
    let power = STFT().transform(y, padMode: .reflect).power()
    #expect(abs(Tempo.beatTrackTempo(power: power) - 99.38401442307692) < 1e-9)
    #expect(Tempo.beatTrackTempo(power: STFT(fftLength: 512, hopLength: 128).transform(y).power()).isNaN)
}
