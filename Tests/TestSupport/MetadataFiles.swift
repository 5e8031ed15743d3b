import Foundation

/// Recordings with embedded metadata, built byte by byte from the specifications (RIFF/BWF:
/// EBU Tech 3285, iXML, Microsoft RIFF INFO; Apple AIFF 1.3), for the metadata tests of every
/// module: 4 s of a 440-Hz tone with a little noise, 16-bit mono at 22050 Hz (long enough to
/// classify).
public enum MetadataFiles {
    public static func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
    public static func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16(v >> 16 & 0xFFFF) }
    public static func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    public static func be32(_ v: Int) -> [UInt8] { be16(v >> 16 & 0xFFFF) + be16(v & 0xFFFF) }
    public static func padded(_ s: String, _ n: Int) -> [UInt8] { Array((Array(s.utf8) + [UInt8](repeating: 0, count: n)).prefix(n)) }

    public static func riffChunk(_ id: String, _ body: [UInt8]) -> [UInt8] {
        Array(id.utf8) + le32(body.count) + body + (body.count % 2 == 1 ? [0] : [])
    }

    public static func aiffChunk(_ id: String, _ body: [UInt8]) -> [UInt8] {
        Array(id.utf8) + be32(body.count) + body + (body.count % 2 == 1 ? [0] : [])
    }

    /// 4 s of a 440-Hz tone with a little noise, 16-bit mono at 22050 Hz (long enough to classify).
    public static let rate = 22050, seconds = 4
    public static var samples: [Int16] {
        var seed: UInt64 = 7
        return (0..<(rate * seconds)).map { i in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let noise = Double(Int64(bitPattern: seed >> 11) % 1000) / 1000
            return Int16(8000 * sin(2 * .pi * 440 * Double(i) / Double(rate)) + 300 * noise)
        }
    }

    /// EBU Tech 3285 v2: description, originator, reference, date, time, time reference, version, UMID, reserved, history.
    public static func bext(description: String, originator: String, reference: String, date: String, time: String) -> [UInt8] {
        padded(description, 256) + padded(originator, 32) + padded(reference, 32) + padded(date, 10) + padded(time, 8)
            + le32(0) + le32(0) + le16(2) + [UInt8](repeating: 0, count: 64 + 190) + Array("A=PCM,F=22050,W=16,M=mono\r\n".utf8)
    }

    public static func info(_ entries: [(String, String)]) -> [UInt8] {
        Array("INFO".utf8) + entries.flatMap { riffChunk($0.0, Array($0.1.utf8) + [0]) }
    }

    public static let ixml = """
        <?xml version="1.0" encoding="UTF-8"?><BWFXML><IXML_VERSION>2.10</IXML_VERSION><PROJECT>Highland survey</PROJECT>\
        <SCENE>12A</SCENE><TAKE>3</TAKE><NOTE>Rain &amp; wind</NOTE></BWFXML>
        """

    /// A WAV file: fmt, the chunks `before` the audio, data, the chunks `after` it.
    public static func wav(before: [[UInt8]], after: [[UInt8]]) -> [UInt8] {
        let fmt = riffChunk("fmt ", le16(1) + le16(1) + le32(rate) + le32(rate * 2) + le16(2) + le16(16))
        let data = riffChunk("data", samples.flatMap { le16(Int(UInt16(bitPattern: $0))) })
        let body = Array("WAVE".utf8) + fmt + before.flatMap { $0 } + data + after.flatMap { $0 }
        return Array("RIFF".utf8) + le32(body.count) + body
    }

    /// An AIFF file (Apple AIFF 1.3): COMM, the text chunks, SSND.
    public static func aiff(text: [(String, String)]) -> [UInt8] {
        let frames = samples.count
        // 22050 as an 80-bit extended float: exponent 16383 + 14, mantissa 22050 << (63 - 14).
        let rate80 = be16(16383 + 14) + be32(Int(UInt32(22050) << 17)) + be32(0)
        let comm = aiffChunk("COMM", be16(1) + be32(frames) + be16(16) + rate80)
        let ssnd = aiffChunk("SSND", be32(0) + be32(0) + samples.flatMap { be16(Int(UInt16(bitPattern: $0))) })
        let body = Array("AIFF".utf8) + comm + text.flatMap { aiffChunk($0.0, Array($0.1.utf8)) } + ssnd
        return Array("FORM".utf8) + be32(body.count) + body
    }
}
