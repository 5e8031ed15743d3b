import AudioIO
import Foundation
import FuzzSupport

Fuzz.main(seeds: seeds, test: fuzzMetadata)

/// The embedded-metadata readers on chunk bodies (Sources/AudioIO/Metadata): the first byte
/// picks the reader, the rest is the body. BWF bext, iXML, RIFF LIST/INFO, Vorbis comments,
/// ffprobe's JSON, and AIFF text chunks (for those the body is a run of
/// `[id selector][declared size][length][bytes]` chunks, fed to one Collector).
func fuzzMetadata(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    guard let selector = bytes.first else { return -1 }
    let body = Array(bytes.dropFirst())
    let metadata: EmbeddedMetadata?
    switch selector % 6 {
    case 0: metadata = BroadcastWaveExtension.parse(body)
    case 1: metadata = IXML.parse(body)
    case 2: metadata = RIFFInfo.parse(list: body)
    case 3: metadata = VorbisComment.parse(body)
    case 4: metadata = FFprobeTags.parse(json: Data(body))
    default: metadata = aiffText(body)
    }
    guard let metadata else { return 0 }
    for field in metadata.fields {
        precondition(!field.key.isEmpty && !field.value.isEmpty, "an empty key or value: \(field)")
    }
    precondition(Set(metadata.fields.map(\.key)).count == metadata.fields.count, "a key twice: \(metadata.fields)")
    _ = metadata.dictionary
    var merged = EmbeddedMetadata()
    merged.merge(metadata)
    merged.merge(metadata)
    precondition(merged.fields == metadata.fields, "merging with itself changed the fields")
    return 0
}

func aiffText(_ body: [UInt8]) -> EmbeddedMetadata {
    let ids = ["NAME", "AUTH", "(c) ", "ANNO", "COMM"]
    var collector = AIFFText.Collector()
    var pos = 0
    while pos + 3 <= body.count {
        let id = ids[Int(body[pos]) % ids.count], declared = Int(body[pos + 1]), length = Int(body[pos + 2])
        pos += 3
        let chunk = Array(body[pos..<min(pos + length, body.count)])
        pos += chunk.count
        if AIFFText.Collector.wants(id) { collector.add(id: id, body: chunk, declared: declared == 0 ? nil : declared) }
    }
    return collector.metadata
}

/// One well-formed body per reader (as in MetadataParserTests), behind its selector byte.
func seeds() throws -> [Seeds.Seed] {
    var aiff: [UInt8] = []
    for (selector, text) in [(0, "Harvest song"), (1, "Women of Vall\u{e9}"), (2, "1968 Archive"), (3, "Tape 7"), (3, "side B")] {
        let t = Array(text.utf8)
        aiff += [UInt8(selector), 0, UInt8(t.count)] + t
    }
    let ffprobe = #"{"streams":[{"tags":{"title":"Stream title","ENCODER":"Lavf60"}}],"format":{"tags":{"title":"Harvest song","artist":"Women of Vallé","date":"1968","comment":"Tape 7"}}}"#
    return [
        ("bext", [0] + Seeds.bext()),
        ("ixml", [1] + Seeds.ixml()),
        ("info", [2] + Seeds.infoList()),
        ("vorbis", [3] + Seeds.vorbisComment()),
        ("ffprobe", [4] + Array(ffprobe.utf8)),
        ("aiff-text", [5] + aiff),
    ]
}
