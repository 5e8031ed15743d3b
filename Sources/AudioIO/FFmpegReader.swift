import Foundation

/// Decodes anything ffmpeg understands (mp3, ogg, m4a, opus, …) by running
/// `ffmpeg -v error -nostdin -i FILE -f f32le -ar <native> -` and streaming its stdout.
/// The native rate and channel count come from ffprobe; we average channels ourselves so the
/// downmix is the plain mean (librosa.to_mono), not ffmpeg's matrix.
final class FFmpegReader: AudioFrameReader {
    let info: AudioFormatInfo
    /// What ffmpeg reported about a stream it still decoded (damaged frames of an MP3, …), as one
    /// warning, known once the stream has ended.
    private(set) var warnings: [String] = []
    /// The container's and the audio stream's tags (ID3, MP4 atoms, Ogg comments, …) as ffprobe reads them.
    let metadata: EmbeddedMetadata
    private let process: Process
    private let stdout: FileHandle
    private let stderrURL: URL
    private let path: String
    private var carry: [UInt8] = []
    /// Why we fell back to ffmpeg (e.g. "unsupported WAV format tag 0x0011"), prefixed to its errors.
    private let context: String
    private var done = false

    /// Absolute path of an executable named `name` on PATH, or nil (never crashes when PATH is unset).
    static func locate(_ name: String) -> String? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for dir in dirs {
            let candidate = String(dir) + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// ffmpeg and ffprobe locations, looked up once. Setting AUDIOIO_DISABLE_FFMPEG=1 in the
    /// environment turns the fallback off (to test the no-ffmpeg behaviour on machines that have it).
    static let tools: (ffmpeg: String, ffprobe: String)? = {
        guard ProcessInfo.processInfo.environment["AUDIOIO_DISABLE_FFMPEG"] == nil else { return nil }
        guard let ffmpeg = locate("ffmpeg"), let ffprobe = locate("ffprobe") else { return nil }
        return (ffmpeg, ffprobe)
    }()

    static var available: Bool { tools != nil }

    init(url: URL, context: String = "") throws {
        path = url.path
        self.context = context.isEmpty ? "" : context + "; "
        guard let tools = FFmpegReader.tools else {
            throw AudioError(file: path, message: self.context + "unsupported format (ffmpeg not found on PATH)")
        }
        // 1. Probe the first audio stream's rate and channels, and the tags (one ffprobe run).
        let probe = try FFmpegReader.run(tools.ffprobe, ["-v", "error", "-print_format", "json", "-select_streams", "a:0",
                                                        "-show_entries", "stream=sample_rate,channels:stream_tags:format_tags", path],
                                         file: path, context: self.context)
        let stream = ((try? JSONSerialization.jsonObject(with: Data(probe.utf8)) as? [String: Any])?["streams"] as? [[String: Any]])?.first
        guard let stream, let rate = (stream["sample_rate"] as? String).flatMap(Double.init) ?? (stream["sample_rate"] as? NSNumber)?.doubleValue,
              let channels = (stream["channels"] as? NSNumber)?.intValue ?? (stream["channels"] as? String).flatMap(Int.init) else {
            throw AudioError(file: path, message: self.context + "ffprobe found no audio stream")
        }
        metadata = FFprobeTags.parse(json: Data(probe.utf8))
        warnings = metadata.warnings
        try validateFormat(file: path, sampleRate: rate, channels: channels, bits: 32)
        info = AudioFormatInfo(sampleRate: rate, channels: channels, frameCount: nil, container: "ffmpeg", bitsPerSample: 32)
        // 2. Decode to raw float32 on stdout; stderr to a file so a chatty ffmpeg cannot block on a full pipe.
        stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent("audioio-ffmpeg-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: tools.ffmpeg)
        process.arguments = ["-v", "error", "-nostdin", "-i", path, "-map", "0:a:0", "-f", "f32le",
                             "-ar", String(Int(rate)), "-"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            process.standardError = try FileHandle(forWritingTo: stderrURL)
            try process.run()
        } catch {
            try? FileManager.default.removeItem(at: stderrURL)
            throw AudioError(file: path, message: self.context + "cannot run ffmpeg: \(error.localizedDescription)")
        }
        stdout = pipe.fileHandleForReading
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: stderrURL)
    }

    func readBlock(maxFrames: Int) throws -> AudioBlock? {
        if done { return nil }
        let frameBytes = 4 * info.channels
        let want = max(1, maxFrames) * frameBytes
        var bytes = carry
        carry = []
        while bytes.count < want {
            let chunk = (try? stdout.read(upToCount: want - bytes.count)) ?? nil
            guard let chunk, !chunk.isEmpty else { break }
            bytes += chunk
        }
        let whole = bytes.count / frameBytes * frameBytes
        if whole < bytes.count { carry = Array(bytes[whole...]) }
        if whole == 0 {
            done = true
            process.waitUntilExit()
            let log = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
            let lines = log.split(whereSeparator: \.isNewline).map { FFmpegReader.plain(String($0), path: path) }
            if process.terminationStatus != 0 {
                throw AudioError(file: path, message: context + "ffmpeg failed: \(lines.first ?? "exit status \(process.terminationStatus)")")
            }
            if let first = lines.first {
                // ffmpeg went on past errors (at -v error): the audio is what it salvaged.
                let more = lines.count > 1 ? " (and \(lines.count - 1) more message\(lines.count > 2 ? "s" : ""))" : ""
                warnings.append("ffmpeg reported damage while decoding: \(first)\(more)")
            }
            return nil
        }
        return AudioBlock(samples: PCMConvert.samples(bytes, count: whole / 4, encoding: .float(bytes: 4, bigEndian: false)),
                          channels: info.channels, sampleRate: info.sampleRate)
    }

    /// An ffmpeg log line without what the warning already says: the "[mp3float @ 0x55…] " origin
    /// prefix and the file name.
    static func plain(_ line: String, path: String) -> String {
        var text = line
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            text = String(text[text.index(after: close)...]).trimmingCharacters(in: .whitespaces)
        }
        if text.hasPrefix(path + ": ") { text = String(text.dropFirst(path.count + 2)) }
        return text
    }

    /// Runs a short command and returns its stdout; throws with its first stderr line on failure.
    static func run(_ tool: String, _ args: [String], file: String, context: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch {
            throw AudioError(file: file, message: context + "cannot run \(tool): \(error.localizedDescription)")
        }
        // ffprobe's output is a few lines; read both pipes to the end before waiting.
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            let line = String(decoding: e, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            // ffprobe prefixes its messages with the path; the AudioError already names the file.
            let reason = line.hasPrefix(file + ": ") ? String(line.dropFirst(file.count + 2)) : line
            throw AudioError(file: file, message: context + "ffprobe: \(reason)")
        }
        return String(decoding: o, as: UTF8.self)
    }
}
