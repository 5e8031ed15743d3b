import Foundation

/// Opens audio files by their content, not their name.
public enum AudioDecoder {
    /// Extensions decoded natively.
    static let nativeExtensions: Set<String> = ["wav", "wave", "bwf", "rf64", "aif", "aiff", "aifc", "au", "snd", "flac"]
    /// Extensions handed to ffmpeg when it is on PATH.
    static let ffmpegExtensions: Set<String> = ["mp3", "ogg", "oga", "m4a", "opus", "wma", "aac", "w64", "mp4", "webm"]

    /// Opens `url` for block-wise reading.
    ///
    /// The container is chosen from the first bytes: RIFF/RF64/BW64 → WAV, FORM → AIFF/AIFF-C,
    /// .snd → AU, fLaC (optionally after an ID3v2 tag) → FLAC, and a FLAC frame header within the
    /// first megabyte (a stream captured without its marker and metadata) → FLAC, with a warning.
    /// Anything else, and well-formed files with an encoding we do not decode (e.g. GSM WAV), go
    /// to ffmpeg when it is on PATH; without it the error says that ffmpeg is needed.
    /// - Throws: AudioError naming the file: "empty file", "unsupported format (…)", header faults, …
    public static func open(_ url: URL) throws -> any AudioFrameReader {
        try open(try BlockFile(url: url), url: url)
    }

    /// Opens audio held in memory (a fuzz harness's input, a test's bytes) as if it were the
    /// file `name`; the ffmpeg fallback is not used.
    public static func open(bytes: [UInt8], name: String = "<memory>") throws -> any AudioFrameReader {
        try open(BlockFile(bytes: bytes, path: name), url: nil)
    }

    /// - Parameter url: the file itself, for the ffmpeg fallback; nil for bytes in memory.
    static func open(_ file: BlockFile, url: URL?) throws -> any AudioFrameReader {
        let path = file.path
        guard file.size > 0 else { throw AudioError(file: path, message: "empty file (0 bytes)") }
        let head = try file.read(upTo: 16)
        try file.seek(to: 0)
        let magic = head.count >= 4 ? head.fourCC(0) : ""
        do {
            switch magic {
            case "RIFF", "RF64", "BW64": return try WAVParser.open(file)
            case "FORM": return try AIFFParser.open(file)
            case ".snd": return try AUParser.open(file)
            case "fLaC": return try FLACReader(file: file, startOffset: 0)
            default: break
            }
            if head.count >= 10, magic.hasPrefix("ID3") {
                // ID3v2: 10-byte header, syncsafe 28-bit size; FLAC may follow it.
                let size = (Int(head[6]) << 21) | (Int(head[7]) << 14) | (Int(head[8]) << 7) | Int(head[9])
                let start = 10 + size + (head[5] & 0x10 != 0 ? 10 : 0)
                if start + 4 <= file.size {
                    try file.seek(to: start)
                    if try file.read(upTo: 4) == Array("fLaC".utf8) { return try FLACReader(file: file, startOffset: start) }
                }
            }
            if let first = try FLACReader.probe(file) { return try FLACReader(file: file, firstFrameAt: first) }
        } catch let e as UnsupportedEncoding {
            guard let url, FFmpegReader.available else { throw e.audioError }
            return try FFmpegReader(url: url, context: e.message)
        }
        let shown = head.prefix(8).map { String(format: "%02x", $0) }.joined(separator: " ")
        guard file.size >= 4 else {
            throw AudioError(file: path, message: "unsupported format (file too short: \(file.size) bytes)")
        }
        let what = "unsupported format (no WAV/AIFF/AU/FLAC header; starts with \(shown)"
        guard let url, FFmpegReader.available else { throw AudioError(file: path, message: what + "; ffmpeg not on PATH)") }
        // Only content that looks like a compressed format (or carries such an extension) goes to
        // ffmpeg: given arbitrary bytes it may "decode" noise from a spurious MP3 sync word.
        guard looksCompressed(head) || ffmpegExtensions.contains(url.pathExtension.lowercased()) else {
            throw AudioError(file: path, message: what + ")")
        }
        do {
            return try FFmpegReader(url: url)
        } catch let e as AudioError {
            throw AudioError(file: path, message: what + "; " + e.message + ")")
        }
    }

    /// Magic numbers of formats ffmpeg decodes: ID3/MPEG audio/ADTS sync, Ogg, ISO-BMFF (m4a/mp4),
    /// ASF (wma), Matroska/WebM, Sony Wave64, CAF, WavPack, Monkey's Audio, AMR, AC-3.
    static func looksCompressed(_ h: [UInt8]) -> Bool {
        guard h.count >= 12 else { return false }
        let four = h.fourCC(0)
        if ["ID3", "OggS", "caff", "wvpk", "MAC ", "#!AM", "fLaC"].contains(where: { four.hasPrefix($0) }) { return true }
        if h[0] == 0xFF, h[1] & 0xE0 == 0xE0 { return true }                   // MPEG audio / ADTS frame sync
        if h.fourCC(4) == "ftyp" { return true }                                 // MP4/M4A
        if Array(h.prefix(4)) == [0x30, 0x26, 0xB2, 0x75] { return true }        // ASF
        if Array(h.prefix(4)) == [0x1A, 0x45, 0xDF, 0xA3] { return true }        // Matroska
        if Array(h.prefix(8)) == [0x72, 0x69, 0x66, 0x66, 0x2E, 0x91, 0xCF, 0x11] { return true }  // Wave64
        if h[0] == 0x0B, h[1] == 0x77 { return true }                            // AC-3
        return false
    }

    /// Whether files with this extension are worth opening when scanning folders: native formats
    /// always, compressed formats (mp3, ogg, m4a, opus, wma, aac, w64) only when ffmpeg is on PATH.
    public static func canDecode(pathExtension: String) -> Bool {
        let ext = pathExtension.lowercased()
        return nativeExtensions.contains(ext) || (FFmpegReader.available && ffmpegExtensions.contains(ext))
    }
}
