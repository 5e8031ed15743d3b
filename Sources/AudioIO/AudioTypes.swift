import Foundation

/// A decoding or writing failure. `description` is one line naming the file, so batch tools can
/// print it as is (e.g. "blues.00000.wav: truncated data chunk").
public struct AudioError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file concerned (its path as given by the caller).
    public let file: String
    /// What went wrong, in plain words.
    public let message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}

/// What a decoder learned from a file's header.
public struct AudioFormatInfo: Sendable, Equatable {
    /// Frames per second of the source.
    public let sampleRate: Double
    /// Interleaved channels in the source (the reader averages them to mono).
    public let channels: Int
    /// Frames in the file, or nil when the header does not say (ffmpeg, FLAC with 0 total samples).
    public let frameCount: Int?
    /// "WAV", "RF64", "AIFF", "AIFF-C", "AU", "FLAC" or "ffmpeg".
    public let container: String
    /// Bits per stored sample (32 for float32, 64 for float64, 8 for mu-law/A-law).
    public let bitsPerSample: Int

    public init(sampleRate: Double, channels: Int, frameCount: Int?, container: String, bitsPerSample: Int) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.frameCount = frameCount
        self.container = container
        self.bitsPerSample = bitsPerSample
    }
}

/// A source of decoded audio, read block by block so long files stream in bounded memory.
public protocol AudioFrameReader: AnyObject {
    var info: AudioFormatInfo { get }
    /// Next block of up to `maxFrames` frames, channel-averaged to mono (the mean of the channels,
    /// like `librosa.to_mono`), as Float in [-1, 1]; nil at the end.
    func readMono(maxFrames: Int) throws -> [Float]?
}

/// Limits applied to header values before anything is allocated from them.
enum AudioLimits {
    /// Highest sample rate accepted (soundfile accepts anything; 10 MHz is beyond any real recording).
    static let maxSampleRate: Double = 10_000_000
    /// Lowest sample rate accepted.
    static let minSampleRate: Double = 1
    /// Most channels accepted (WAV allows 65535; real files stay far below).
    static let maxChannels = 1024
}

/// Checks shared by every container: rejects header values that cannot describe real audio.
func validateFormat(file: String, sampleRate: Double, channels: Int, bits: Int) throws {
    guard sampleRate.isFinite, sampleRate >= AudioLimits.minSampleRate else {
        throw AudioError(file: file, message: "invalid sample rate \(sampleRate) Hz in header")
    }
    guard sampleRate <= AudioLimits.maxSampleRate else {
        throw AudioError(file: file, message: "absurd sample rate \(sampleRate) Hz in header")
    }
    guard channels >= 1 else {
        throw AudioError(file: file, message: "invalid channel count \(channels) in header")
    }
    guard channels <= AudioLimits.maxChannels else {
        throw AudioError(file: file, message: "absurd channel count \(channels) in header")
    }
    guard bits >= 1 else {
        throw AudioError(file: file, message: "invalid bits per sample \(bits) in header")
    }
}
