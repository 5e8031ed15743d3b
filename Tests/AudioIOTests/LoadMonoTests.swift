import Foundation
import Testing
@testable import AudioIO

@Test func loadMonoResamplesTheChannelMean() throws {
    let dir = TempDir(); defer { dir.cleanup() }
    let l = testSignal(44100 / 4), r = testSignal(44100 / 4, channel: 1)
    let url = dir.file("s.wav")
    try AudioWriter.writeWAV([l, r], sampleRate: 44100, format: .float32, to: url)
    let y = try loadMono(url)
    #expect(y.count == Int((Double(l.count) * (22050.0 / 44100)).rounded(.up)))
    let resampler = Resampler(from: 44100, to: 22050)
    let mean = zip(l, r).map { ($0 + $1) / 2 }
    #expect(y == resampler.process(mean) + resampler.flush())
    // At the native rate nothing is resampled.
    #expect(try loadMono(url, sampleRate: 44100) == mean)
}

@Test func monoStreamBlocksConcatenateToLoadMono() throws {
    let dir = TempDir(); defer { dir.cleanup() }
    let x = testSignal(70001)
    let url = dir.file("m.flac")
    try AudioWriter.writeFLAC([x, x], sampleRate: 48000, bits: 16, to: url)
    let whole = try loadMono(url)
    let stream = try MonoStream(url: url)
    #expect(stream.sourceInfo.sampleRate == 48000 && stream.sourceInfo.container == "FLAC")
    var pieces: [Float] = []
    while let b = try stream.next(maxSamples: 4321) {
        #expect(b.count <= 4321 && !b.isEmpty)
        pieces += b
    }
    #expect(pieces == whole)
    #expect(whole.count == Int((70001.0 * (22050.0 / 48000)).rounded(.up)))
    #expect(try stream.next(maxSamples: 10) == nil)
}

@Test func invalidTargetRateThrows() throws {
    let dir = TempDir(); defer { dir.cleanup() }
    let url = dir.file("t.wav")
    try AudioWriter.writeWAV([testSignal(100)], sampleRate: 22050, format: .pcm16, to: url)
    for rate in [0, -1, Double.nan, .infinity] {
        #expect(throws: AudioError.self) { _ = try loadMono(url, sampleRate: rate) }
    }
}

@Test func gtzanClipLoadsAt22050() throws {
    guard let url = SharedData.file("audio/blues/blues.00000.wav") else {
        print("../shared/gtzan is absent: GTZAN load test skipped"); return
    }
    let y = try loadMono(url)
    #expect(y.count == 661794)
}
