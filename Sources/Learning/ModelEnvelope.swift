import Foundation
import ZlibCodec
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a model file says about itself, readable without understanding the payload.
public struct ModelMetadata: Sendable, Codable, Equatable {
    /// The envelope format version the file was written with (set by `ModelEnvelope.write`).
    public var formatVersion: Int
    /// A human-readable model name.
    public var name: String
    /// The program and version that wrote it, e.g. `"genre 0.1.0"`.
    public var createdBy: String
    /// The feature columns the model expects, in order.
    public var featureNames: [String]
    /// Class names, indexed like the model's probability columns.
    public var classes: [String]
    /// Algorithm name as the CLI spells it, e.g. `"svm"`.
    public var algorithm: String
    /// Hyper-parameters as text, for display.
    public var hyperParameters: [String: String]
    /// `ModelEnvelope.fingerprint(x:labels:)` of the training data: identifies what it learnt from.
    public var trainingFingerprint: String
    /// Cross-validated accuracy measured when it was trained, if any.
    public var cvAccuracy: Double?

    public init(formatVersion: Int = ModelEnvelope<Int>.currentFormatVersion, name: String, createdBy: String,
                featureNames: [String], classes: [String], algorithm: String, hyperParameters: [String: String] = [:],
                trainingFingerprint: String, cvAccuracy: Double? = nil) {
        self.formatVersion = formatVersion; self.name = name; self.createdBy = createdBy
        self.featureNames = featureNames; self.classes = classes; self.algorithm = algorithm
        self.hyperParameters = hyperParameters; self.trainingFingerprint = trainingFingerprint; self.cvAccuracy = cvAccuracy
    }
}

/// Why a model file could not be written or read, naming the file.
public enum ModelFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case notAModelFile(path: String)
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)
    case checksumMismatch(path: String)
    case unsupportedVersion(path: String, found: Int, supported: Int)
    case undecodable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let p, let r): return "\(p): cannot read model file: \(r)"
        case .unwritable(let p, let r): return "\(p): cannot write model file: \(r)"
        case .notAModelFile(let p): return "\(p): not a genre model file (no '\(modelMagic)' header)"
        case .truncated(let p, let e, let a):
            return "\(p): model file is truncated (\(a) of \(e) bytes after the header); copy it again"
        case .checksumMismatch(let p): return "\(p): model file is damaged or was edited (SHA-256 checksum mismatch)"
        case .unsupportedVersion(let p, let f, let s):
            return "\(p): model file format \(f) is newer than this program supports (\(s)); upgrade genre"
        case .undecodable(let p, let r): return "\(p): model file content does not match this kind of model: \(r)"
        }
    }
}

let modelMagic = "GENRE-MODEL"

/// A versioned, self-describing, checksummed container for any Codable model.
///
/// File layout (format 3):
///
///     GENRE-MODEL 3 length=<bytes> sha256=<64 hex digits> inflated=<bytes>\n
///     <zlib stream (RFC 1950) of {"metadata":{...},"payload":{...}}>
///
/// The header's length and SHA-256 cover exactly the bytes after the newline, so truncation
/// and edits are detected and told apart before anything is inflated; `inflated` is the JSON's
/// exact size, which bounds the memory inflating can take (at most `maximumInflatedBytes`).
/// Formats 1 and 2 (still read) store the JSON itself after a header without `inflated`.
/// The JSON is `JSONEncoder` output with sorted keys (the same model always gives the same
/// bytes); Doubles are written in Swift's shortest round-tripping form, so they read back
/// bit-exactly; infinities and NaN are written as the strings "Infinity", "-Infinity" and "NaN".
/// A matrix whose values are all Floats (rows kept at `StoredPrecision.single`) is written in
/// Float's shortest form under `"precision": "single"` and also reads back bit-exactly. That
/// needs no new format version: a program from before ignores the key and reads each value as
/// the Double nearest its decimal form, which lies within half a Float step of the Float.
///
/// Why compressed: a stack's support vectors, neighbours and trees are printed as decimals (17
/// digits, 9 for rows kept at single precision), and zlib stores them in 40% of the space (the
/// bundled model: 14.7 MB of JSON, 5.9 MB on disk; reading took about 0.1 s at 12.1 MB of JSON).
public enum ModelEnvelope<Payload: Codable> {
    /// The newest format this code writes and reads. Older formats are read too: 2 is 3 with the
    /// JSON stored uncompressed; 1 is 2 without calibrated classifiers (payloads that do not use
    /// them are the same).
    public static var currentFormatVersion: Int { 3 }

    /// The largest JSON body a format-3 file may declare (256 MiB, twenty times the bundled
    /// model): a damaged or hostile header cannot make reading allocate more.
    public static var maximumInflatedBytes: Int { 256 << 20 }

    /// Writes atomically (a temporary file in the destination's directory, then `rename(2)` over
    /// `url`), so a reader never sees a half-written model and a failed write leaves any old
    /// file intact. `metadata.formatVersion` is set to `currentFormatVersion`.
    public static func write(_ payload: Payload, metadata: ModelMetadata, to url: URL) throws {
        var metadata = metadata
        metadata.formatVersion = currentFormatVersion
        let body: Data
        do { body = try encoder().encode(Body(metadata: metadata, payload: payload)) } catch {
            throw ModelFileError.unwritable(path: url.path, reason: "cannot encode the model: \(error)")
        }
        let stored = Zlib.compress(Array(body))
        let header = "\(modelMagic) \(currentFormatVersion) length=\(stored.count) sha256=\(SHA256.hexDigest(stored)) inflated=\(body.count)\n"
        var file = Data(header.utf8)
        file.append(contentsOf: stored)

        // Foundation's atomic write: a temporary file in the same directory, then rename(2).
        do { try file.write(to: url, options: .atomic) } catch {
            throw ModelFileError.unwritable(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Reads and verifies a model file. Checks, in order: the magic header, the format version,
    /// the length (truncation), the checksum (damage or edits), then decodes the JSON.
    /// `metadata.formatVersion` is the header's version (the format the file was written in).
    public static func read(from url: URL) throws -> (ModelMetadata, Payload) {
        let (body, version) = try verifiedBody(url)
        do {
            var decoded = try decoder().decode(Body.self, from: body)
            decoded.metadata.formatVersion = version
            return (decoded.metadata, decoded.payload)
        } catch {
            throw ModelFileError.undecodable(path: url.path, reason: describe(error))
        }
    }

    /// Just the metadata (for `genre info`-style listings), after the same checks as `read`.
    public static func readMetadata(from url: URL) throws -> ModelMetadata {
        let (body, version) = try verifiedBody(url)
        do {
            var metadata = try decoder().decode(MetadataOnly.self, from: body).metadata
            metadata.formatVersion = version
            return metadata
        } catch {
            throw ModelFileError.undecodable(path: url.path, reason: describe(error))
        }
    }

    /// The file's JSON (inflated for format 3), after the same checks as `read`: for tools and
    /// tests that look inside a model without decoding it.
    public static func json(from url: URL) throws -> Data { try verifiedBody(url).body }

    /// SHA-256 (hex) of a training set: the row and column counts as little-endian UInt64, every
    /// value's IEEE-754 bit pattern as little-endian UInt64 in row-major order, then the label
    /// count and each label as little-endian Int64. Equal data gives equal fingerprints on any
    /// platform.
    public static func fingerprint(x: Matrix, labels: [Int]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 * (3 + x.values.count + labels.count))
        func put(_ v: UInt64) { for k in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(k)))) } }
        put(UInt64(x.rows)); put(UInt64(x.columns))
        for v in x.values { put(v.bitPattern) }
        put(UInt64(labels.count))
        for l in labels { put(UInt64(bitPattern: Int64(l))) }
        return SHA256.hexDigest(bytes)
    }

    // MARK: - Internals

    private struct Body: Codable {
        var metadata: ModelMetadata
        var payload: Payload
    }

    private struct MetadataOnly: Decodable {
        var metadata: ModelMetadata
    }

    private static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return e
    }

    private static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return d
    }

    private static func verifiedBody(_ url: URL) throws -> (body: Data, version: Int) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ModelFileError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        // The header is short; look for its newline only near the start so a large non-model
        // file is rejected without scanning it.
        guard let newline = data.prefix(256).firstIndex(of: UInt8(ascii: "\n")) else {
            throw ModelFileError.notAModelFile(path: url.path)
        }
        let header = String(decoding: data[data.startIndex..<newline], as: UTF8.self)
        let parts = header.split(separator: " ")
        // Formats 1-2: magic, version, length, sha256. Format 3 adds inflated.
        func field(_ index: Int, _ name: String) -> Substring? {
            index < parts.count && parts[index].hasPrefix(name + "=") ? parts[index].dropFirst(name.count + 1) : nil
        }
        let version = parts.count >= 2 && parts[0] == modelMagic ? Int(parts[1]) : nil
        if let version, version > currentFormatVersion {
            throw ModelFileError.unsupportedVersion(path: url.path, found: version, supported: currentFormatVersion)
        }
        guard let version, version >= 1, parts.count == (version >= 3 ? 5 : 4),
              let length = field(2, "length").flatMap({ Int($0) }), length >= 0,
              let digest = field(3, "sha256"), digest.count == 64 else {
            throw ModelFileError.notAModelFile(path: url.path)
        }
        var inflated: Int?  // format 3's JSON size; nil for the uncompressed formats
        if version >= 3 {
            guard let stated = field(4, "inflated").flatMap({ Int($0) }), stated >= 0 else { throw ModelFileError.notAModelFile(path: url.path) }
            guard stated <= maximumInflatedBytes else {
                throw ModelFileError.undecodable(path: url.path, reason: "the header declares \(stated) bytes of model, more than the \(maximumInflatedBytes) allowed")
            }
            inflated = stated
        }
        let body = data[(newline + 1)...]
        guard body.count >= length else {
            throw ModelFileError.truncated(path: url.path, expectedBytes: length, actualBytes: body.count)
        }
        guard body.count == length, SHA256.hexDigest(body) == digest.lowercased() else {
            throw ModelFileError.checksumMismatch(path: url.path)
        }
        guard let inflated else { return (Data(body), version) }
        // The checksum covers the stored bytes, not the header, so an edited `inflated` (or a
        // faulty writer) shows here; inflation stops at the stated size either way.
        guard let json = Zlib.decompress(Array(body), expectedCount: inflated) else {
            throw ModelFileError.undecodable(path: url.path, reason: "the header's inflated size (\(inflated) bytes) does not match the compressed model; the file is damaged or was edited")
        }
        return (Data(json), version)
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing '\(key.stringValue)' at \(path(context.codingPath))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context.codingPath))"
        default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.isEmpty ? "top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
