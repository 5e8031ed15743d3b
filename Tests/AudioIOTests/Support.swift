import TestSupport
import Foundation
import Testing
@testable import AudioIO

/// A fresh temporary directory per test, removed by `cleanup()`.
struct TempDir {
    let url: URL
    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("audioio-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func file(_ name: String) -> URL { url.appendingPathComponent(name) }
    func write(_ name: String, _ bytes: [UInt8]) -> URL {
        let u = file(name)
        _ = FileManager.default.createFile(atPath: u.path, contents: Data(bytes))
        return u
    }
    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// Deterministic test signal in (-1, 1): two sines plus a little LCG noise, per channel.
func testSignal(_ n: Int, channel: Int = 0, amplitude: Float = 0.8) -> [Float] {
    var state = UInt64(12345 + channel)
    return (0..<n).map { i in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        let noise = Double(state >> 40) / Double(1 << 24) - 0.5
        let t = Double(i)
        let v = 0.5 * sin(0.031 * t * Double(channel + 1)) + 0.3 * sin(0.2 * t + 1) + 0.2 * noise
        return Float(v) * amplitude
    }
}

/// Naive reference quantisation: round(x·2^(b-1)) clamped, then back to float — what an
/// integer file of `bits` holding `x` decodes to with soundfile's scaling.
func quantised(_ x: Float, bits: Int) -> Float {
    let full = Double(Int64(1) << (bits - 1))
    let q = min(max((Double(x) * full).rounded(), -full), full - 1)
    return Float(q / full)
}

/// Reads a whole file through AudioDecoder with small blocks (exercises block boundaries).
func decodeAll(_ url: URL, block: Int = 1000) throws -> (info: AudioFormatInfo, samples: [Float]) {
    let reader = try AudioDecoder.open(url)
    var out: [Float] = []
    while let b = try reader.readMono(maxFrames: block) { out += b }
    return (reader.info, out)
}

func maxAbsDiff(_ a: [Float], _ b: [Float]) -> Float {
    zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

/// Runs a command-line tool found on PATH; nil when absent.
@discardableResult
func runTool(_ name: String, _ args: [String]) -> Int32? {
    guard let path = FFmpegReader.locate(name) else { return nil }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch { return nil }
    p.waitUntilExit()
    return p.terminationStatus
}

/// Files under ../shared/gtzan (located by TestSupport's `GTZAN`), or nil when absent.
enum SharedData {
    static var root: URL { GTZAN.root }
    static func file(_ relative: String) -> URL? {
        let u = root.appendingPathComponent(relative)
        return FileManager.default.fileExists(atPath: u.path) ? u : nil
    }
}
