import Foundation

/// IMA ADPCM WAV (format tag 0x0011, 4 bits per sample), common in dictaphones and telephone
/// archives, decoded natively as libsndfile (ima_adpcm.c) and ffmpeg (adpcm_ima_wav) decode it.
///
/// Each block of `blockAlign` bytes holds, per channel, a 4-byte header (the first sample as
/// int16 little-endian, the step index, a reserved byte), then groups of 4 bytes per channel in
/// turn, each byte two nibbles low one first: 1 + 8·(blockAlign − 4·channels)/(4·channels)
/// frames per block. Samples are 16-bit (scaled by 1/32768). Like both references, every whole
/// block is decoded and the fact chunk's sample count is not used to trim the last block.
final class IMAADPCMReader: AudioFrameReader {
    let info: AudioFormatInfo
    let warnings: [String]
    /// Set by the WAV parser from the chunks it walked.
    var metadata = EmbeddedMetadata()
    private let file: BlockFile
    private let channels: Int
    private let blockAlign: Int
    private let framesPerBlock: Int
    private var blocksLeft: Int
    /// Decoded frames of the current block not yet returned (interleaved).
    private var pending: [Float] = []
    private var pendingStart = 0

    init(file: BlockFile, dataOffset: Int, length: DeclaredLength, sampleRate: Double, channels: Int,
         blockAlign: Int, bits: Int, container: String, warnings: [String]) throws {
        let path = file.path
        guard bits == 4 else {
            throw UnsupportedEncoding(file: path, message: "WAV IMA ADPCM with \(bits) bits per sample is not decoded natively")
        }
        let header = 4 * channels
        guard blockAlign > header, (blockAlign - header) % header == 0 else {
            throw AudioError(file: path, message: "IMA ADPCM block size \(blockAlign) does not fit \(channels) channel(s)")
        }
        self.file = file
        self.channels = channels
        self.blockAlign = blockAlign
        framesPerBlock = 1 + (blockAlign - header) / header * 8
        let extent = try AudioExtent.resolve(length, offset: dataOffset, fileSize: file.size, unitBytes: blockAlign,
                                             framesPerUnit: framesPerBlock, sampleRate: sampleRate, noun: "data chunk",
                                             file: path)
        blocksLeft = extent.units
        self.warnings = warnings + extent.warnings
        info = AudioFormatInfo(sampleRate: sampleRate, channels: channels, frameCount: extent.units * framesPerBlock,
                               container: container, bitsPerSample: 4)
        try file.seek(to: dataOffset)
    }

    func readBlock(maxFrames: Int) throws -> AudioBlock? {
        let want = max(1, min(maxFrames, PCMFrameReader.maxBlockSamples / channels)) * channels
        var out: [Float] = []
        while out.count < want {
            if pendingStart < pending.count {
                let take = min(want - out.count, pending.count - pendingStart)
                out += pending[pendingStart..<pendingStart + take]
                pendingStart += take
                continue
            }
            guard blocksLeft > 0 else { break }
            let bytes = try file.read(exactly: blockAlign, what: "IMA ADPCM block")
            blocksLeft -= 1
            pending = IMAADPCM.decodeBlock(bytes, channels: channels)
            pendingStart = 0
        }
        return out.isEmpty ? nil : AudioBlock(samples: out, channels: channels, sampleRate: info.sampleRate)
    }
}

/// The IMA/DVI ADPCM expansion (IMA Digital Audio Focus and Technical Working Groups, 1992).
enum IMAADPCM {
    static let stepTable: [Int32] = [
        7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 19, 21, 23, 25, 28, 31, 34, 37, 41, 45, 50, 55, 60, 66, 73, 80, 88, 97,
        107, 118, 130, 143, 157, 173, 190, 209, 230, 253, 279, 307, 337, 371, 408, 449, 494, 544, 598, 658, 724,
        796, 876, 963, 1060, 1166, 1282, 1411, 1552, 1707, 1878, 2066, 2272, 2499, 2749, 3024, 3327, 3660, 4026,
        4428, 4871, 5358, 5894, 6484, 7132, 7845, 8630, 9493, 10442, 11487, 12635, 13899, 15289, 16818, 18500,
        20350, 22385, 24623, 27086, 29794, 32767,
    ]
    static let indexTable: [Int] = [-1, -1, -1, -1, 2, 4, 6, 8, -1, -1, -1, -1, 2, 4, 6, 8]

    /// One predictor/step-index state advanced by one 4-bit code; returns the new sample.
    @inline(__always)
    static func expand(_ nibble: Int, predictor: inout Int32, index: inout Int) -> Int32 {
        let step = stepTable[index]
        var diff = step >> 3
        if nibble & 4 != 0 { diff += step }
        if nibble & 2 != 0 { diff += step >> 1 }
        if nibble & 1 != 0 { diff += step >> 2 }
        predictor = min(32767, max(-32768, nibble & 8 != 0 ? predictor - diff : predictor + diff))
        index = min(88, max(0, index + indexTable[nibble]))
        return predictor
    }

    /// A whole WAV IMA ADPCM block → interleaved Float frames.
    static func decodeBlock(_ b: [UInt8], channels: Int) -> [Float] {
        let frames = 1 + (b.count - 4 * channels) / (4 * channels) * 8
        var out = [Float](repeating: 0, count: frames * channels)
        let scale: Float = 1.0 / 32768
        for c in 0..<channels {
            var predictor = Int32(Int16(bitPattern: UInt16(b[4 * c]) | UInt16(b[4 * c + 1]) << 8))
            // A step index outside the table (a damaged block) is clamped, not trusted.
            var index = min(88, Int(b[4 * c + 2]))
            out[c] = Float(predictor) * scale
            var frame = 1
            var group = 4 * channels + 4 * c
            while group + 4 <= b.count {
                for k in 0..<4 {
                    let byte = Int(b[group + k])
                    out[frame * channels + c] = Float(expand(byte & 0x0F, predictor: &predictor, index: &index)) * scale
                    out[(frame + 1) * channels + c] = Float(expand(byte >> 4, predictor: &predictor, index: &index)) * scale
                    frame += 2
                }
                group += 4 * channels
            }
        }
        return out
    }
}
