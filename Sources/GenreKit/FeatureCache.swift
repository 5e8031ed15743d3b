import Foundation
import Learning

/// A cache of feature rows extracted from audio files, so re-training on a folder only decodes
/// files that are new or changed. An entry is keyed by the file's absolute path, size,
/// modification time and the extraction settings; it lives as one small JSON file under
/// `$GENRE_CACHE_DIR`, else `$XDG_CACHE_HOME/genre`, else `~/.cache/genre`.
public struct FeatureCache: Sendable {
    public let directory: URL

    public init(directory: URL? = nil) {
        if let directory { self.directory = directory; return }
        let env = ProcessInfo.processInfo.environment
        if let explicit = env["GENRE_CACHE_DIR"], !explicit.isEmpty {
            self.directory = URL(fileURLWithPath: explicit)
        } else if let xdg = env["XDG_CACHE_HOME"], !xdg.isEmpty {
            self.directory = URL(fileURLWithPath: xdg).appendingPathComponent("genre")
        } else {
            self.directory = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/genre")
        }
    }

    /// The rows cached for `url` under `settings`, or nil when absent or stale.
    public func rows(for url: URL, settings: String) -> [FeatureRow]? {
        guard let key = key(url, settings: settings),
              let data = try? Data(contentsOf: directory.appendingPathComponent(key + ".json")) else { return nil }
        return try? JSONDecoder().decode([FeatureRow].self, from: data)
    }

    /// Stores rows for `url`; failures (read-only home, full disk) only cost the caching.
    public func store(_ rows: [FeatureRow], for url: URL, settings: String) {
        guard let key = key(url, settings: settings), let data = try? JSONEncoder().encode(rows) else { return }
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? AtomicFile.write(data, to: directory.appendingPathComponent(key + ".json"))
    }

    private func key(_ url: URL, settings: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
              let size = attributes[.size] as? NSNumber,
              let modified = attributes[.modificationDate] as? Date else { return nil }
        let text = "v1|\(url.standardizedFileURL.path)|\(size)|\(modified.timeIntervalSince1970)|\(settings)"
        return SHA256.hexDigest(Array(text.utf8))
    }
}
