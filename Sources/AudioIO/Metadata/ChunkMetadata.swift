import Foundation

/// The embedded metadata of a RIFF (WAV, RF64, BW64) or AIFF file, gathered while the parser
/// walks its chunks for the audio: the parser hands every chunk it meets to `visit`, which
/// reads only the bodies of metadata chunks (`bext`, `iXML`, `LIST`/`INFO`; AIFF `NAME`,
/// `AUTH`, `(c) `, `ANNO`), each capped by the file and by `maxBodyBytes`. Metadata chunks
/// written after the audio (common for `LIST`) are reached by `walkTrailing`, which steps over
/// the audio by its declared size instead of reading it: no second pass over the samples.
///
/// An ID3 chunk (`id3 `/`ID3 `, written by some taggers into WAV and AIFF) is read through
/// ffprobe when it is on PATH and the file is on disk (`FFprobeTags`); the native readers'
/// fields come first.
struct ChunkMetadata {
    private(set) var metadata = EmbeddedMetadata()
    private var aiffText = AIFFText.Collector()
    private var hasID3 = false
    private let bigEndian: Bool

    /// Metadata chunks larger than this are not read (a real `bext` with a long coding history or
    /// an iXML document is a few kB): the chunk is skipped with a warning.
    static let maxBodyBytes = 1 << 20
    /// Most chunks `walkTrailing` looks at after the audio (a real file has a handful).
    static let maxTrailingChunks = 64

    init(bigEndian: Bool) { self.bigEndian = bigEndian }

    /// Chunk ids whose bodies are read.
    func wants(_ id: String) -> Bool {
        bigEndian ? AIFFText.Collector.wants(id) : ["bext", "iXML", "LIST"].contains(id)
    }

    /// One chunk of the walk (its id, declared size and body offset); leaves the file's position
    /// anywhere (the walk seeks to each header itself).
    mutating func visit(_ id: String, size: UInt64, body: Int, in file: BlockFile) throws {
        if id == "id3 " || id == "ID3 " { hasID3 = true; return }
        guard wants(id) else { return }
        let shown = id.trimmingCharacters(in: .whitespaces)
        guard size <= UInt64(Self.maxBodyBytes) else {
            metadata.warnings.append("\(shown) chunk of \(size) bytes is too large to be metadata: skipped")
            return
        }
        let declared = Int(size)
        try file.seek(to: body)
        if id == "LIST" {
            // Only INFO lists are metadata (`adtl` holds cue labels): look at the type first.
            guard declared >= 4, try file.read(upTo: 4) == Array("INFO".utf8) else { return }
            try file.seek(to: body)
        }
        let bytes = try file.read(upTo: declared)
        if bigEndian {
            aiffText.add(id: id, body: bytes, declared: declared)
            return
        }
        // bext says itself when its fixed part is cut; the others are reported here.
        if bytes.count < declared, id != "bext" {
            metadata.warnings.append("\(shown) chunk is truncated: \(bytes.count) of \(declared) bytes")
        }
        switch id {
        case "bext": metadata.merge(BroadcastWaveExtension.parse(bytes))
        case "iXML": metadata.merge(IXML.parse(bytes))
        case "LIST": if let info = RIFFInfo.parse(list: bytes) { metadata.merge(info) }
        default: break
        }
    }

    /// Walks the chunks after the audio, which ends at `audioEnd` (the sample chunk's body plus
    /// its declared size), when there is room for one: only chunk headers and metadata bodies
    /// are read. Stops at the first header that is no chunk (bytes a wrong size led to). A read
    /// that fails here is a warning: the audio before it is whole.
    mutating func walkTrailing(from audioEnd: UInt64, in file: BlockFile) {
        let start = audioEnd + (audioEnd & 1)
        guard start + 8 <= UInt64(file.size) else { return }
        var seen = 0
        do {
            try file.walkChunks(from: Int(start), bigEndian: bigEndian) { id, size, body in
                seen += 1
                guard seen <= Self.maxTrailingChunks, ChunkWalk.Chunk(id: id, size: size, body: body).hasSoundID else { return nil }
                try visit(id, size: size, body: body, in: file)
                return size
            }
        } catch {
            metadata.warnings.append("the chunks after the audio could not be read: \((error as? AudioError)?.message ?? "\(error)")")
        }
    }

    /// Everything found: the native chunks' fields, then ID3 tags through ffprobe (when the file
    /// had an ID3 chunk), with their warnings.
    func finish(_ file: BlockFile) -> EmbeddedMetadata {
        var all = metadata
        if bigEndian { all.merge(aiffText.metadata) }
        if hasID3, file.isOnDisk, let tags = FFprobeTags.read(URL(fileURLWithPath: file.path)) { all.merge(tags) }
        return all
    }
}
