import Foundation
import Testing
import ZlibCodec
import TestSupport
@testable import Learning

private func hex(_ s: String) -> String { SHA256.hexDigest(Array(s.utf8)) }

@Test func sha256DigestsMatchFIPSVectors() {
    // swift-crypto's SHA-256 through our helpers (hex spelling, byte order, slices).
    #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    // Python: hashlib.sha256(bytes((i * 7 + 3) % 256 for i in range(1000))).hexdigest()
    let bytes = (0..<1000).map { UInt8((($0 * 7) + 3) % 256) }
    #expect(SHA256.hexDigest(bytes) == "1e9bc38cbf860b9ec31918b065f9b52476c549a782e0e7990bed8ce3868d2371")
    #expect(SHA256.hash(bytes).map { String(format: "%02x", $0) }.joined() == SHA256.hexDigest(bytes[...]))
}

private struct Payload: Codable, Equatable {
    var weights: [Double]
    var label: String
}

private func metadata(fingerprint: String = "f") -> ModelMetadata {
    ModelMetadata(name: "test model", createdBy: "genre tests", featureNames: ["a_mean", "a_var"], classes: ["jazz", "rock"],
                  algorithm: "centroid", hyperParameters: ["k": "3"], trainingFingerprint: fingerprint, cvAccuracy: 0.8125)
}

private func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("envelope-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

private func readError(_ url: URL) -> ModelFileError? {
    do { _ = try ModelEnvelope<Payload>.read(from: url); return nil } catch { return error as? ModelFileError }
}

@Test func envelopeRoundTripsDoublesBitExactly() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("m.genremodel")
    let awkward: [Double] = [0.1 + 0.2, 1e-300, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -1.0 / 3.0, 2.0 / 3.0 * 1e17,
                             .pi, .infinity, -.infinity, 123456789.123456789]
    let payload = Payload(weights: awkward, label: "ünïcødé \"quoted\"")
    try ModelEnvelope.write(payload, metadata: metadata(), to: url)
    let (meta, back) = try ModelEnvelope<Payload>.read(from: url)
    #expect(back.weights.map(\.bitPattern) == awkward.map(\.bitPattern))
    #expect(back.label == payload.label)
    #expect(meta == metadata())
    #expect(try ModelEnvelope<Payload>.readMetadata(from: url) == meta)
    // Only the model file remains (the temporary file was renamed, not copied).
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["m.genremodel"])
    // The header states version, stored length, the stored bytes' SHA-256 and the JSON's size;
    // the stored bytes are a zlib stream of the JSON.
    let bytes = try Data(contentsOf: url)
    let newline = try #require(bytes.firstIndex(of: 10))
    let header = String(decoding: bytes[..<newline], as: UTF8.self)
    let body = bytes[(newline + 1)...]
    let inflated = try #require(header.split(separator: " ").last.flatMap { Int($0.dropFirst("inflated=".count)) })
    #expect(header == "GENRE-MODEL 3 length=\(body.count) sha256=\(SHA256.hexDigest(body)) inflated=\(inflated)")
    let json = try #require(Zlib.decompress(Array(body), expectedCount: inflated))
    #expect(String(decoding: json, as: UTF8.self).hasPrefix(#"{"metadata":{"algorithm":"centroid","#))
    // Overwriting an existing model works and is deterministic (sorted keys).
    try ModelEnvelope.write(payload, metadata: metadata(), to: url)
    #expect(try Data(contentsOf: url) == bytes)
    // NaN survives too.
    try ModelEnvelope.write(Payload(weights: [.nan], label: ""), metadata: metadata(), to: url)
    #expect(try ModelEnvelope<Payload>.read(from: url).1.weights[0].isNaN)
}

@Test func envelopeRejectsDamagedFilesWithClearErrors() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("m.genremodel")
    try ModelEnvelope.write(Payload(weights: [1, 2, 3], label: "x"), metadata: metadata(), to: url)
    let good = try Data(contentsOf: url)
    let path = url.path

    try Data("filename,length,label\n".utf8).write(to: url)
    #expect(readError(url) == .notAModelFile(path: path))
    try Data(repeating: 0x41, count: 10_000).write(to: url)
    #expect(readError(url) == .notAModelFile(path: path))

    try good.prefix(good.count - 10).write(to: url)
    let newline = try #require(good.firstIndex(of: 10))
    let bodyCount = good.count - newline - 1
    #expect(readError(url) == .truncated(path: path, expectedBytes: bodyCount, actualBytes: bodyCount - 10))

    var edited = good
    edited[good.count - 5] ^= 0x10
    try edited.write(to: url)
    #expect(readError(url) == .checksumMismatch(path: path))

    var newer = good
    newer.replaceSubrange(0..<13, with: Data("GENRE-MODEL 9".utf8))
    try newer.write(to: url)
    let current = ModelEnvelope<Payload>.currentFormatVersion
    #expect(readError(url) == .unsupportedVersion(path: path, found: 9, supported: current))
    try Data("GENRE-MODEL \(current + 1) something-new\n{}".utf8).write(to: url)
    #expect(readError(url) == .unsupportedVersion(path: path, found: current + 1, supported: current))

    // A valid file holding another kind of model.
    struct Other: Codable { var trees: Int }
    try ModelEnvelope.write(Other(trees: 3), metadata: metadata(), to: url)
    guard case .undecodable(let p, let reason)? = readError(url) else { Issue.record("expected undecodable"); return }
    #expect(p == path && reason.contains("weights"))

    #expect(readError(dir.appendingPathComponent("absent")).map { "\($0)" }?.contains("cannot read") == true)
    #expect(throws: ModelFileError.self) {
        try ModelEnvelope.write(Payload(weights: [], label: ""), metadata: metadata(), to: URL(fileURLWithPath: "/no/such/dir/m"))
    }
    #expect("\(ModelFileError.checksumMismatch(path: "m"))" == "m: model file is damaged or was edited (SHA-256 checksum mismatch)")
}

@Test func trainingFingerprintIsTheDocumentedHash() {
    // Python: sha256(pack('<QQ', 2, 2) + pack('<d', v) for v in [1.5, -0.0, 1e-300, 0.1 + 0.2]
    //                + pack('<Q', 2) + pack('<q', l) for l in [0, 3])
    let x = Matrix([[1.5, -0.0], [1e-300, 0.1 + 0.2]])
    #expect(ModelEnvelope<Payload>.fingerprint(x: x, labels: [0, 3])
        == "56a6c5d035f2acbb7f7b8cbbceea0c13a6b573c73dae84e4ce11a342f0f4542c")
    #expect(ModelEnvelope<Payload>.fingerprint(x: x, labels: [0, 2]) != ModelEnvelope<Payload>.fingerprint(x: x, labels: [0, 3]))
}


@Test func envelopeReadsUncompressedFormatsAndBoundsInflation() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("m.genremodel")
    let path = url.path
    let json = Array(#"{"metadata":{"algorithm":"centroid","classes":["jazz","rock"],"createdBy":"genre 0.0.9","featureNames":["a_mean","a_var"],"formatVersion":2,"hyperParameters":{"k":"3"},"name":"test model","trainingFingerprint":"f","cvAccuracy":0.8125},"payload":{"label":"x","weights":[1.5,-2]}}"#.utf8)
    for version in [1, 2] {
        try uncompressedModelFile(json: Data(json), version: version).write(to: url)
        let (meta, payload) = try ModelEnvelope<Payload>.read(from: url)
        #expect(meta.formatVersion == version && meta.name == "test model")
        #expect(payload == Payload(weights: [1.5, -2], label: "x"))
    }
    // Format 3 needs `inflated`; formats 1-2 must not have it.
    try Data("GENRE-MODEL 3 length=\(json.count) sha256=\(SHA256.hexDigest(json))\n".utf8 + json).write(to: url)
    #expect(readError(url) == .notAModelFile(path: path))

    func compressedFile(_ stored: [UInt8], inflated: Int) -> Data {
        Data("GENRE-MODEL 3 length=\(stored.count) sha256=\(SHA256.hexDigest(stored)) inflated=\(inflated)\n".utf8) + stored
    }
    let stored = Zlib.compress(json)
    try compressedFile(stored, inflated: json.count).write(to: url)
    #expect(try ModelEnvelope<Payload>.read(from: url).1 == Payload(weights: [1.5, -2], label: "x"))
    // A stated size that is wrong, or beyond the bound, is refused without inflating past it.
    try compressedFile(stored, inflated: json.count - 1).write(to: url)
    guard case .undecodable(_, let reason)? = readError(url) else { Issue.record("expected undecodable"); return }
    #expect(reason.contains("inflated size (\(json.count - 1) bytes) does not match"))
    let bomb = Zlib.compress([UInt8](repeating: 0x20, count: 4 << 20), level: 9)
    try compressedFile(bomb, inflated: 100).write(to: url)
    #expect(readError(url).map { "\($0)" }?.contains("does not match") == true)
    try compressedFile(stored, inflated: ModelEnvelope<Payload>.maximumInflatedBytes + 1).write(to: url)
    #expect(readError(url).map { "\($0)" }?.contains("more than the") == true)
    // Damage to the stored bytes is caught by the checksum before inflating.
    var damaged = compressedFile(stored, inflated: json.count)
    damaged[damaged.count - 3] ^= 1
    try damaged.write(to: url)
    #expect(readError(url) == .checksumMismatch(path: path))
}
