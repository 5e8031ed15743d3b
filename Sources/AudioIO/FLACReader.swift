import Foundation

/// Native FLAC decoder, streaming frame by frame from a BlockFile.
///
/// Parses the metadata blocks (STREAMINFO required, others skipped), decodes frames with CRC
/// checks, and verifies the STREAMINFO MD5 of the decoded samples at the end of the stream.
/// Truncated or corrupt streams throw: a frame cut short, a CRC mismatch, fewer samples than
/// STREAMINFO announces, or an MD5 mismatch. Samples scale as x / 2^(bps-1), as soundfile reads them.
final class FLACReader: AudioFrameReader {
    let info: AudioFormatInfo
    private let file: BlockFile
    private let stream: FLACStreamInfo
    private var buffer: [UInt8] = []
    private var cursor = 0
    private var pending: [Float] = []
    private var pendingStart = 0
    private var decodedSamples: UInt64 = 0
    private var md5 = MD5()
    private let checkMD5: Bool
    private var finished = false
    /// Largest frame we are willing to buffer: a verbatim 65535-sample 8-channel 32-bit frame is 2 MB.
    private let maxFrameBytes = 4 << 20

    init(file: BlockFile, startOffset: Int) throws {
        self.file = file
        let path = file.path
        try file.seek(to: startOffset)
        guard try file.read(exactly: 4, what: "FLAC marker") == Array("fLaC".utf8) else {
            throw AudioError(file: path, message: "not a FLAC file (no fLaC marker)")
        }
        var streamInfo: FLACStreamInfo?
        var last = false
        while !last {
            let h = try file.read(exactly: 4, what: "FLAC metadata block header")
            last = h[0] & 0x80 != 0
            let type = Int(h[0] & 0x7f)
            let length = Int(h[1]) << 16 | Int(h[2]) << 8 | Int(h[3])
            if type == 0 {
                guard length >= 34, streamInfo == nil else {
                    throw AudioError(file: path, message: "invalid FLAC STREAMINFO block")
                }
                let b = try file.read(exactly: length, what: "STREAMINFO")
                let rate = Int(b[10]) << 12 | Int(b[11]) << 4 | Int(b[12]) >> 4
                let channels = Int((b[12] >> 1) & 0x07) + 1
                let bps = (Int(b[12] & 1) << 4 | Int(b[13]) >> 4) + 1
                let total = UInt64(b[13] & 0x0f) << 32 | UInt64(b.u32be(14))
                streamInfo = FLACStreamInfo(sampleRate: rate, channels: channels, bitsPerSample: bps,
                                            totalSamples: total, md5: Array(b[18..<34]),
                                            maxFrameSize: Int(b[7]) << 16 | Int(b[8]) << 8 | Int(b[9]))
            } else if type == 127 {
                throw AudioError(file: path, message: "invalid FLAC metadata block type 127")
            } else {
                guard length <= file.remaining else {
                    throw AudioError(file: path, message: "truncated: FLAC metadata block runs past end of file")
                }
                try file.seek(to: file.position + length)
            }
        }
        guard let streamInfo else { throw AudioError(file: path, message: "FLAC has no STREAMINFO block") }
        try validateFormat(file: path, sampleRate: Double(streamInfo.sampleRate), channels: streamInfo.channels,
                           bits: streamInfo.bitsPerSample)
        guard streamInfo.bitsPerSample >= 4 else {
            throw AudioError(file: path, message: "invalid FLAC bits per sample \(streamInfo.bitsPerSample)")
        }
        stream = streamInfo
        checkMD5 = streamInfo.md5.contains { $0 != 0 }
        info = AudioFormatInfo(sampleRate: Double(streamInfo.sampleRate), channels: streamInfo.channels,
                               frameCount: streamInfo.totalSamples > 0 ? Int(clamping: streamInfo.totalSamples) : nil,
                               container: "FLAC", bitsPerSample: streamInfo.bitsPerSample)
    }

    func readBlock(maxFrames: Int) throws -> AudioBlock? {
        let want = max(1, maxFrames) * info.channels
        var out: [Float] = []
        while out.count < want {
            if pendingStart < pending.count {
                let take = min(want - out.count, pending.count - pendingStart)
                out += pending[pendingStart..<pendingStart + take]
                pendingStart += take
                continue
            }
            guard try decodeNextFrame() else { break }
        }
        return out.isEmpty ? nil : AudioBlock(samples: out, channels: info.channels, sampleRate: info.sampleRate)
    }

    /// Decodes one frame into `pending`; false at the end of the stream.
    private func decodeNextFrame() throws -> Bool {
        if finished { return false }
        let path = file.path
        if stream.totalSamples > 0, decodedSamples >= stream.totalSamples { return try finish() }
        while true {
            if cursor >= buffer.count, file.remaining == 0 { return try finish() }
            do {
                let frame = try FLACFrameDecoder.decode(buffer, at: cursor, info: stream)
                cursor += frame.byteCount
                consume(frame)
                return true
            } catch is FLACOutOfData {
                let have = buffer.count - cursor
                guard file.remaining > 0 else {
                    throw AudioError(file: path, message: "truncated FLAC: last frame cut short after \(decodedSamples) samples")
                }
                guard have < maxFrameBytes else {
                    throw AudioError(file: path, message: "corrupt FLAC: frame larger than \(maxFrameBytes) bytes")
                }
                // Drop consumed bytes, then read at least as much again as we hold (amortised linear).
                if cursor > 0 { buffer.removeFirst(cursor); cursor = 0 }
                buffer += try file.read(upTo: max(1 << 16, have))
            } catch let e as FLACCorrupt {
                throw AudioError(file: path, message: "corrupt FLAC after \(decodedSamples) samples: \(e.message)")
            }
        }
    }

    private func consume(_ frame: FLACDecodedFrame) {
        let channels = frame.samples.count
        let n = frame.samples.first?.count ?? 0
        let scale = Float(1) / Float(1 << UInt64(frame.bitsPerSample - 1))
        var interleaved = [Float](repeating: 0, count: n * channels)
        for c in 0..<channels {
            for i in 0..<n { interleaved[i * channels + c] = Float(frame.samples[c][i]) * scale }
        }
        if checkMD5 {
            let bytesPer = (frame.bitsPerSample + 7) / 8
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
        decodedSamples += UInt64(n)
        pending = interleaved
        pendingStart = 0
    }

    private func finish() throws -> Bool {
        finished = true
        let path = file.path
        if stream.totalSamples > 0, decodedSamples < stream.totalSamples {
            throw AudioError(file: path, message: "truncated FLAC: \(decodedSamples) of \(stream.totalSamples) samples present")
        }
        if checkMD5, md5.finalize() != stream.md5 {
            throw AudioError(file: path, message: "FLAC MD5 mismatch: decoded audio differs from what was encoded")
        }
        return false
    }
}
