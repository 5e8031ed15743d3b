import AudioIO
import Foundation

/// Deterministic re-encodings of a GTZAN clip at other rates, depths and channel counts, for the
/// format-invariance tests. The same Swift code writes the files the test decodes and the files
/// bench/reference/format_variants.py fed to librosa once (run the test with
/// `GENRE_WRITE_VARIANTS=/some/dir` to keep them), so the pasted librosa values belong to
/// exactly these bytes.
struct FormatVariant: Sendable, CustomStringConvertible {
    enum Container: Sendable {
        /// WAV with this sample format (pcm16/pcm24/float32).
        case wav(AudioWriter.SampleFormat)
        /// FLAC with this many bits per sample.
        case flac(bits: Int)
    }

    /// File name; also the key of the librosa reference values.
    let name: String
    /// Rate the 22050 Hz clip is upsampled to with `Resampler` (22050 = no resampling).
    let sampleRate: Int
    let container: Container
    /// Two channels: left = x, right = 0.8·x delayed by one sample (so the channels differ in
    /// level and phase and the mono mix is not just a scaled copy of one channel).
    let stereo: Bool

    var description: String { name }

    /// The variants checked against librosa (all from blues.00000.wav).
    static let all: [FormatVariant] = [
        FormatVariant(name: "v44100_pcm24_mono.wav", sampleRate: 44100, container: .wav(.pcm24), stereo: false),
        FormatVariant(name: "v48000_float32_mono.wav", sampleRate: 48000, container: .wav(.float32), stereo: false),
        FormatVariant(name: "v96000_pcm24_mono.flac", sampleRate: 96000, container: .flac(bits: 24), stereo: false),
        FormatVariant(name: "v44100_pcm16_stereo.wav", sampleRate: 44100, container: .wav(.pcm16), stereo: true),
        FormatVariant(name: "v48000_pcm24_stereo.flac", sampleRate: 48000, container: .flac(bits: 24), stereo: true),
        FormatVariant(name: "v96000_float32_stereo.wav", sampleRate: 96000, container: .wav(.float32), stereo: true),
        FormatVariant(name: "v44100_pcm16_stereo.flac", sampleRate: 44100, container: .flac(bits: 16), stereo: true),
        FormatVariant(name: "v22050_pcm24_stereo.wav", sampleRate: 22050, container: .wav(.pcm24), stereo: true),
    ]

    /// Upsamples `clip` (at 22050 Hz) to `sampleRate`, builds the channels and writes the file.
    func write(from clip: [Float], to dir: URL) throws -> URL {
        let x: [Float]
        if sampleRate == 22050 {
            x = clip
        } else {
            // .librosa: the bytes bench/reference/format_variants.py was run on.
            let resampler = Resampler(from: 22050, to: Double(sampleRate), quality: .librosa)
            x = resampler.process(clip) + resampler.flush()
        }
        let channels = stereo ? [x, [0] + x.dropLast().map { 0.8 * $0 }] : [x]
        let url = dir.appendingPathComponent(name)
        switch container {
        case .wav(let format): try AudioWriter.writeWAV(channels, sampleRate: sampleRate, format: format, to: url)
        case .flac(let bits): try AudioWriter.writeFLAC(channels, sampleRate: sampleRate, bits: bits, to: url)
        }
        return url
    }

    /// Directory for written files: `$GENRE_WRITE_VARIANTS` (created, kept) or a fresh temporary
    /// directory that the caller removes (`keep` false).
    static func outputDirectory() throws -> (url: URL, keep: Bool) {
        if let path = ProcessInfo.processInfo.environment["GENRE_WRITE_VARIANTS"], !path.isEmpty {
            let url = URL(fileURLWithPath: path, isDirectory: true)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            return (url, true)
        }
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("genre-formats-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return (url, false)
    }
}
