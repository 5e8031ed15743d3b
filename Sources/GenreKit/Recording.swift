import AudioIO
import Features
import Foundation

/// Decoding a recording into the analysis signal every feature is computed from: mono, 22050 Hz,
/// as `librosa.load(path, sr=22050)` gives it. Every failure becomes a `FileProblem` naming the file.
public enum Recording {
    /// The analysis rate (librosa's default and the GTZAN features').
    public static let sampleRate = Double(KaggleSchema.sampleRate)

    /// Whether a file looks like audio this tool can read (by extension; used when scanning folders).
    public static func isAudioFile(_ url: URL) -> Bool {
        AudioDecoder.canDecode(pathExtension: url.pathExtension)
    }

    /// The whole recording as mono samples at 22050 Hz, with what the decoder had to salvage
    /// (`AudioFrameReader.warnings`).
    /// - Parameter quality: the resampler for files at other rates (default `.sharp`; `.librosa`
    ///   reproduces `librosa.load`, whose roll-off above 10 kHz moves the top MFCCs).
    public static func load(_ url: URL, quality: ResamplerQuality = .sharp) throws -> Warned<[Double]> {
        do {
            let stream = try MonoStream(url: url, sampleRate: sampleRate, quality: quality)
            let samples = try stream.readAll()
            let signal = [Double](unsafeUninitializedCapacity: samples.count) { out, n in
                for i in 0..<samples.count { out[i] = Double(samples[i]) }
                n = samples.count
            }
            return Warned(signal, warnings: stream.warnings)
        } catch { throw problem(error, url: url) }
    }

    /// Any decoding error as a one-line problem naming the file.
    public static func problem(_ error: Error, url: URL) -> FileProblem {
        switch error {
        case let problem as FileProblem: return problem
        case let error as AudioError: return FileProblem(file: url.path, message: error.message)
        default: return FileProblem(file: url.path, message: "cannot read: \(error)")
        }
    }

    /// Opens a recording as a stream of mono 22050 Hz blocks, for recordings too long to hold.
    public static func stream(_ url: URL, quality: ResamplerQuality = .sharp) throws -> MonoStream {
        do {
            return try MonoStream(url: url, sampleRate: sampleRate, quality: quality)
        } catch { throw problem(error, url: url) }
    }
}
