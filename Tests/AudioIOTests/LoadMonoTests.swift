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

/// A reader of prepared blocks, standing in for a decoder whose stream changes format mid-way.
private final class ScriptedReader: AudioFrameReader {
    let info: AudioFormatInfo
    var blocks: [AudioBlock]
    let warnings = ["frame 2 bad CRC: 0.1 s replaced by silence"]
    init(_ blocks: [AudioBlock]) {
        self.blocks = blocks
        info = AudioFormatInfo(sampleRate: blocks[0].sampleRate, channels: blocks[0].channels, frameCount: nil,
                               container: "test", bitsPerSample: 32)
    }
    func readBlock(maxFrames: Int) throws -> AudioBlock? { blocks.isEmpty ? nil : blocks.removeFirst() }
}

@Test func monoStreamFollowsMidStreamChangesOfRateAndChannels() throws {
    // 22050 Hz mono, then 44100 Hz stereo, then 22050 Hz mono again: each run at its own rate is
    // resampled on its own, the stereo part averaged first.
    let a = (0..<4000).map { Float(sin(Double($0) * 0.05)) * 0.5 }
    let stereo = (0..<8000).flatMap { i -> [Float] in
        let v = Float(sin(Double(i) * 0.025)) * 0.5
        return [v * 1.5, v * 0.5]   // mean v
    }
    let b = (0..<3000).map { Float(cos(Double($0) * 0.05)) * 0.25 }
    let reader = ScriptedReader([AudioBlock(samples: a, channels: 1, sampleRate: 22050),
                                 AudioBlock(samples: stereo, channels: 2, sampleRate: 44100),
                                 AudioBlock(samples: b, channels: 1, sampleRate: 22050)])
    let stream = MonoStream(reader: reader, sampleRate: 22050)
    var seen: [Int] = []
    stream.observeSource = { seen.append($0.channels) }
    let out = try stream.readAll()
    #expect(seen == [1, 2, 1])
    #expect(stream.warnings == ["frame 2 bad CRC: 0.1 s replaced by silence"])
    // The middle run, resampled alone, is what the stream gives between the two untouched runs.
    let middleMono = (0..<8000).map { i in Float(sin(Double(i) * 0.025)) * 0.5 }
    let resampler = Resampler(from: 44100, to: 22050)
    let middle = resampler.process(middleMono) + resampler.flush()
    #expect(out.count == a.count + middle.count + b.count)
    #expect(Array(out[..<a.count]) == a)
    #expect(Array(out[a.count..<(a.count + middle.count)]) == middle)
    #expect(Array(out[(a.count + middle.count)...]) == b)
}

@Test func stereoBlocksAverageLikeNumpy() {
    let block = AudioBlock(samples: [0.1, 0.3, -1, 1, 0.7, 0.2], channels: 2, sampleRate: 8000)
    #expect(block.frameCount == 3)
    #expect(block.mono() == [(Float(0.1) + Float(0.3)) / 2, 0, (Float(0.7) + Float(0.2)) / 2])
    let three = AudioBlock(samples: [1, 2, 3, 4, 5, 6], channels: 3, sampleRate: 8000)
    #expect(three.mono() == [2, 5])
}
