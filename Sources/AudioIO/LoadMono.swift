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
    try MonoStream(url: url, sampleRate: sampleRate, quality: quality).readAll()
}

/// Streaming `librosa.load` for hour-long files: consecutive mono blocks at `sampleRate`, decoded
/// and resampled block by block in bounded memory. Concatenated, the blocks equal `loadMono`.
///
/// A stream whose rate changes mid-way (valid in FLAC) is resampled piece by piece: each run of
/// blocks at one rate goes through its own resampler, flushed when the rate changes.
public final class MonoStream {
    private let reader: any AudioFrameReader
    private let targetRate: Double
    private let quality: ResamplerQuality
    private var resampler: Resampler?
    private var currentRate: Double
    private var pending: [Float] = []
    private var pendingStart = 0
    private var sourceDone = false
    /// Source frames decoded per read.
    private let readBlock = 1 << 16
    /// Called with every decoded block at its native rate and channel count, before mixing and
    /// resampling (e.g. to measure the recording's condition on what the file really holds).
    public var observeSource: ((AudioBlock) -> Void)?

    /// - Parameters:
    ///   - url: the audio file.
    ///   - sampleRate: output rate in Hz (default 22050); must be in 1 Hz … 10 MHz.
    ///   - quality: the resampler's filter (default `.sharp`).
    public convenience init(url: URL, sampleRate: Double = 22050, quality: ResamplerQuality = .sharp) throws {
        guard sampleRate.isFinite, sampleRate >= AudioLimits.minSampleRate, sampleRate <= AudioLimits.maxSampleRate else {
            throw AudioError(file: url.path, message: "invalid target sample rate \(sampleRate) Hz")
        }
        self.init(reader: try AudioDecoder.open(url), sampleRate: sampleRate, quality: quality)
    }

    /// A stream over any reader (the decoders, or a test's own).
    init(reader: any AudioFrameReader, sampleRate: Double, quality: ResamplerQuality = .sharp) {
        self.reader = reader
        targetRate = sampleRate
        self.quality = quality
        currentRate = reader.info.sampleRate
        resampler = Self.resampler(from: currentRate, to: sampleRate, quality: quality)
    }

    /// The decoder's view of the source file (native rate, channels, container).
    public var sourceInfo: AudioFormatInfo { reader.info }

    /// What the decoder salvaged so far (see `AudioFrameReader.warnings`); complete once the
    /// stream has ended.
    public var warnings: [String] { reader.warnings }

    /// The file's embedded metadata (`AudioFrameReader.metadata`), known once the stream is open.
    public var metadata: EmbeddedMetadata { reader.metadata }

    /// All remaining output samples (what `loadMono` returns).
    public func readAll() throws -> [Float] {
        var out: [Float] = []
        if let n = sourceInfo.frameCount {
            // A header's length is a hint, not a promise (a FLAC STREAMINFO may claim hours the
            // file does not hold): reserve at most 2^22 samples (16 MB); a longer signal grows.
            out.reserveCapacity(Int(min(Double(1 << 22), Double(n) * targetRate / sourceInfo.sampleRate + 1)))
        }
        try readAll(into: &out)
        return out
    }

    /// Appends all remaining output samples to `out`. Without resampling the decoder's blocks go
    /// straight to `out` (no staging copy): the common case of a file already at the target rate.
    func readAll(into out: inout [Float]) throws {
        while resampler == nil, currentRate == targetRate, !sourceDone {
            if pendingStart < pending.count { out += pending[pendingStart...] }
            pending = []
            pendingStart = 0
            guard let block = try reader.readBlock(maxFrames: 1 << 18) else { sourceDone = true; break }
            observeSource?(block)
            guard block.sampleRate == currentRate else { accept(block); break }
            out += block.mono()
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
            if let block = try reader.readBlock(maxFrames: readBlock) {
                observeSource?(block)
                accept(block)
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

    /// The converter from `from` to `to` Hz, nil when the samples pass unchanged (same rate, and
    /// a filter that keeps the whole band).
    private static func resampler(from: Double, to: Double, quality: ResamplerQuality) -> Resampler? {
        from == to && !quality.limitsBand(at: to) ? nil : Resampler(from: from, to: to, quality: quality)
    }

    /// Mixes a decoded block to mono and resamples it onto `pending`, starting a new resampler
    /// when the block's rate differs from the previous one.
    private func accept(_ block: AudioBlock) {
        if block.sampleRate != currentRate {
            pending += resampler?.flush() ?? []
            currentRate = block.sampleRate
            resampler = Self.resampler(from: currentRate, to: targetRate, quality: quality)
        }
        let mono = block.mono()
        pending += resampler?.process(mono) ?? mono
    }
}
