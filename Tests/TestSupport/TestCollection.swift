import AudioIO
import Foundation
import Learning

/// A generated collection for the catalogue tests: recordings with distinct content in nested
/// folders (written with the project's own AudioWriter) and files that cannot be analysed.
public struct TestCollection {
    public let root: URL
    /// Files that analyse, relative to `root`.
    public var good: [String] = []
    /// Files that fail, relative to `root`.
    public var bad: [String] = []

    /// - Parameters:
    ///   - count: recordings to write (each distinct: tone frequencies and noise differ).
    ///   - seconds: length of each (30 s or less is one window; 50 s gives three).
    public static func make(count: Int, seconds: Double = 6, longEvery: Int = 0, broken: Bool = true) throws -> TestCollection {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("genre-catalog-\(UUID().uuidString)")
        var collection = TestCollection(root: root)
        let fm = FileManager.default
        for folder in ["trip-1998/day-1", "trip-1998/day-2", "tapes"] {
            try fm.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for i in 0..<count {
            let folder = ["trip-1998/day-1", "trip-1998/day-2", "tapes"][i % 3]
            let name = "\(folder)/take-\(i).\(i % 4 == 3 ? "flac" : "wav")"
            let length = longEvery > 0 && i % longEvery == longEvery - 1 ? 50 : seconds
            try writeRecording(index: i, seconds: length, to: root.appendingPathComponent(name))
            collection.good.append(name)
        }
        if broken {
            // No RIFF header; a WAV header cut short; an empty FLAC; a recording under 3 s.
            try Data((0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }).write(to: root.appendingPathComponent("tapes/garbage.wav"))
            let header = try Data(contentsOf: root.appendingPathComponent(collection.good[0])).prefix(30)
            try header.write(to: root.appendingPathComponent("tapes/truncated.wav"))
            try Data().write(to: root.appendingPathComponent("trip-1998/empty.flac"))
            try writeRecording(index: 999, seconds: 1, to: root.appendingPathComponent("trip-1998/too-short.wav"))
            collection.bad = ["tapes/garbage.wav", "tapes/truncated.wav", "trip-1998/empty.flac", "trip-1998/too-short.wav"]
        }
        return collection
    }

    /// A recording whose content depends on `index`: two tones, a pulse and some noise.
    public static func writeRecording(index: Int, seconds: Double, to url: URL) throws {
        var rng = SeededGenerator(seed: UInt64(index) + 1)
        let rate = index % 2 == 0 ? 22050 : 16000
        let n = Int(seconds * Double(rate))
        let f1 = 110 + 37 * Double(index % 17), f2 = 660 + 91 * Double(index % 11)
        let beat = Double(rate) * 60 / (70 + 7 * Double(index % 9))
        let samples = (0..<n).map { t -> Float in
            let x = Double(t) / Double(rate)
            let pulse = Double(t).truncatingRemainder(dividingBy: beat) < 300 ? 0.3 : 0
            return Float(0.3 * sin(2 * .pi * f1 * x) + 0.15 * sin(2 * .pi * f2 * x) + pulse + 0.05 * (rng.nextUnit() - 0.5))
        }
        if url.pathExtension == "flac" {
            try AudioWriter.writeFLAC([samples], sampleRate: rate, bits: 16, to: url)
        } else {
            try AudioWriter.writeWAV([samples], sampleRate: rate, format: .pcm16, to: url)
        }
    }

    public func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    public func remove() { try? FileManager.default.removeItem(at: root) }
}

