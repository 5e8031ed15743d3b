import Foundation

/// Stream parameters from a FLAC STREAMINFO block (RFC 9639 §8.2).
struct FLACStreamInfo: Equatable {
    var minBlockSize: Int
    var maxBlockSize: Int
    /// 0 when unknown.
    var minFrameSize: Int
    /// 0 when unknown.
    var maxFrameSize: Int
    var sampleRate: Int
    var channels: Int
    var bitsPerSample: Int
    /// 0 when unknown.
    var totalSamples: UInt64
    var md5: [UInt8]

    /// Parses the 34-byte body.
    init(_ b: [UInt8]) {
        minBlockSize = b.u16be(0)
        maxBlockSize = b.u16be(2)
        minFrameSize = Int(b[4]) << 16 | Int(b[5]) << 8 | Int(b[6])
        maxFrameSize = Int(b[7]) << 16 | Int(b[8]) << 8 | Int(b[9])
        sampleRate = Int(b[10]) << 12 | Int(b[11]) << 4 | Int(b[12]) >> 4
        channels = Int((b[12] >> 1) & 0x07) + 1
        bitsPerSample = (Int(b[12] & 1) << 4 | Int(b[13]) >> 4) + 1
        totalSamples = UInt64(b[13] & 0x0f) << 32 | UInt64(b.u32be(14))
        md5 = Array(b[18..<34])
    }
}

/// One metadata block of a FLAC stream: its type, where its body starts and how long it says it is.
struct FLACMetadataBlock: Equatable {
    var type: Int
    /// Absolute offset of the body.
    var offset: Int
    var length: Int
    var isLast: Bool

    /// "VORBIS_COMMENT" etc. (RFC 9639 §8.1).
    var typeName: String { FLACMetadata.typeNames[type] ?? "type \(type)" }
}

/// The metadata chain after the fLaC marker: the blocks, STREAMINFO, where the audio starts, and
/// what was wrong with it. The block list lets metadata readers (Vorbis comments, pictures) reuse
/// the walk instead of repeating it.
struct FLACMetadata {
    static let typeNames = [0: "STREAMINFO", 1: "PADDING", 2: "APPLICATION", 3: "SEEKTABLE", 4: "VORBIS_COMMENT",
                            5: "CUESHEET", 6: "PICTURE"]

    /// Blocks whose headers were read, in file order.
    var blocks: [FLACMetadataBlock] = []
    var streamInfo: FLACStreamInfo?
    /// Where the first frame should start: after the last block, or, when the chain is broken,
    /// where to start looking for the first frame by its sync code (see `broken`).
    var audioOffset: Int
    /// Why the chain could not be followed to its last block (a length running past the end of
    /// the file or into the audio, an invalid block type); the frames must then be found by
    /// their sync code from `audioOffset`.
    var broken: String?
    /// Plain sentences for the reader's warnings.
    var warnings: [String] = []
    /// The first VORBIS_COMMENT block's fields (its warnings are in `warnings`), for metadata
    /// readers to take from here rather than walk and parse the blocks again.
    var comments: EmbeddedMetadata?

    /// Walks the chain from `start` (just after "fLaC"). Never reads a block body it does not
    /// need (only STREAMINFO and VORBIS_COMMENT); each read is capped by the file.
    static func read(_ file: BlockFile, from start: Int) throws -> FLACMetadata {
        var meta = FLACMetadata(audioOffset: start)
        var pos = start
        while true {
            guard pos + 4 <= file.size else {
                // Ran off the end: no audio at all, or the last block's length lied.
                meta.broken = pos == file.size ? "the file ends after the metadata" : "the metadata runs past the end of the file"
                break
            }
            try file.seek(to: pos)
            let h = try file.read(exactly: 4, what: "FLAC metadata block header")
            let block = FLACMetadataBlock(type: Int(h[0] & 0x7f), offset: pos + 4,
                                          length: Int(h[1]) << 16 | Int(h[2]) << 8 | Int(h[3]), isLast: h[0] & 0x80 != 0)
            let index = meta.blocks.count
            if block.type == 127 {
                meta.broken = "metadata block \(index + 1) at byte \(pos) has the invalid type 127"
                break
            }
            guard block.length <= file.size - block.offset else {
                meta.broken = "metadata block \(index + 1) (\(block.typeName)) claims \(block.length) bytes, \(file.size - block.offset) left in the file"
                break
            }
            meta.blocks.append(block)
            switch block.type {
            case 0:
                if meta.streamInfo != nil {
                    meta.warnings.append("a second STREAMINFO block (metadata block \(index + 1)) ignored")
                } else if block.length < 34 {
                    meta.warnings.append("STREAMINFO block too short (\(block.length) bytes): ignored, the format taken from the frames")
                } else {
                    meta.streamInfo = FLACStreamInfo(try file.read(exactly: 34, what: "STREAMINFO"))
                    if index > 0 {
                        meta.warnings.append("STREAMINFO is metadata block \(index + 1), not the first as FLAC requires")
                    }
                }
            case 4 where meta.comments == nil:
                // Parsed here, once: its structure is checked (a count or length that lies is
                // reported, never overread) and the fields are kept for the metadata readers.
                let comments = VorbisComment.parse(try file.read(exactly: block.length, what: "VORBIS_COMMENT block"))
                meta.comments = comments
                meta.warnings += comments.warnings
            default:
                break
            }
            pos = block.offset + block.length
            if block.isLast { break }
        }
        if meta.broken != nil {
            // The last block whose header was sound may be the one whose length lied: look for
            // the first frame from its body on.
            meta.audioOffset = meta.blocks.last.map { $0.offset } ?? pos
        } else {
            meta.audioOffset = pos
        }
        if meta.streamInfo == nil, meta.blocks.allSatisfy({ $0.type != 0 }) {
            meta.warnings.append("no STREAMINFO block: the format taken from the frame headers")
        }
        return meta
    }
}
