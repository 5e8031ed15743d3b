import Foundation
import Testing
@testable import AudioIO

/// The reference decoders the differential tests compare with: libFLAC (`flac -d`), libsndfile
/// (through `sox -t sndfile`), sox's own readers and ffmpeg. Each returns nil when its tool is
/// absent or refuses the file, so callers can skip with a message.
enum Reference {
    /// Interleaved samples as Float, with their layout.
    struct PCM: Equatable {
        var channels: Int
        var sampleRate: Double
        var samples: [Float]
        var frames: Int { samples.count / max(1, channels) }
    }

    /// Runs `tool` with `args`; nil when it is not on PATH. Standard output is returned (keep it
    /// small or point the tool at a file), standard error is kept only for its first line.
    static func run(_ tool: String, _ args: [String]) -> (status: Int32, stdout: Data, stderr: String)? {
        guard let path = FFmpegReader.locate(tool) else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        // Read stderr on another thread so a chatty tool cannot block on a full pipe.
        nonisolated(unsafe) var errData = Data()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); done.signal() }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        p.waitUntilExit()
        return (p.terminationStatus, data, String(decoding: errData, as: UTF8.self))
    }

    static func available(_ tool: String) -> Bool { FFmpegReader.locate(tool) != nil }

    /// libFLAC's decoding of `url` (`flac -d`, plus `extra` options such as -F), read back from
    /// the WAV it writes by `naiveWAV`; nil when flac is absent or fails.
    static func libFLAC(_ url: URL, extra: [String] = [], in dir: TempDir) -> PCM? {
        let out = dir.file(url.deletingPathExtension().lastPathComponent + ".ref.wav")
        guard let r = run("flac", ["-d", "-s", "-f"] + extra + ["-o", out.path, url.path]), r.status == 0,
              let bytes = try? [UInt8](Data(contentsOf: out)) else { return nil }
        try? FileManager.default.removeItem(at: out)
        return naiveWAV(bytes)
    }

    /// libFLAC's decoding as raw signed little-endian integers of `bits` (8/16/24/32 only), for
    /// streams without STREAMINFO: for those, flac 1.4's WAV writer leaves 24 bytes of its
    /// provisional header at the start of the data chunk.
    static func libFLACRaw(_ url: URL, bits: Int, channels: Int, sampleRate: Double, extra: [String] = [], in dir: TempDir) -> PCM? {
        let out = dir.file(url.deletingPathExtension().lastPathComponent + ".ref.raw")
        guard let r = run("flac", ["-d", "-s", "-f", "--force-raw-format", "--endian=little", "--sign=signed"] + extra
                                  + ["-o", out.path, url.path]), r.status == 0,
              let b = try? [UInt8](Data(contentsOf: out)) else { return nil }
        try? FileManager.default.removeItem(at: out)
        let bytes = bits / 8
        let samples: [Float] = (0..<b.count / bytes).map { i in
            var v: UInt32 = 0
            for k in 0..<bytes { v |= UInt32(b[i * bytes + k]) << (8 * (k + 4 - bytes)) }
            return Float(Int32(bitPattern: v)) * (1.0 / 2147483648.0)
        }
        return PCM(channels: channels, sampleRate: sampleRate, samples: samples)
    }

    /// ffmpeg's decoding, as 64-bit floats (exact for every integer and float encoding up to 32
    /// bits, and for float64 up to the final rounding to Float); channels and rate from ffprobe.
    static func ffmpeg(_ url: URL) -> PCM? {
        guard let probe = run("ffprobe", ["-v", "error", "-select_streams", "a:0", "-show_entries",
                                          "stream=sample_rate,channels", "-of", "csv=p=0", url.path]), probe.status == 0 else { return nil }
        let fields = String(decoding: probe.stdout, as: UTF8.self).split(whereSeparator: { $0 == "," || $0.isNewline })
        guard fields.count >= 2, let rate = Double(fields[0]), let channels = Int(fields[1]) else { return nil }
        guard let r = run("ffmpeg", ["-v", "error", "-nostdin", "-i", url.path, "-map", "0:a:0", "-f", "f64le", "-c:a", "pcm_f64le", "-"]),
              r.status == 0 else { return nil }
        let samples: [Float] = r.stdout.withUnsafeBytes { raw in
            (0..<raw.count / 8).map { Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self)))) }
        }
        return PCM(channels: channels, sampleRate: rate, samples: samples)
    }

    /// libsndfile's decoding through sox (`-t sndfile`), or sox's own reader (`sndfile: false`),
    /// as 32-bit integers scaled by 2^-31 (written by sox as a WAV, read back by `naiveWAV`):
    /// exact for integer, G.711 and ADPCM encodings (sox converts everything to 32-bit integers,
    /// so not for float files).
    static func sox(_ url: URL, sndfile: Bool) -> PCM? {
        let input = sndfile ? ["-t", "sndfile", url.path] : [url.path]
        guard let r = run("sox", ["-V1"] + input + ["-t", "wav", "-e", "signed", "-b", "32", "-"]), r.status == 0 else { return nil }
        return naiveWAV([UInt8](r.stdout))
    }

    /// The samples of a PCM WAV (plain or WAVE_FORMAT_EXTENSIBLE, 8/16/24/32-bit integers), read
    /// the simplest way, independently of AudioIO: integers scaled by their container.
    static func naiveWAV(_ b: [UInt8]) -> PCM? {
        func u32(_ o: Int) -> Int { Int(b[o]) | Int(b[o + 1]) << 8 | Int(b[o + 2]) << 16 | Int(b[o + 3]) << 24 }
        func u16(_ o: Int) -> Int { Int(b[o]) | Int(b[o + 1]) << 8 }
        var pos = 12, channels = 0, rate = 0, bits = 0
        while pos + 8 <= b.count {
            let id = String(decoding: b[pos..<pos + 4], as: UTF8.self), size = u32(pos + 4)
            if id == "fmt " { channels = u16(pos + 10); rate = u32(pos + 12); bits = u16(pos + 22) }
            if id == "data" {
                // A size sox could not know when writing to a pipe: everything to the end.
                let bytes = bits / 8, start = pos + 8, end = size == 0 ? b.count : min(b.count, start + size)
                let n = (end - start) / bytes
                let samples: [Float] = (0..<n).map { i in
                    let o = start + i * bytes
                    if bytes == 1 { return Float(Int(b[o]) - 128) / 128 }
                    var v: UInt32 = 0
                    for k in 0..<bytes { v |= UInt32(b[o + k]) << (8 * (k + 4 - bytes)) }
                    return Float(Int32(bitPattern: v)) * (1.0 / 2147483648.0)
                }
                return PCM(channels: channels, sampleRate: Double(rate), samples: samples)
            }
            pos += 8 + size + (size & 1)
        }
        return nil
    }
}

/// Everything AudioDecoder gives for a file: the interleaved samples of all blocks, each block's
/// format, and the warnings.
struct Decoded {
    var samples: [Float] = []
    /// (channels, rate) of each run of blocks in one format, in order.
    var formats: [(channels: Int, rate: Double)] = []
    var warnings: [String] = []
    var info: AudioFormatInfo

    init(_ url: URL, block: Int = 4096) throws {
        let reader = try AudioDecoder.open(url)
        info = reader.info
        while let b = try reader.readBlock(maxFrames: block) {
            if formats.last.map({ $0.channels != b.channels || $0.rate != b.sampleRate }) ?? true {
                formats.append((b.channels, b.sampleRate))
            }
            samples += b.samples
        }
        warnings = reader.warnings
    }

    /// As PCM, when the whole stream has one format.
    var pcm: Reference.PCM? {
        guard formats.count == 1 else { return nil }
        return Reference.PCM(channels: formats[0].channels, sampleRate: formats[0].rate, samples: samples)
    }
}

/// "" when equal, else where and how two sample sequences first differ (for test messages).
func firstDifference(_ a: [Float], _ b: [Float], ulps: Int = 0) -> String {
    if a.count != b.count { return "lengths differ: \(a.count) vs \(b.count) samples" }
    for i in 0..<a.count where a[i] != b[i] {
        if ulps > 0, a[i].isFinite, b[i].isFinite {
            let d = abs(Int64(a[i].bitPattern) - Int64(b[i].bitPattern))
            if a[i].sign == b[i].sign, d <= ulps { continue }
        }
        return "sample \(i) differs: \(a[i]) vs \(b[i])"
    }
    return ""
}
