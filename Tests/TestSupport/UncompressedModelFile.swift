import Foundation
import Learning

/// A model file in the uncompressed layout of formats 1 and 2 (`GENRE-MODEL <version>
/// length=<n> sha256=<hex>`, a newline, then the JSON itself), as older versions of genre wrote
/// it and as tests and the fuzz target give edited JSON a correct header.
public func uncompressedModelFile(json: Data, version: Int = 1) -> Data {
    Data("GENRE-MODEL \(version) length=\(json.count) sha256=\(SHA256.hexDigest(json))\n".utf8) + json
}
