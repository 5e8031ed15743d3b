import Foundation
import GenreKit
import GRDB

/// `genre catalog merge A.sqlite B.sqlite ... --catalog OUT.sqlite`: joins catalogues, e.g. the
/// shards of one collection indexed on several machines.
///
/// Everything is keyed so that the same thing has the same key everywhere: a recording by its
/// content, a file by its path, a model by its file, a label by (recording, label). Where two
/// catalogues hold the same key, the later analysis of a recording (with its windows,
/// probabilities and metadata) and the later check of a file win; labels are united. Each
/// input is merged in one transaction, so an interrupted merge leaves OUT as it was after the
/// last whole input. Inputs are brought up to the current schema when opened.
public enum CatalogMerge {
    public struct Summary: Sendable, CustomStringConvertible {
        public var inputs = 0
        public var recordings = 0
        public var files = 0
        /// One line per disagreement worth knowing (e.g. inputs classified with different models).
        public var notes: [String] = []
        public var description: String {
            "merged \(inputs) catalogue\(inputs == 1 ? "" : "s"): \(recordings) recordings, \(files) files"
        }
    }

    public static func merge(_ inputs: [URL], into output: Catalog) throws -> Summary {
        var summary = Summary()
        let outputPath = FileScan.absolute(output.url.path)
        for input in inputs {
            guard FileScan.absolute(input.path) != outputPath else {
                throw FileProblem(file: input.path, message: "is the output catalogue itself")
            }
            // Opening checks that it is a catalogue and migrates it to the current schema.
            let source = try Catalog(url: input, create: false)
            let sourceModel = try source.setting(CatalogModel.settingKey)
            let outputModel = try output.setting(CatalogModel.settingKey)
            if try source.hasLegacyKeys() {
                summary.notes.append("\(input.path): made by an older genre (XXH64 content keys): its recordings will not meet the same recordings in other catalogues until genre index is run on it once")
            }
            if let sourceModel, let outputModel, sourceModel != outputModel {
                summary.notes.append("\(input.path): classified with model \(sourceModel), the merged catalogue with \(outputModel); its recordings keep their own results until the next genre index re-classifies them")
            }
            do {
                try output.pool.writeWithoutTransaction { db in
                    try db.execute(sql: "ATTACH DATABASE ? AS source", arguments: [input.path])
                    defer { try? db.execute(sql: "DETACH DATABASE source") }
                    try db.inTransaction {
                        try db.execute(sql: mergeSQL)
                        if outputModel == nil, let sourceModel {
                            try db.execute(sql: "INSERT OR IGNORE INTO setting (key, value) VALUES (?, ?)", arguments: [CatalogModel.settingKey, sourceModel])
                        }
                        return .commit
                    }
                }
            } catch {
                throw FileProblem(file: input.path, message: "cannot merge: \(error)")
            }
            summary.inputs += 1
        }
        try output.read { db in
            summary.recordings = try Int.fetchOne(db, sql: "SELECT count(*) FROM recording") ?? 0
            summary.files = try Int.fetchOne(db, sql: "SELECT count(*) FROM file") ?? 0
        }
        return summary
    }

    /// Copies the attached `source` into `main`. The recordings to take are those absent from
    /// main or analysed later in source; their child rows are replaced with source's.
    static let mergeSQL = """
        INSERT OR IGNORE INTO main.model SELECT * FROM source.model;

        CREATE TEMP TABLE IF NOT EXISTS taken (id TEXT PRIMARY KEY);
        DELETE FROM temp.taken;
        INSERT INTO temp.taken SELECT s.id FROM source.recording s LEFT JOIN main.recording m ON m.id = s.id
            WHERE m.id IS NULL OR s.analysed_at > m.analysed_at OR (s.analysed_at = m.analysed_at AND s.model_id > m.model_id);

        DELETE FROM main.probability WHERE recording_id IN (SELECT id FROM temp.taken);
        DELETE FROM main.segment WHERE recording_id IN (SELECT id FROM temp.taken);
        DELETE FROM main.metadata WHERE recording_id IN (SELECT id FROM temp.taken);
        INSERT INTO main.recording (id, size, model_id, analysis, analysed_at, total_samples, duration_seconds, genre, probability,
                                    novelty_score, unfamiliar, warning_count, result, bandwidth_hz, snr_db, clipped_fraction,
                                    dc_offset, loudness_lufs, metadata_summary)
            SELECT id, size, model_id, analysis, analysed_at, total_samples, duration_seconds, genre, probability,
                   novelty_score, unfamiliar, warning_count, result, bandwidth_hz, snr_db, clipped_fraction, dc_offset, loudness_lufs,
                   metadata_summary
            FROM source.recording WHERE id IN (SELECT id FROM temp.taken)
            ON CONFLICT(id) DO UPDATE SET size = excluded.size, model_id = excluded.model_id, analysis = excluded.analysis,
                analysed_at = excluded.analysed_at, total_samples = excluded.total_samples,
                duration_seconds = excluded.duration_seconds, genre = excluded.genre, probability = excluded.probability,
                novelty_score = excluded.novelty_score, unfamiliar = excluded.unfamiliar, warning_count = excluded.warning_count,
                result = excluded.result, bandwidth_hz = excluded.bandwidth_hz, snr_db = excluded.snr_db,
                clipped_fraction = excluded.clipped_fraction, dc_offset = excluded.dc_offset, loudness_lufs = excluded.loudness_lufs,
                metadata_summary = excluded.metadata_summary;
        INSERT INTO main.probability SELECT * FROM source.probability WHERE recording_id IN (SELECT id FROM temp.taken);
        INSERT INTO main.segment SELECT * FROM source.segment WHERE recording_id IN (SELECT id FROM temp.taken);
        INSERT INTO main.metadata SELECT * FROM source.metadata WHERE recording_id IN (SELECT id FROM temp.taken);

        INSERT INTO main.file (path, root, relative_path, folder, size, mtime_ns, recording_id, status, error, checked_at)
            SELECT path, root, relative_path, folder, size, mtime_ns, recording_id, status, error, checked_at FROM source.file WHERE true
            ON CONFLICT(path) DO UPDATE SET root = excluded.root, relative_path = excluded.relative_path, folder = excluded.folder,
                size = excluded.size, mtime_ns = excluded.mtime_ns, recording_id = excluded.recording_id, status = excluded.status,
                error = excluded.error, checked_at = excluded.checked_at
            WHERE excluded.checked_at > main.file.checked_at;

        INSERT OR IGNORE INTO main.label SELECT * FROM source.label;
        INSERT INTO main.run (started_at, finished_at, roots, model_id, indexed, unchanged, failed, missing)
            SELECT started_at, finished_at, roots, model_id, indexed, unchanged, failed, missing FROM source.run;
        """
}
