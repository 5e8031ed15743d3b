import Foundation

/// Native FLAC decoder, streaming frame by frame from a BlockFile, as libFLAC decodes it.
///
/// Where the stream starts:
/// - after the fLaC marker and the metadata blocks (STREAMINFO read, VORBIS_COMMENT checked,
///   the others skipped; the walk is `FLACMetadata`), or
/// - at a frame header with no marker or metadata (a multicast capture), possibly after bytes
///   that are not FLAC: the first frame is found by its sync code, as libFLAC does, with a warning.
///
/// Every frame is decoded with its own sample rate, channel count and bit depth, so streams that
/// change them mid-way come out as blocks of different formats (MonoStream mixes and resamples
/// each). Samples scale as x / 2^(bps-1), as soundfile reads them.
///
/// Salvage (each with a warning; see README "Damaged files"):
/// - metadata that lies (block size, frame size, bit depth, channel count, total samples, a
///   STREAMINFO that is missing or not first, an invalid VORBIS_COMMENT): the frames are decoded
///   as their headers say;
/// - a metadata chain that cannot be followed: the first frame is found by its sync code;
/// - a frame whose CRC fails or that cannot be decoded: its samples are replaced by silence and
///   decoding resumes at the next frame found by its sync code;
/// - bytes that are not frames: skipped to the next frame;
/// - a last frame cut short, or fewer samples than STREAMINFO declares: the audio present is
///   decoded ("truncated: the header declares 30.0 s, 6.8 s present");
/// - an MD5 that does not match the decoded audio (only checked when every frame was sound).
/// No frame at all is an error.
final class FLACReader: AudioFrameReader {
    private(set) var info: AudioFormatInfo
    /// The VORBIS_COMMENT block's fields, parsed during the metadata walk (its faults are in `warnings`).
    let metadata: EmbeddedMetadata
    private let file: BlockFile
    private let streamInfo: FLACStreamInfo?
    /// Bytes read ahead from the file; `buffer[0]` is the file's byte `bufferBase`.
    private var buffer: [UInt8] = []
    private var bufferBase = 0
    private var cursor = 0
    /// The decoded frame being handed out (interleaved), and its format.
    private var pending: [Float] = []
    private var pendingStart = 0
    private var pendingChannels = 1
    private var pendingRate = 1.0
    private var decodedSamples: UInt64 = 0
    private var decodedSeconds = 0.0
    private var frameIndex = 0
    private var md5 = MD5()
    private var checkMD5: Bool
    private var finished = false
    private var firstFormat: (rate: Int, channels: Int, bps: Int)?
    private var formatChanged = false
    /// The previous frame's block size, to tell a 1-sample block that is not the last one.
    private var previousBlockSize = 0
    /// Warnings that are complete when found, in order.
    private var notes: [String] = []
    /// Kinds of STREAMINFO lie already reported (one warning each).
    private var reported: Set<String> = []
    /// Damage summed over the stream, reported as one warning each at the end.
    private var badFrames = FrameDamage()
    private var skipped = FrameDamage()

    /// Largest frame we are willing to buffer: a verbatim 65536-sample 8-channel 32-bit frame is 2 MB.
    static let maxFrameBytes = 4 << 20
    /// How far into a file that has no fLaC marker `probe` looks for the first frame.
    static let probeBytes = 1 << 20

    /// Warnings so far (see `AudioFrameReader.warnings`); complete once the stream has ended.
    var warnings: [String] {
        var all = notes
        if let w = badFrames.summary(single: { "FLAC frame \($0) bad CRC: \($1) replaced by silence" },
                                     many: { "FLAC frame \($0) and \($2) later frames bad CRC: \($1) replaced by silence" }) {
            all.append(w)
        }
        if let w = skipped.summary(single: { "unreadable data in the FLAC stream after frame \($0): \($1)" },
                                   many: { "unreadable data in the FLAC stream after frame \($0) and at \($2) later places: \($1)" }) {
            all.append(w)
        }
        return all
    }

    /// A FLAC stream from its fLaC marker at `startOffset`.
    convenience init(file: BlockFile, startOffset: Int) throws {
        try file.seek(to: startOffset)
        guard try file.read(exactly: 4, what: "FLAC marker") == Array("fLaC".utf8) else {
            throw AudioError(file: file.path, message: "not a FLAC file (no fLaC marker)")
        }
        let meta = try FLACMetadata.read(file, from: startOffset + 4)
        var damage = meta.broken
        if let broken = meta.broken, let culprit = meta.blocks.last, meta.blocks.count > 1 {
            damage = "\(broken), so metadata block \(meta.blocks.count) (\(culprit.typeName), \(culprit.length) bytes) has a wrong length"
        }
        try self.init(file: file, streamInfo: meta.streamInfo, audioOffset: meta.audioOffset,
                      damage: damage, notes: meta.warnings, after: meta.blocks.last?.offset, metadata: meta.comments ?? EmbeddedMetadata())
    }

    /// A stream with no fLaC marker or metadata whose first frame header is at byte `offset`
    /// (what lies before it is not FLAC), as `probe` found it.
    convenience init(file: BlockFile, firstFrameAt offset: Int) throws {
        let note = offset == 0 ? "no fLaC marker or STREAMINFO: the stream starts at a frame header"
            : "no fLaC marker or STREAMINFO: \(offset) bytes that are not FLAC skipped before the first frame"
        try self.init(file: file, streamInfo: nil, audioOffset: offset, damage: nil, notes: [note], after: nil)
    }

    /// - Parameters:
    ///   - damage: what is wrong with the metadata chain, when it cannot be followed: the first
    ///     frame is then found by its sync code from `audioOffset`.
    ///   - after: body offset of the last metadata block: if no frame header starts at
    ///     `audioOffset`, the first frame is looked for from there (that block's length may lie).
    private init(file: BlockFile, streamInfo: FLACStreamInfo?, audioOffset: Int, damage: String?, notes: [String],
                 after lastBlock: Int?, metadata: EmbeddedMetadata = EmbeddedMetadata()) throws {
        self.file = file
        self.metadata = metadata
        self.streamInfo = streamInfo
        self.notes = notes
        metadataTail = lastBlock
        checkMD5 = streamInfo?.md5.contains { $0 != 0 } ?? false
        info = AudioFormatInfo(sampleRate: 1, channels: 1, frameCount: nil, container: "FLAC", bitsPerSample: 16)
        let path = file.path
        if let si = streamInfo {
            try validateFormat(file: path, sampleRate: Double(si.sampleRate), channels: si.channels, bits: si.bitsPerSample)
        }
        try restart(at: audioOffset)
        // The first frame fixes the stream's format (STREAMINFO may be missing or lie).
        var first: FLACDecodedFrame?
        if let damage {
            if let (offset, frame) = try findFrame(from: 0) {
                first = frame
                self.notes.append("the metadata is damaged (\(damage)): the first frame found by its sync code at byte \(offset)")
            }
        } else {
            first = try frameAtCursor()
        }
        guard let first else {
            if file.size <= audioOffset {
                throw AudioError(file: path, message: "no audio: the FLAC stream ends after its metadata")
            }
            if let cut = truncatedFirstFrame {
                throw AudioError(file: path, message: "truncated: the file ends inside the first FLAC frame (\(cut) bytes of it present)")
            }
            if let damage {
                throw AudioError(file: path, message: "the FLAC metadata is damaged (\(damage)) and no frame with matching checksums follows")
            }
            throw AudioError(file: path, message: "no FLAC frame found (no frame header with matching checksums)")
        }
        let h = first.header
        firstFormat = (h.sampleRate, h.channels, h.bitsPerSample)
        let total = streamInfo?.totalSamples ?? 0
        info = AudioFormatInfo(sampleRate: Double(h.sampleRate), channels: h.channels,
                               frameCount: total > 0 ? Int(clamping: total) : nil, container: "FLAC", bitsPerSample: h.bitsPerSample)
        if let si = streamInfo {
            var lies: [String] = []
            if si.sampleRate != h.sampleRate { lies.append("a sample rate of \(si.sampleRate) Hz, the frames \(h.sampleRate) Hz") }
            if si.channels != h.channels { lies.append("\(si.channels) channels, the frames \(h.channels)") }
            if si.bitsPerSample != h.bitsPerSample { lies.append("\(si.bitsPerSample) bits per sample, the frames \(h.bitsPerSample)") }
            if !lies.isEmpty {
                self.notes.append("STREAMINFO says " + lies.joined(separator: "; ") + ": decoded as the frames say")
            }
        }
        consume(first)
    }

    /// Body offset of the last metadata block, until the first frame is found.
    private var metadataTail: Int?
    /// Bytes present of a first frame the file ends inside.
    private var truncatedFirstFrame: Int?

    // MARK: Reading

    func readBlock(maxFrames: Int) throws -> AudioBlock? {
        var out: [Float] = []
        var channels = pendingChannels, rate = pendingRate
        while true {
            if pendingStart < pending.count {
                if out.isEmpty {
                    channels = pendingChannels
                    rate = pendingRate
                } else if pendingChannels != channels || pendingRate != rate {
                    break  // the next frame changes format: it starts the next block
                }
                let want = max(1, maxFrames) * channels
                guard out.count < want else { break }
                let take = min(want - out.count, pending.count - pendingStart)
                out += pending[pendingStart..<pendingStart + take]
                pendingStart += take
                continue
            }
            guard try decodeNextFrame() else { break }
        }
        return out.isEmpty ? nil : AudioBlock(samples: out, channels: channels, sampleRate: rate)
    }

    /// Decodes one frame into `pending`; false at the end of the stream.
    private func decodeNextFrame() throws -> Bool {
        if finished { return false }
        if let frame = try frameAtCursor() {
            consume(frame)
            return true
        }
        return try finish()
    }

    /// The frame at the cursor, salvaging what it can when there is none: a sound header with a
    /// bad body becomes silence, bytes that are not a frame are skipped to the next one found by
    /// its sync code. Nil at the end of the stream.
    private func frameAtCursor() throws -> FLACDecodedFrame? {
        while true {
            if cursor >= buffer.count { try refill() }
            if cursor >= buffer.count { return nil }
            do {
                return try FLACFrameDecoder.decode(buffer, at: cursor, streamInfo: streamInfo)
            } catch is FLACOutOfData {
                if file.remaining > 0 {
                    guard buffer.count - cursor < Self.maxFrameBytes else {
                        return try skipGarbage()  // no frame is that large: what is at the cursor is not one
                    }
                    try refill()
                    continue
                }
                return try endOfData()
            } catch let e as FLACCorrupt {
                if let h = e.header, plausible(h) { return try silence(for: h) }
                return try skipGarbage()
            }
        }
    }

    /// Bytes that are not a frame at the cursor: moves to the next frame found by its sync code.
    private func skipGarbage() throws -> FLACDecodedFrame? {
        let start = bufferBase + cursor
        if try isTrailingTag() { cursor = buffer.count; return nil }
        if frameIndex == 0, let tail = metadataTail {
            // No frame where the metadata ends: the last block's length may lie, so look from its body on.
            metadataTail = nil
            try restart(at: tail)
            guard let (offset, frame) = try findFrame(from: 0) else { return nil }
            notes.append("the first frame is not where the metadata ends (byte \(start)): found by its sync code at byte \(offset)")
            return frame
        }
        guard let (offset, frame) = try findFrame(from: cursor + 1) else {
            // Nothing decodable after this: the end of the stream.
            if frameIndex > 0 {
                skipped.add(frame: frameIndex - 1, frames: 0, rate: 1, extra: "\(file.size - start) bytes at the end ignored")
            }
            return nil
        }
        if frameIndex == 0 {
            notes.append("\(offset - start) bytes that are not FLAC skipped before the first frame")
        } else {
            skipped.add(frame: frameIndex - 1, frames: 0, rate: 1, extra: "\(offset - start) bytes skipped")
        }
        return frame
    }

    /// A frame whose header is sound but whose body is not (CRC-16 mismatch, invalid subframe):
    /// its samples become silence, and the cursor moves to the next frame found by its sync code
    /// (the bad frame's bytes are whatever lies between).
    private func silence(for h: FLACFrameHeader) throws -> FLACDecodedFrame? {
        if try findFrame(from: cursor + 2) == nil {
            cursor = buffer.count
            // Not one sound frame in the whole stream: nothing usable, an error (see init).
            if frameIndex == 0 { return nil }
        }
        badFrames.add(frame: frameIndex, frames: h.blockSize, rate: Double(h.sampleRate))
        checkMD5 = false
        let zeros = [[Int]](repeating: [Int](repeating: 0, count: h.blockSize), count: h.channels)
        // byteCount 0: consuming it leaves the cursor at the next frame.
        return FLACDecodedFrame(header: h, samples: zeros, byteCount: 0)
    }

    /// Whether a sound header where a frame should be describes a frame of this stream (and is
    /// not a chance match in damaged bytes): the channels and rate of the frame before it, or of
    /// STREAMINFO for the first frame.
    private func plausible(_ h: FLACFrameHeader) -> Bool {
        if frameIndex > 0 { return h.channels == pendingChannels && Double(h.sampleRate) == pendingRate }
        guard let si = streamInfo else { return true }
        return h.channels == si.channels && h.sampleRate == si.sampleRate
    }

    /// The bytes at the cursor end before the frame does, at the end of the file.
    private func endOfData() throws -> FLACDecodedFrame? {
        let left = buffer.count - cursor
        if let h = try? FLACFrameDecoder.header(buffer, at: cursor, streamInfo: streamInfo), plausible(h) {
            guard frameIndex > 0 else { truncatedFirstFrame = left; return nil }
            notes.append("truncated: the last FLAC frame is cut short (\(left) bytes of it present; \(describeDuration(frames: h.blockSize, sampleRate: Double(h.sampleRate))) lost)")
            checkMD5 = false
            cursor = buffer.count
            return nil
        }
        return try skipGarbage()
    }

    /// Whether the bytes from the cursor to the end of the file are a tag appended to the stream
    /// (ID3v1 "TAG", 128 bytes; an APEv2 tag), which libFLAC and ffmpeg ignore without a word.
    private func isTrailingTag() throws -> Bool {
        let left = file.size - (bufferBase + cursor)
        guard left >= 8 else { return false }
        while buffer.count - cursor < min(left, 128), file.remaining > 0 { try readMore() }
        let tail = buffer[cursor...]
        if left == 128, tail.starts(with: Array("TAG".utf8)) { return true }
        return tail.starts(with: Array("APETAGEX".utf8))
    }

    // MARK: Finding frames

    /// The first frame whose header and body check out (both CRCs) at or after buffer index
    /// `from`, reading more of the file as needed and dropping what lies before; nil when the
    /// file ends first. On success the cursor is at the frame.
    private func findFrame(from start: Int) throws -> (offset: Int, frame: FLACDecodedFrame)? {
        var pos = start
        while true {
            while pos + 1 < buffer.count {
                guard FLACFrameDecoder.isSync(buffer, pos) else { pos += 1; continue }
                do {
                    let frame = try FLACFrameDecoder.decode(buffer, at: pos, streamInfo: streamInfo)
                    cursor = pos
                    return (bufferBase + pos, frame)
                } catch is FLACOutOfData {
                    if file.remaining > 0, buffer.count - pos < Self.maxFrameBytes {
                        // Maybe a frame: read on and try this position again.
                        pos -= compact(keepingFrom: pos)
                        try readMore()
                        continue
                    }
                    pos = scan.next(after: pos, failedAt: buffer.count)
                } catch let e as FLACCorrupt {
                    pos = scan.next(after: pos, failedAt: e.header != nil ? e.end : nil)
                }
            }
            guard file.remaining > 0 else { cursor = buffer.count; return nil }
            pos -= compact(keepingFrom: max(0, pos))
            try readMore()
        }
    }

    /// The work spent on candidate frames that failed, bounded by the file's size.
    private lazy var scan = FrameScan(budget: FrameScan.budget(fileSize: file.size))

    /// Drops the bytes before buffer index `keep` (and before the cursor); returns how many.
    private func compact(keepingFrom keep: Int) -> Int {
        let drop = min(keep, buffer.count)
        guard drop > 0 else { return 0 }
        buffer.removeFirst(drop)
        bufferBase += drop
        cursor = max(0, cursor - drop)
        return drop
    }

    /// Drops consumed bytes and reads more (at least as much again as is held: amortised linear).
    private func refill() throws {
        _ = compact(keepingFrom: cursor)
        try readMore()
    }

    private func readMore() throws {
        buffer += try file.read(upTo: max(1 << 16, buffer.count))
    }

    /// Starts reading afresh at absolute offset `offset`.
    private func restart(at offset: Int) throws {
        try file.seek(to: offset)
        buffer = []
        bufferBase = offset
        cursor = 0
    }

    // MARK: Consuming frames

    private func consume(_ frame: FLACDecodedFrame) {
        cursor += frame.byteCount
        let h = frame.header
        if let f = firstFormat, (h.sampleRate, h.channels, h.bitsPerSample) != f { formatChanged = true }
        if frame.byteCount > 0 { check(frame) }
        let channels = h.channels
        let n = h.blockSize
        let scale = Float(1) / Float(UInt64(1) << UInt64(h.bitsPerSample - 1))
        pending = [Float](unsafeUninitializedCapacity: n * channels) { out, count in
            for c in 0..<channels {
                frame.samples[c].withUnsafeBufferPointer { src in
                    for i in 0..<n { out[i * channels + c] = Float(src[i]) * scale }
                }
            }
            count = n * channels
        }
        if checkMD5 { updateMD5(frame) }
        pendingStart = 0
        pendingChannels = channels
        pendingRate = Double(h.sampleRate)
        decodedSamples += UInt64(n)
        decodedSeconds += Double(n) / Double(h.sampleRate)
        frameIndex += 1
        previousBlockSize = n
    }

    /// Compares a sound frame with what STREAMINFO promised, and with FLAC's own limits.
    private func check(_ frame: FLACDecodedFrame) {
        let h = frame.header
        if previousBlockSize == 1 { once("blocksize1", "FLAC frame \(frameIndex - 1) holds a single sample, which FLAC allows only for the last frame") }
        if h.blockSize > 65535 { once("blocksize65536", "FLAC frame \(frameIndex) holds \(h.blockSize) samples, more than FLAC allows (65535)") }
        // STREAMINFO describes the stream's first format only: once it changes, its sizes no longer apply.
        guard let si = streamInfo, !formatChanged else { return }
        if si.maxBlockSize >= 16, h.blockSize > si.maxBlockSize, h.blockSize <= 65535 {
            once("maxblock", "STREAMINFO's largest block size (\(si.maxBlockSize)) is wrong: frame \(frameIndex) holds \(h.blockSize) samples")
        }
        if si.maxFrameSize > 0, frame.byteCount > si.maxFrameSize {
            once("maxframe", "STREAMINFO's largest frame size (\(si.maxFrameSize) bytes) is wrong: frame \(frameIndex) takes \(frame.byteCount) bytes")
        }
    }

    private func once(_ kind: String, _ message: String) {
        if reported.insert(kind).inserted { notes.append(message) }
    }

    /// FLAC's MD5 covers the samples interleaved, little-endian, ⌈bps/8⌉ bytes each.
    private func updateMD5(_ frame: FLACDecodedFrame) {
        let channels = frame.header.channels, n = frame.header.blockSize
        let bytesPer = (frame.header.bitsPerSample + 7) / 8
        var raw = [UInt8](repeating: 0, count: n * channels * bytesPer)
        var o = 0
        for i in 0..<n {
            for c in 0..<channels {
                let v = frame.samples[c][i]
                for b in 0..<bytesPer { raw[o] = UInt8(truncatingIfNeeded: v >> (8 * b)); o += 1 }
            }
        }
        md5.update(raw)
    }

    private func finish() throws -> Bool {
        finished = true
        guard let si = streamInfo else { return false }
        let rate = Double(firstFormat?.rate ?? si.sampleRate)
        if si.totalSamples > 0, decodedSamples != si.totalSamples {
            let declared = describeDuration(frames: Int(clamping: si.totalSamples), sampleRate: rate)
            let present = formatChanged ? describeDuration(frames: Int(decodedSeconds * 1000), sampleRate: 1000)
                : describeDuration(frames: Int(clamping: decodedSamples), sampleRate: rate)
            if decodedSamples < si.totalSamples {
                notes.removeAll { $0.hasPrefix("truncated: the last FLAC frame") }
                notes.append("truncated: the header declares \(declared), \(present) present")
            } else {
                notes.append("STREAMINFO declares \(declared) (\(si.totalSamples) samples), the frames hold \(present) (\(decodedSamples)): all decoded")
            }
        }
        if checkMD5, !formatChanged, md5.finalize() != si.md5 {
            notes.append("MD5 mismatch: the decoded audio differs from what the encoder saw (every frame's checksum was right)")
        }
        return false
    }

    // MARK: Finding a stream without a marker

    /// Where a FLAC stream without a fLaC marker starts in `file`: the offset of the first frame
    /// (within the first `probeBytes`) that checks out and is followed by another frame header or
    /// the end of the file; nil when there is none. Two CRC-checked frames in a row make a chance
    /// match in other data all but impossible.
    static func probe(_ file: BlockFile) throws -> Int? {
        try file.seek(to: 0)
        // Enough for the first frame found near the end of the window (real frames are far
        // below 256 KiB), without reading megabytes of every MP3 on its way to ffmpeg.
        let head = try file.read(upTo: probeBytes + (256 << 10))
        var scan = FrameScan(budget: FrameScan.budget(fileSize: head.count))
        var pos = 0
        while pos + 1 < min(head.count, probeBytes) {
            guard FLACFrameDecoder.isSync(head, pos) else { pos += 1; continue }
            do {
                let frame = try FLACFrameDecoder.decode(head, at: pos, streamInfo: nil)
                let next = pos + frame.byteCount
                if next == file.size || (try? FLACFrameDecoder.header(head, at: next, streamInfo: nil)) != nil { return pos }
                pos += 1
            } catch is FLACOutOfData {
                pos = scan.next(after: pos, failedAt: head.count)
            } catch let e as FLACCorrupt {
                pos = scan.next(after: pos, failedAt: e.header != nil ? e.end : nil)
            }
        }
        return nil
    }
}

/// Where to look for a frame after a candidate failed. A sync code followed by a header whose
/// CRC-8 matches may still be a chance match, so the search goes on at the next byte: a real frame
/// may start inside what the false one claimed. Each such failure read its body up to some point;
/// once the bytes read that way exceed `budget` (a crafted file can hold a false header every few
/// bytes, each claiming megabytes), the search goes on where the failed body ended instead, as
/// libFLAC does, so no file costs more than a few passes over its bytes.
struct FrameScan {
    var budget: Int
    private var spent = 0

    init(budget: Int) { self.budget = budget }

    /// 64 MB plus four passes over the file.
    static func budget(fileSize: Int) -> Int { 64 << 20 + 4 * fileSize }

    /// The next position to try after the candidate at `pos`, whose body was read up to `end`
    /// (nil when its header already failed).
    mutating func next(after pos: Int, failedAt end: Int?) -> Int {
        guard let end, end > pos + 1 else { return pos + 1 }
        spent += end - pos
        return spent > budget ? end : pos + 1
    }
}

/// Damaged stretches of a stream, summed for one warning: where the first was, how many more,
/// and how much audio they cost.
struct FrameDamage {
    private(set) var count = 0
    private var first = 0
    private var seconds = 0.0
    private var extras: [String] = []

    mutating func add(frame: Int, frames: Int, rate: Double, extra: String? = nil) {
        if count == 0 { first = frame }
        count += 1
        seconds += rate > 0 ? Double(frames) / rate : 0
        if let extra, extras.count < 1 { extras.append(extra) }
    }

    /// nil when nothing was added; otherwise `single(first, what)` or `many(first, what, more)`,
    /// where `what` is the audio lost in all (or the first place's own note, when given).
    func summary(single: (Int, String) -> String, many: (Int, String, Int) -> String) -> String? {
        guard count > 0 else { return nil }
        let what = extras.first.map { count > 1 ? $0 + " at the first" : $0 }
            ?? describeDuration(frames: Int((seconds * 1000).rounded()), sampleRate: 1000)
        return count == 1 ? single(first, what) : many(first, what, count - 1)
    }
}
