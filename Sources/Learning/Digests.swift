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
        hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
