import Foundation

/// `librosa.load(path, sr=sampleRate, mono=True)` for whole files (e.g. 30-s clips): decode,
/// average channels (librosa.to_mono), resample with `Resampler` when the native rate differs,
/// output length ⌈n·sampleRate/native⌉.
/// - Parameters:
///   - url: any file AudioDecoder.open accepts.
///   - sampleRate: target rate in Hz; default 22050 (librosa's default).
///   - quality: the resampler's filter; default `.sharp`; `.librosa` reproduces librosa.load exactly.
/// - Throws: AudioError naming the file.
public func loadMono(_ url: URL, sampleRate: Double = 22050, quality: ResamplerQuality = .sharp) throws -> [Float] {
    let stream = try MonoStream(url: url, sampleRate: sampleRate, quality: quality)
    var out: [Float] = []
    if let n = stream.sourceInfo.frameCount {
        // frameCount is capped by the file size for PCM; still cap the reservation for FLAC headers.
        out.reserveCapacity(min(1 << 26, Int(Double(n) * sampleRate / stream.sourceInfo.sampleRate) + 1))
    }
    try stream.readAll(into: &out)
    return out
}

/// Streaming `librosa.load` for hour-long files: consecutive mono blocks at `sampleRate`, decoded
/// and resampled block by block in bounded memory. Concatenated, the blocks equal `loadMono`.
public final class MonoStream {
    private let reader: any AudioFrameReader
    private let resampler: Resampler?
    private var pending: [Float] = []
    private var pendingStart = 0
    private var sourceDone = false
    /// Source frames decoded per read.
    private let readBlock = 1 << 16

    /// - Parameters:
    ///   - url: the audio file.
    ///   - sampleRate: output rate in Hz (default 22050); must be in 1 Hz … 10 MHz.
    ///   - quality: the resampler's filter (default `.sharp`).
    public init(url: URL, sampleRate: Double = 22050, quality: ResamplerQuality = .sharp) throws {
        guard sampleRate.isFinite, sampleRate >= AudioLimits.minSampleRate, sampleRate <= AudioLimits.maxSampleRate else {
            throw AudioError(file: url.path, message: "invalid target sample rate \(sampleRate) Hz")
        }
        reader = try AudioDecoder.open(url)
        let native = reader.info.sampleRate
        resampler = native == sampleRate ? nil : Resampler(from: native, to: sampleRate, quality: quality)
    }

    /// The decoder's view of the source file (native rate, channels, container).
    public var sourceInfo: AudioFormatInfo { reader.info }

    /// Appends all remaining output samples to `out`. Without resampling the decoder's blocks go
    /// straight to `out` (no staging copy): the common case of a file already at the target rate.
    func readAll(into out: inout [Float]) throws {
        if resampler == nil {
            if pendingStart < pending.count { out += pending[pendingStart...] }
            pending = []
            pendingStart = 0
            while !sourceDone {
                if let block = try reader.readMono(maxFrames: 1 << 18) { out += block } else { sourceDone = true }
            }
            return
        }
        while let block = try next(maxSamples: 1 << 18) { out += block }
    }

    /// Up to `maxSamples` next output samples; nil at the end.
    public func next(maxSamples: Int) throws -> [Float]? {
        let want = max(1, maxSamples)
        while pending.count - pendingStart < want, !sourceDone {
            if pendingStart > 0 {
                pending.removeFirst(pendingStart)
                pendingStart = 0
            }
            if let block = try reader.readMono(maxFrames: readBlock) {
                pending += resampler?.process(block) ?? block
            } else {
                sourceDone = true
                pending += resampler?.flush() ?? []
            }
        }
        let available = pending.count - pendingStart
        guard available > 0 else { return nil }
        let n = min(want, available)
        let out = Array(pending[pendingStart..<pendingStart + n])
        pendingStart += n
        return out
    }
}
