// Re-exported so that modules importing Learning (GenreKit, the tests) keep writing
// `SHA256.hexDigest(bytes)` without importing Crypto themselves.
@_exported import Crypto
import Foundation

/// SHA-256 through swift-crypto (FIPS 180-4), for model-file checksums and training-data
/// fingerprints, in the two shapes the project uses: raw digest bytes and lower-case hex.
extension SHA256 {
    /// The 32-byte digest of `bytes`.
    public static func hash<D: DataProtocol>(_ bytes: D) -> [UInt8] {
        Array(hash(data: bytes))
    }

    /// Lower-case hexadecimal digest of `bytes` (as `sha256sum` prints it).
    public static func hexDigest<D: DataProtocol>(_ bytes: D) -> String {
        hash(data: bytes).hex
    }
}

extension SHA256.Digest {
    /// Lower-case hexadecimal (as `sha256sum` prints it).
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in self { text.append(digits[Int(byte >> 4)]); text.append(digits[Int(byte & 15)]) }
        return String(decoding: text, as: UTF8.self)
    }
}
