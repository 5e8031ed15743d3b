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

/// One block of decoded audio: interleaved frames as Float in [-1, 1] (integers scaled by
/// 1/2^(bits-1) of their container, as libsndfile and soundfile read them).
///
/// A block carries its own rate and channel count because a few valid streams change them
/// mid-stream (FLAC allows it frame by frame); consumers that mix to mono and resample handle it.
public struct AudioBlock: Sendable, Equatable {
    /// Interleaved samples: frame f, channel c at `samples[f * channels + c]`.
    public var samples: [Float]
    /// Channels per frame (≥ 1).
    public var channels: Int
    /// Frames per second of this block.
    public var sampleRate: Double

    public init(samples: [Float], channels: Int, sampleRate: Double) {
        precondition(channels >= 1 && samples.count % channels == 0, "AudioBlock: samples must be whole frames")
        self.samples = samples
        self.channels = channels
        self.sampleRate = sampleRate
    }

    /// Frames in the block.
    public var frameCount: Int { samples.count / channels }

    /// The frames averaged over their channels, like `librosa.to_mono` (numpy's float32 mean over
    /// the channel axis: summed in Float in channel order, then divided). Mono blocks are returned as is.
    public func mono() -> [Float] {
        guard channels > 1 else { return samples }
        let frames = frameCount, channels = self.channels
        let divisor = Float(channels)
        return samples.withUnsafeBufferPointer { src in
            [Float](unsafeUninitializedCapacity: frames) { out, n in
                if channels == 2 {
                    for f in 0..<frames { out[f] = (src[2 * f] + src[2 * f + 1]) / divisor }
                } else {
                    for f in 0..<frames {
                        var sum: Float = 0
                        for c in 0..<channels { sum += src[f * channels + c] }
                        out[f] = sum / divisor
                    }
                }
                n = frames
            }
        }
    }
}

/// A source of decoded audio, read block by block so long files stream in bounded memory.
public protocol AudioFrameReader: AnyObject {
    /// What the header said (for a stream whose format changes, its first format).
    var info: AudioFormatInfo { get }
    /// Next block of up to `maxFrames` frames, interleaved; nil at the end.
    func readBlock(maxFrames: Int) throws -> AudioBlock?
    /// Problems found so far that did not stop decoding (the audio present was salvaged), in the
    /// order found, each one plain sentence without the file name, e.g. "truncated: the header
    /// declares 30.0 s, 6.8 s present". Grows while reading: read it again at the end.
    var warnings: [String] { get }
    /// Text the file carries about the recording (BWF `bext`, iXML, RIFF INFO, AIFF text chunks,
    /// Vorbis comments, tags ffprobe reads), read from the headers and chunks the decoder walks
    /// anyway. What could not be read is in `warnings`, never an error.
    var metadata: EmbeddedMetadata { get }
}

extension AudioFrameReader {
    /// Next block of up to `maxFrames` frames averaged to mono (`AudioBlock.mono`); nil at the end.
    public func readMono(maxFrames: Int) throws -> [Float]? {
        try readBlock(maxFrames: maxFrames)?.mono()
    }

    public var warnings: [String] { [] }

    public var metadata: EmbeddedMetadata { EmbeddedMetadata() }
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
