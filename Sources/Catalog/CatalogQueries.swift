import Foundation
import GenreKit
import GRDB
import Learning

// Every SQL statement the catalogue runs, in one place. Each public write is one transaction.

// MARK: - Settings and models

extension Catalog {
    /// A catalogue-wide setting (nil when unset).
    public func setting(_ key: String) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) }
    }

    public func setSetting(_ key: String, _ value: String) throws {
        try write { db in
            try db.execute(sql: "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
        }
    }

    /// Whether a model with this id is recorded.
    func hasModel(_ id: String) throws -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM model WHERE id = ?", arguments: [id]) ?? false }
    }

    /// Records a model (once per id); `file` is the model file's bytes (nil for the bundled default).
    func registerModel(id: String, metadata: ModelMetadataView, file: Data?) throws {
        let classes = String(decoding: try JSONEncoder().encode(metadata.classes), as: UTF8.self)
        try write { db in
            try db.execute(sql: """
                INSERT INTO model (id, name, algorithm, classes, file, created_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO NOTHING
                """, arguments: [id, metadata.name, metadata.algorithm, classes, file, Catalog.now()])
        }
    }

    /// The stored model file with this id (nil for the bundled default or an unknown id).
    func modelFile(_ id: String) throws -> Data? {
        try read { db in try Data.fetchOne(db, sql: "SELECT file FROM model WHERE id = ?", arguments: [id]) }
    }
}

// MARK: - Planning an index run

extension Catalog {
    /// Every catalogued file with the model and analysis version of its recording.
    func knownFiles() throws -> [String: KnownFile] {
        try read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT f.path, f.size, f.mtime_ns, f.status, f.recording_id, r.model_id, r.analysis
                FROM file f LEFT JOIN recording r ON r.id = f.recording_id
                """)
            var known: [String: KnownFile] = [:]
            while let row = try rows.next() {
                let file = KnownFile(path: row[0], size: row[1], mtimeNs: row[2], status: row[3], recordingID: row[4],
                                     modelID: row[5], analysis: row[6])
                known[file.path] = file
            }
            return known
        }
    }

    /// The size, model and analysis version of the recording with content key `id`, if catalogued.
    func recordingState(_ id: String) throws -> (size: Int, modelID: String, analysis: String)? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT size, model_id, analysis FROM recording WHERE id = ?", arguments: [id])
                .map { ($0[0], $0[1], $0[2]) }
        }
    }

    /// A recording's windows and their features, and its result JSON (for re-classifying it
    /// with another model without decoding it again); nil when it is not catalogued.
    func storedWindows(_ id: String) throws
        -> (windows: [Range<Int>], features: Matrix, narrowbandFeatures: Matrix?, totalSamples: Int, size: Int, json: String)?
    {
        try read { db in
            guard let recording = try Row.fetchOne(db, sql: "SELECT total_samples, result, size FROM recording WHERE id = ?", arguments: [id]) else {
                return nil
            }
            var windows: [Range<Int>] = [], values: [Double] = [], narrow: [Double] = []
            var everyNarrow = true
            let rows = try Row.fetchCursor(db, sql: """
                SELECT start_sample, end_sample, features, narrowband_features FROM segment WHERE recording_id = ? ORDER BY position
                """, arguments: [id])
            while let row = try rows.next() {
                let start: Int = row[0], end: Int = row[1]
                windows.append(start..<max(start, end))
                values += FeatureBlob.decode(row[2])
                if let blob: Data = row[3] { narrow += FeatureBlob.decode(blob) } else { everyNarrow = false }
            }
            let columns = windows.isEmpty ? 0 : values.count / windows.count
            let narrowband = everyNarrow && !windows.isEmpty && narrow.count == values.count
                ? Matrix(rows: windows.count, columns: columns, values: narrow) : nil
            return (windows, Matrix(rows: windows.count, columns: columns, values: values), narrowband,
                    recording[0], recording[2], recording[1])
        }
    }
}

// MARK: - Recording the outcome for one file (one transaction each)

extension Catalog {
    /// Stores a recording's analysis and links `file` (when given) to it.
    func store(_ analysis: StoredAnalysis, file: FoundFile?) throws {
        let r = analysis.result
        let condition = analysis.extras.condition
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try write { db in
            try db.execute(sql: """
                INSERT INTO recording (id, size, model_id, analysis, analysed_at, total_samples, duration_seconds, genre,
                                       probability, novelty_score, unfamiliar, warning_count, result,
                                       bandwidth_hz, snr_db, clipped_fraction, dc_offset, loudness_lufs, metadata_summary)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET size = excluded.size, model_id = excluded.model_id, analysis = excluded.analysis,
                    analysed_at = excluded.analysed_at, total_samples = excluded.total_samples,
                    duration_seconds = excluded.duration_seconds, genre = excluded.genre, probability = excluded.probability,
                    novelty_score = excluded.novelty_score, unfamiliar = excluded.unfamiliar,
                    warning_count = excluded.warning_count, result = excluded.result,
                    bandwidth_hz = excluded.bandwidth_hz, snr_db = excluded.snr_db, clipped_fraction = excluded.clipped_fraction,
                    dc_offset = excluded.dc_offset, loudness_lufs = excluded.loudness_lufs,
                    metadata_summary = excluded.metadata_summary
                """, arguments: [analysis.id, analysis.size, analysis.modelID, Indexer.analysisVersion, Catalog.now(),
                                 analysis.totalSamples, r.durationSeconds, r.genre, r.probabilities[r.genre] ?? 0,
                                 r.novelty.score, r.novelty.unfamiliar, analysis.extras.warnings?.count ?? 0, analysis.json,
                                 condition?.bandwidthHz, condition?.snrDB, condition?.clippedFraction, condition?.dcOffset,
                                 condition?.loudnessLUFS, MetadataSummary.line(analysis.extras.metadata)])
            for table in ["probability", "segment", "metadata"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE recording_id = ?", arguments: [analysis.id])
            }
            let probability = try db.cachedStatement(sql: "INSERT INTO probability (recording_id, genre, probability) VALUES (?, ?, ?)")
            for (genre, p) in r.probabilities { try probability.execute(arguments: [analysis.id, genre, p]) }
            let segment = try db.cachedStatement(sql: """
                INSERT INTO segment (recording_id, position, start_sample, end_sample, genre, probabilities, features,
                                     narrowband_features)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (i, window) in analysis.windows.enumerated() {
                let s = i < r.segments.count ? r.segments[i] : nil
                let probabilities = String(decoding: try encoder.encode(s?.probabilities ?? [:]), as: UTF8.self)
                try segment.execute(arguments: [analysis.id, i, window.lowerBound, window.upperBound, s?.genre ?? "",
                                                probabilities, FeatureBlob.encode(analysis.features.row(i)),
                                                analysis.narrowbandFeatures.map { FeatureBlob.encode($0.row(i)) }])
            }
            let metadata = try db.cachedStatement(sql: "INSERT INTO metadata (recording_id, key, value) VALUES (?, ?, ?)")
            for (key, value) in analysis.extras.metadata ?? [:] { try metadata.execute(arguments: [analysis.id, key, value]) }
            if let file { try putFile(db, file, recordingID: analysis.id, status: "present", error: nil) }
        }
    }

    /// Links `file` to an already catalogued recording (a moved, renamed or copied file).
    func link(_ file: FoundFile, to id: String) throws {
        try write { db in try putFile(db, file, recordingID: id, status: "present", error: nil) }
    }

    /// Records that `file` could not be analysed.
    func storeFailure(_ file: FoundFile, problem: FileProblem) throws {
        try write { db in try putFile(db, file, recordingID: nil, status: "failed", error: problem.message) }
    }

    /// Marks catalogued files that are no longer on disk as missing (their analyses are kept, so a
    /// file that reappears, under any name, is recognised).
    func markMissing(_ paths: [String]) throws {
        guard !paths.isEmpty else { return }
        let now = Catalog.now()
        try write { db in
            let statement = try db.cachedStatement(sql: "UPDATE file SET status = 'missing', checked_at = ? WHERE path = ?")
            for path in paths { try statement.execute(arguments: [now, path]) }
        }
    }

    /// Inserts or updates a file row. When the file used to hold other content that no file holds
    /// any more, that content's labels pass to the new content and its analysis is dropped (an
    /// orphan with labels is kept when the file now fails, so the labels are not lost).
    private func putFile(_ db: Database, _ file: FoundFile, recordingID: String?, status: String, error: String?) throws {
        let previous = try String.fetchOne(db, sql: "SELECT recording_id FROM file WHERE path = ?", arguments: [file.path])
        try db.execute(sql: """
            INSERT INTO file (path, root, relative_path, folder, size, mtime_ns, recording_id, status, error, checked_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(path) DO UPDATE SET root = excluded.root, relative_path = excluded.relative_path,
                folder = excluded.folder, size = excluded.size, mtime_ns = excluded.mtime_ns,
                recording_id = excluded.recording_id, status = excluded.status, error = excluded.error,
                checked_at = excluded.checked_at
            """, arguments: [file.path, file.root, file.relativePath, file.folder, file.size, file.mtimeNs, recordingID,
                             status, error, Catalog.now()])
        guard let previous, previous != recordingID,
              try Int.fetchOne(db, sql: "SELECT count(*) FROM file WHERE recording_id = ?", arguments: [previous]) == 0 else { return }
        if let recordingID {
            try db.execute(sql: "INSERT OR IGNORE INTO label (recording_id, label, created_at) SELECT ?, label, created_at FROM label WHERE recording_id = ?",
                           arguments: [recordingID, previous])
            try db.execute(sql: "DELETE FROM recording WHERE id = ?", arguments: [previous])
        } else {
            try db.execute(sql: "DELETE FROM recording WHERE id = ? AND NOT EXISTS (SELECT 1 FROM label WHERE recording_id = ?)",
                           arguments: [previous, previous])
        }
    }
}

// MARK: - Content keys from before SHA-256 (`ContentKey.isLegacy`)

extension Catalog {
    /// Whether any recording still has an XXH64 key.
    func hasLegacyKeys() throws -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM recording WHERE length(id) = 16 LIMIT 1") ?? false }
    }

    /// Gives the recording keyed `old` the key `new`, in one transaction: every table that
    /// refers to recordings follows (found from the schema's foreign keys, so tables added by
    /// later migrations follow too). When `new` is catalogued already (another file with the
    /// same content was re-keyed or analysed first), `old`'s labels pass to it, its files link
    /// to it, and `old` is dropped.
    func rekey(_ old: String, to new: String) throws {
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM recording WHERE id = ?", arguments: [new]) == true {
                try db.execute(sql: "INSERT OR IGNORE INTO label (recording_id, label, created_at) SELECT ?, label, created_at FROM label WHERE recording_id = ?",
                               arguments: [new, old])
                try db.execute(sql: "UPDATE file SET recording_id = ? WHERE recording_id = ?", arguments: [new, old])
                try db.execute(sql: "DELETE FROM recording WHERE id = ?", arguments: [old])
                return
            }
            let references = try Row.fetchAll(db, sql: """
                SELECT m.name, k."from" FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) k
                WHERE m.type = 'table' AND k."table" = 'recording'
                """).map { (table: $0[0] as String, column: $0[1] as String) }
            // Checked at commit, when every reference has followed.
            try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
            try db.execute(sql: "UPDATE recording SET id = ? WHERE id = ?", arguments: [new, old])
            for r in references {
                try db.execute(sql: "UPDATE \(r.table.quotedDatabaseIdentifier) SET \(r.column.quotedDatabaseIdentifier) = ? WHERE \(r.column.quotedDatabaseIdentifier) = ?",
                               arguments: [new, old])
            }
        }
    }

    /// A recording under an XXH64 key that no file on disk holds any more (its file was moved
    /// before the first run that re-keys), with this size and length and window features equal
    /// to `features` (to 1e-9 of each value's magnitude: the same bytes analysed again). What
    /// finds a moved file's labels when its old key cannot be computed any more.
    func legacyRecording(size: Int, totalSamples: Int, features: Matrix) throws -> String? {
        try read { db in
            let candidates = try String.fetchAll(db, sql: """
                SELECT r.id FROM recording r WHERE length(r.id) = 16 AND r.size = ? AND r.total_samples = ?
                AND NOT EXISTS (SELECT 1 FROM file f WHERE f.recording_id = r.id AND f.status = 'present')
                """, arguments: [size, totalSamples])
            for id in candidates {
                let stored = try Data.fetchAll(db, sql: "SELECT features FROM segment WHERE recording_id = ? ORDER BY position", arguments: [id])
                guard stored.count == features.rows else { continue }
                let same = stored.enumerated().allSatisfy { i, blob in
                    let old = FeatureBlob.decode(blob), new = features.row(i)
                    return old.count == new.count && zip(old, new).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($0)) }
                }
                if same { return id }
            }
            return nil
        }
    }
}

// MARK: - Re-classifying and training

extension Catalog {
    /// Recordings not classified by model `id` with the current analysis, each with its first present file.
    func recordings(notClassifiedBy id: String) throws -> [(id: String, path: String?)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.id, (SELECT path FROM file WHERE recording_id = r.id AND status = 'present' ORDER BY path LIMIT 1)
                FROM recording r WHERE r.model_id <> ? AND r.analysis = ? ORDER BY r.id
                """, arguments: [id, Indexer.analysisVersion]).map { ($0[0], $0[1]) }
        }
    }

    /// The windows of every labelled recording, once per label (in label, recording, time
    /// order), with the name of one of the recording's files.
    func labelledWindows() throws -> [(label: String, recordingID: String, position: Int, file: String, features: [Double])] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT l.label, s.recording_id, s.position, s.features,
                       (SELECT path FROM file WHERE recording_id = s.recording_id ORDER BY status = 'present' DESC, path LIMIT 1)
                FROM label l JOIN segment s ON s.recording_id = l.recording_id
                ORDER BY l.label, s.recording_id, s.position
                """).map { ($0[0], $0[1], $0[2], $0[4] ?? $0[1], FeatureBlob.decode($0[3])) }
        }
    }
}

// MARK: - Runs

extension Catalog {
    func beginRun(roots: [String], modelID: String) throws -> Int64 {
        let json = String(decoding: try JSONEncoder().encode(roots), as: UTF8.self)
        return try write { db in
            try db.execute(sql: "INSERT INTO run (started_at, roots, model_id) VALUES (?, ?, ?)", arguments: [Catalog.now(), json, modelID])
            return db.lastInsertedRowID
        }
    }

    func finishRun(_ id: Int64, _ summary: IndexSummary) throws {
        try write { db in
            try db.execute(sql: "UPDATE run SET finished_at = ?, indexed = ?, unchanged = ?, failed = ?, missing = ? WHERE id = ?",
                           arguments: [Catalog.now(), summary.indexed + summary.reclassified + summary.recognised, summary.unchanged,
                                       summary.failed, summary.missing, id])
        }
    }
}

// MARK: - Counts

extension Catalog {
    /// Recordings with at least one file on disk.
    public func presentRecordingCount() throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT count(DISTINCT recording_id) FROM file WHERE status = 'present' AND recording_id IS NOT NULL") ?? 0
        }
    }
}

// MARK: - Roots

extension Catalog {
    /// The paths earlier runs were given (what `genre index --catalog FILE` with no paths re-scans).
    public func roots() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT root FROM file ORDER BY root") }
    }
}

// MARK: - Labels

extension Catalog {
    /// The user's labels of a recording, sorted.
    public func labels(of id: String) throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT label FROM label WHERE recording_id = ? ORDER BY label", arguments: [id]) }
    }

    /// Replaces a recording's labels (trimmed, empty ones dropped). Returns false for an unknown recording.
    @discardableResult
    public func setLabels(of id: String, to labels: [String]) throws -> Bool {
        let cleaned = Set(labels.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty })
        return try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM recording WHERE id = ?", arguments: [id]) ?? false else { return false }
            let now = Catalog.now()
            for old in try String.fetchAll(db, sql: "SELECT label FROM label WHERE recording_id = ?", arguments: [id]) where !cleaned.contains(old) {
                try db.execute(sql: "DELETE FROM label WHERE recording_id = ? AND label = ?", arguments: [id, old])
            }
            for label in cleaned.sorted() {
                try db.execute(sql: "INSERT OR IGNORE INTO label (recording_id, label, created_at) VALUES (?, ?, ?)", arguments: [id, label, now])
            }
            return true
        }
    }
}

// MARK: - Browsing (the web app)

extension Catalog {
    /// Whether `text` has the form of a recording id: 64 lower-case hex digits (SHA-256), or 16
    /// (XXH64, in a catalogue not re-indexed since keys became SHA-256).
    public static func isRecordingID(_ text: String) -> Bool {
        (text.utf8.count == 64 || text.utf8.count == 16) && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// The recordings `query` selects, in its order.
    public func recordings(_ query: CollectionQuery = CollectionQuery()) throws -> [RecordingSummary] {
        var conditions: [String] = [], arguments: [(any DatabaseValueConvertible)?] = []
        if !query.includeMissing { conditions.append("p.present = 1") }
        if let genre = query.genre { conditions.append("r.genre = ?"); arguments.append(genre) }
        if let label = query.label { conditions.append("EXISTS (SELECT 1 FROM label l WHERE l.recording_id = r.id AND l.label = ?)"); arguments.append(label) }
        if query.unfamiliarOnly { conditions.append("r.unfamiliar = 1") }
        if let folder = query.folder {
            conditions.append("EXISTS (SELECT 1 FROM file f WHERE f.recording_id = r.id AND (f.folder = ? OR f.folder LIKE ? ESCAPE '\\'))")
            arguments += [folder, Self.likePattern(prefix: folder + "/")]
        }
        for word in query.search.split(whereSeparator: \.isWhitespace) {
            let pattern = Self.likePattern(containing: String(word))
            conditions.append("""
                (EXISTS (SELECT 1 FROM file f WHERE f.recording_id = r.id AND f.path LIKE ? ESCAPE '\\')
                 OR EXISTS (SELECT 1 FROM metadata m WHERE m.recording_id = r.id AND m.value LIKE ? ESCAPE '\\')
                 OR EXISTS (SELECT 1 FROM label l WHERE l.recording_id = r.id AND l.label LIKE ? ESCAPE '\\'))
                """)
            arguments += [pattern, pattern, pattern]
        }
        let rows = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.id, p.path, p.present, r.duration_seconds, r.genre, r.probability, r.novelty_score, r.unfamiliar,
                       r.warning_count, json_extract(r.result, '$.novelty'),
                       (SELECT json_group_array(label) FROM (SELECT label FROM label WHERE recording_id = r.id ORDER BY label)),
                       (SELECT json_group_object(genre, probability) FROM probability WHERE recording_id = r.id),
                       p.mtime_ns,
                       (SELECT value FROM metadata m WHERE m.recording_id = r.id
                          AND (lower(m.key) LIKE '%date%' OR lower(m.key) LIKE '%icrd%' OR lower(m.key) = 'year') ORDER BY m.key LIMIT 1),
                       r.metadata_summary
                FROM recording r JOIN (
                    SELECT recording_id, COALESCE(min(CASE WHEN status = 'present' THEN path END), min(path)) AS path,
                           max(status = 'present') AS present, max(mtime_ns) AS mtime_ns
                    FROM file WHERE recording_id IS NOT NULL GROUP BY recording_id
                ) p ON p.recording_id = r.id
                \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
                """, arguments: StatementArguments(arguments))
        }
        let decoder = JSONDecoder()
        let summaries = rows.map { row -> RecordingSummary in
            let labelsJSON: String = row[10] ?? "[]", probabilitiesJSON: String = row[11] ?? "{}"
            let labels = (try? decoder.decode([String].self, from: Data(labelsJSON.utf8))) ?? []
            let probabilities = (try? decoder.decode([String: Double].self, from: Data(probabilitiesJSON.utf8))) ?? [:]
            let mtime: Int64 = row[12], present: Int = row[2]
            let modified = Date(timeIntervalSince1970: Double(mtime) / 1e9).ISO8601Format(.iso8601.year().month().day())
            let recorded: String? = row[13]
            let novelty: String? = row[9]
            return RecordingSummary(id: row[0], file: row[1], durationSeconds: row[3], genre: row[4], probability: row[5],
                                    probabilities: probabilities, noveltyScore: row[6], unfamiliar: row[7], noveltyJSON: novelty ?? "{}",
                                    labels: labels, date: recorded ?? modified, missing: present == 0, warningCount: row[8],
                                    metadataSummary: row[14])
        }
        return query.sorted(summaries)
    }

    /// `%text%` for LIKE, with LIKE's own wildcards escaped.
    static func likePattern(containing text: String) -> String { "%" + escapeLike(text) + "%" }
    static func likePattern(prefix text: String) -> String { escapeLike(text) + "%" }
    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }

    /// Everything the catalogue holds about one recording; nil for an unknown id.
    public func recording(_ id: String) throws -> RecordingDetail? {
        guard Self.isRecordingID(id) else { return nil }
        return try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT r.result, r.model_id, m.name, r.analysed_at FROM recording r LEFT JOIN model m ON m.id = r.model_id WHERE r.id = ?
                """, arguments: [id]) else { return nil }
            let files = try Row.fetchAll(db, sql: "SELECT path, status FROM file WHERE recording_id = ? ORDER BY status = 'present' DESC, path",
                                         arguments: [id]).map { (path: $0[0] as String, status: $0[1] as String) }
            let labels = try String.fetchAll(db, sql: "SELECT label FROM label WHERE recording_id = ? ORDER BY label", arguments: [id])
            let metadata = try Row.fetchAll(db, sql: "SELECT key, value FROM metadata WHERE recording_id = ? ORDER BY key", arguments: [id])
                .map { (key: $0[0] as String, value: $0[1] as String) }
            return RecordingDetail(id: id, resultJSON: row[0], modelID: row[1], modelName: row[2] ?? row[1], analysedAt: row[3],
                                   files: files, labels: labels, metadata: metadata)
        }
    }

    /// The file to play for a recording: one catalogued as present that is still a readable
    /// regular file. Nil for unknown ids and recordings with no such file.
    public func audioFile(_ id: String) throws -> String? {
        guard Self.isRecordingID(id) else { return nil }
        let paths = try read { db in
            try String.fetchAll(db, sql: "SELECT path FROM file WHERE recording_id = ? AND status = 'present' ORDER BY path", arguments: [id])
        }
        return paths.first { path in
            var info = stat()
            return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && access(path, R_OK) == 0
        }
    }

    /// Every label with the number of recordings that have it, by label.
    public func labelCounts() throws -> [(label: String, count: Int)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT label, count(*) FROM label GROUP BY label ORDER BY label").map { ($0[0], $0[1]) }
        }
    }

    /// Calls `body` with the window features (in time order) of each recording with a file on
    /// disk, one recording at a time, so a large collection is never held in memory at once.
    public func forEachRecordingWindows(_ body: (_ id: String, _ windows: [[Double]]) throws -> Void) throws {
        try read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT s.recording_id, s.features FROM segment s
                WHERE EXISTS (SELECT 1 FROM file f WHERE f.recording_id = s.recording_id AND f.status = 'present')
                ORDER BY s.recording_id, s.position
                """)
            var current: String?, windows: [[Double]] = []
            while let row = try rows.next() {
                let id: String = row[0]
                if id != current {
                    if let current { try body(current, windows) }
                    current = id
                    windows = []
                }
                windows.append(FeatureBlob.decode(row[1]))
            }
            if let current { try body(current, windows) }
        }
    }

    /// Files that could not be analysed, with their errors, by path.
    public func failedFiles() throws -> [(path: String, error: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT path, COALESCE(error, '') FROM file WHERE status = 'failed' ORDER BY path").map { ($0[0], $0[1]) }
        }
    }

    /// The number of recordings whose files are all missing.
    public func missingRecordingCount() throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM recording r WHERE EXISTS (SELECT 1 FROM file f WHERE f.recording_id = r.id)
                AND NOT EXISTS (SELECT 1 FROM file f WHERE f.recording_id = r.id AND f.status = 'present')
                """) ?? 0
        }
    }
}

/// One recording as its page and `GET /api/recordings/{id}` show it.
public struct RecordingDetail: Sendable {
    public var id: String
    /// The stored result, as `genre classify --format json` printed it.
    public var resultJSON: String
    public var modelID: String
    public var modelName: String
    public var analysedAt: String
    /// Its files, those on disk first.
    public var files: [(path: String, status: String)]
    public var labels: [String]
    public var metadata: [(key: String, value: String)]
}

extension Catalog {
    /// The 57 features of each of a recording's windows, in time order (empty for an unknown id).
    public func windowFeatures(of id: String) throws -> [[Double]] {
        try read { db in
            try Data.fetchAll(db, sql: "SELECT features FROM segment WHERE recording_id = ? ORDER BY position", arguments: [id]).map(FeatureBlob.decode)
        }
    }
}
