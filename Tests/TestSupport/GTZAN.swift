import Foundation

/// Test-only access to the GTZAN material in ../shared/gtzan (see its README). Tests that need it are
/// skipped with a message when it is absent, as in a fresh clone.
public enum GTZAN {
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("shared/gtzan")

    public static var available: Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("features_30_sec.csv").path)
    }

    public static let skipMessage = "../shared/gtzan is absent: GTZAN comparison skipped"

    /// Every clip in audio/<genre>/, sorted by name.
    public static func clips() -> [URL] {
        let audio = root.appendingPathComponent("audio")
        let genres = (try? FileManager.default.contentsOfDirectory(atPath: audio.path)) ?? []
        return genres.flatMap { genre -> [URL] in
            let dir = audio.appendingPathComponent(genre)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            return files.filter { $0.hasSuffix(".wav") }.map { dir.appendingPathComponent($0) }
        }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Rows of a Kaggle-schema CSV keyed by filename: the numeric columns after `filename`.
    public static func csvRows(_ name: String) -> (header: [String], rows: [String: [Double]]) {
        let text = (try? String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)) ?? ""
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard !lines.isEmpty else { return ([], [:]) }
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        var rows: [String: [Double]] = [:]
        for line in lines {
            let cells = line.split(separator: ",").map(String.init)
            rows[cells[0]] = cells.dropFirst().compactMap(Double.init)
        }
        return (header, rows)
    }

    /// Samples of a GTZAN clip as librosa.load gives them (float32, x / 32768). Test support
    /// only, for the canonical 44-byte-header 16-bit mono WAVs of the dataset; the library's
    /// decoders live in AudioIO.
    public static func samples(_ url: URL) -> [Float] {
        guard let data = try? Data(contentsOf: url), data.count > 44 else { return [] }
        return data.withUnsafeBytes { raw in
            let count = (data.count - 44) / 2
            return (0..<count).map { i in
                Float(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: 44 + 2 * i, as: Int16.self))) / 32768
            }
        }
    }
}
