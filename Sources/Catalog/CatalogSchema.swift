import GenreKit
import Foundation
import GRDB

/// The catalogue's tables, as numbered migrations: a catalogue made by an older `genre` is brought
/// up to date when it is opened, and one made by a newer `genre` is refused rather than misread.
///
/// What a migration may do: add tables, add columns (filled from the stored result JSON, which
/// holds everything `genre classify --format json` printed for the recording, so a column for a
/// field that GenreKit already reported never needs re-analysis) and add indexes. The result JSON
/// is the full record; the columns are copies of the parts that are sorted, filtered or joined on.
///
/// Keys are chosen so that catalogues made on different machines merge (`genre catalog merge`):
/// a recording is keyed by its content (`recording.id`, the SHA-256 of its bytes, `ContentKey`), a
/// file by its absolute path, a model by the SHA-256 of the model file, a label by (recording, label).
/// Catalogues from before v4 keyed both by XXH64 (16 hexadecimal digits); see `v4SHA256Keys`.
enum CatalogSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in try db.execute(sql: v1) }
        migrator.registerMigration("v2-condition") { db in try db.execute(sql: v2Condition) }
        migrator.registerMigration("v3-metadata") { db in
            try db.execute(sql: v3Metadata)
            try fillMetadataSummaries(db)
        }
        migrator.registerMigration("v4-sha256-keys") { db in try v4SHA256Keys(db) }
        // The windows' features through the narrow-band variant's input band, for recordings it
        // answers (`NarrowbandVariant.inputFilter`), so that re-classifying from stored features
        // answers as classifying the file does; NULL for every other recording, and for those
        // indexed before v5 (they are answered from `features` until indexed again).
        migrator.registerMigration("v5-narrowband-features") { db in
            try db.execute(sql: "ALTER TABLE segment ADD COLUMN narrowband_features BLOB")
        }
        return migrator
    }

    /// The recording's embedded metadata (`"metadata"` in the result JSON) in one line, as the
    /// table prints it (`MetadataSummary.line`), for the collection to show and sort by; NULL
    /// when the file has none. The metadata table's rows are filled from the stored results
    /// where they are missing, and indexed by key (e.g. every recording with an iXML scene).
    static let v3Metadata = """
        ALTER TABLE recording ADD COLUMN metadata_summary TEXT;
        INSERT OR IGNORE INTO metadata (recording_id, key, value)
            SELECT r.id, j.key, j.value FROM recording r, json_each(r.result, '$.metadata') j
            WHERE json_valid(r.result) AND json_type(r.result, '$.metadata') = 'object' AND j.type = 'text';
        CREATE INDEX metadata_by_key ON metadata(key, value);
        """

    /// Fills `metadata_summary` from the metadata rows (the line is made in Swift, one recording at a time).
    static func fillMetadataSummaries(_ db: Database) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT recording_id, key, value FROM metadata ORDER BY recording_id")
        var byRecording: [String: [String: String]] = [:]
        for row in rows { byRecording[row[0], default: [:]][row[1]] = row[2] }
        let update = try db.makeStatement(sql: "UPDATE recording SET metadata_summary = ? WHERE id = ?")
        for (id, metadata) in byRecording { try update.execute(arguments: [MetadataSummary.line(metadata), id]) }
    }

    /// Content keys became SHA-256 (64 hexadecimal digits) instead of XXH64 (16). Models whose
    /// file the catalogue holds are re-keyed here, from those bytes (recordings classified by
    /// them keep counting as classified by them). The bundled default's bytes are not stored,
    /// so its old id stays as a model of the past, like the default of any older genre: its
    /// recordings are re-classified from their stored window features on the next
    /// `genre index`. Recordings are re-keyed by that run too, from the files on disk
    /// (`Catalog.rekey`), since only the files hold their bytes. (GRDB checks foreign keys
    /// at the end of a migration, so keys can be renamed table by table.)
    static func v4SHA256Keys(_ db: Database) throws {
        let legacy = try Row.fetchAll(db, sql: "SELECT id, file FROM model WHERE length(id) = 16 AND file IS NOT NULL")
        for row in legacy {
            let old: String = row[0], file: Data = row[1]
            let new = ContentKey.of(file)
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM model WHERE id = ?", arguments: [new]) == true {
                try db.execute(sql: "DELETE FROM model WHERE id = ?", arguments: [old])
            } else {
                try db.execute(sql: "UPDATE model SET id = ? WHERE id = ?", arguments: [new, old])
            }
            try db.execute(sql: "UPDATE recording SET model_id = ? WHERE model_id = ?", arguments: [new, old])
            try db.execute(sql: "UPDATE run SET model_id = ? WHERE model_id = ?", arguments: [new, old])
            try db.execute(sql: "UPDATE setting SET value = ? WHERE key = 'model' AND value = ?", arguments: [new, old])
        }
    }

    /// The recording-condition figures GenreKit reports (`"condition"` in the result JSON) as
    /// columns, so the collection can be sorted and filtered by them; filled from the stored
    /// results (NULL where a result has none).
    static let v2Condition = """
        ALTER TABLE recording ADD COLUMN bandwidth_hz REAL;
        ALTER TABLE recording ADD COLUMN snr_db REAL;
        ALTER TABLE recording ADD COLUMN clipped_fraction REAL;
        ALTER TABLE recording ADD COLUMN dc_offset REAL;
        ALTER TABLE recording ADD COLUMN loudness_lufs REAL;
        UPDATE recording SET
            bandwidth_hz = json_extract(result, '$.condition.bandwidth_hz'),
            snr_db = json_extract(result, '$.condition.snr_db'),
            clipped_fraction = json_extract(result, '$.condition.clipped_fraction'),
            dc_offset = json_extract(result, '$.condition.dc_offset'),
            loudness_lufs = json_extract(result, '$.condition.loudness_lufs');
        """


    /// The first schema.
    static let v1 = """
        -- Models recordings were classified with. `file` holds the model file itself (NULL for the
        -- bundled default), so a catalogue carries the personal models trained from it.
        CREATE TABLE model (
            id TEXT PRIMARY KEY NOT NULL,          -- SHA-256 of the model file, 64 hex digits (XXH64, 16, before v3)
            name TEXT NOT NULL,
            algorithm TEXT NOT NULL,
            classes TEXT NOT NULL,                 -- JSON array, the model's class order
            file BLOB,
            created_at TEXT NOT NULL
        );

        -- Catalogue-wide settings, e.g. 'model' -> 'default' or a model id.
        CREATE TABLE setting (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        );

        -- One row per distinct content: the analysis of a recording, wherever its files are.
        CREATE TABLE recording (
            id TEXT PRIMARY KEY NOT NULL,          -- SHA-256 of the file's bytes, 64 hex digits (XXH64, 16, before v3)
            size INTEGER NOT NULL,                 -- bytes
            model_id TEXT NOT NULL REFERENCES model(id),
            analysis TEXT NOT NULL,                -- what the features depend on (Indexer.analysisVersion)
            analysed_at TEXT NOT NULL,             -- ISO 8601, UTC
            total_samples INTEGER NOT NULL,        -- at 22050 Hz
            duration_seconds REAL NOT NULL,
            genre TEXT NOT NULL,
            probability REAL NOT NULL,             -- of `genre`
            novelty_score REAL NOT NULL,
            unfamiliar INTEGER NOT NULL,           -- 0 or 1
            warning_count INTEGER NOT NULL,
            result TEXT NOT NULL                   -- the RecordingResult JSON, as `genre classify` prints it
        );
        CREATE INDEX recording_by_genre ON recording(genre, probability);
        CREATE INDEX recording_by_novelty ON recording(novelty_score);

        -- The recording's mean probability of every class (e.g. "everything close to reggae").
        CREATE TABLE probability (
            recording_id TEXT NOT NULL REFERENCES recording(id) ON DELETE CASCADE,
            genre TEXT NOT NULL,
            probability REAL NOT NULL,
            PRIMARY KEY (recording_id, genre)
        ) WITHOUT ROWID;
        CREATE INDEX probability_by_genre ON probability(genre, probability);

        -- Analysis windows (the result's "segments"): where they lie, their class probabilities and their 57 features
        -- (little-endian Float64 in KaggleSchema order), so a new model re-classifies a recording
        -- without decoding it again.
        CREATE TABLE segment (
            recording_id TEXT NOT NULL REFERENCES recording(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,             -- 0, 1, ... in time order
            start_sample INTEGER NOT NULL,
            end_sample INTEGER NOT NULL,
            genre TEXT NOT NULL,
            probabilities TEXT NOT NULL,           -- JSON object genre -> probability
            features BLOB NOT NULL,
            PRIMARY KEY (recording_id, position)
        ) WITHOUT ROWID;

        -- Embedded metadata (BWF bext, iXML, INFO, Vorbis comments, ...), for search.
        CREATE TABLE metadata (
            recording_id TEXT NOT NULL REFERENCES recording(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (recording_id, key)
        ) WITHOUT ROWID;

        -- Files on disk. A file whose bytes are known links to their recording; one that could not
        -- be analysed has status 'failed' and its one-line error; one that vanished is 'missing'.
        CREATE TABLE file (
            path TEXT PRIMARY KEY NOT NULL,        -- absolute
            root TEXT NOT NULL,                    -- the argument of `genre index` it was found under
            relative_path TEXT NOT NULL,           -- path relative to root (what shards hash)
            folder TEXT NOT NULL,                  -- the folder holding it
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,             -- modification time, ns since 1970
            recording_id TEXT REFERENCES recording(id) ON DELETE SET NULL,
            status TEXT NOT NULL CHECK (status IN ('present', 'missing', 'failed')),
            error TEXT,
            checked_at TEXT NOT NULL               -- last analysis or check, ISO 8601, UTC
        );
        CREATE INDEX file_by_recording ON file(recording_id);
        CREATE INDEX file_by_folder ON file(folder);

        -- Categories of the user's own, per recording (so they survive moves and merges).
        CREATE TABLE label (
            recording_id TEXT NOT NULL REFERENCES recording(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (recording_id, label)
        ) WITHOUT ROWID;
        CREATE INDEX label_by_name ON label(label);

        -- One row per `genre index` run; finished_at stays NULL for a run that was killed.
        CREATE TABLE run (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            roots TEXT NOT NULL,                   -- JSON array of the paths given
            model_id TEXT,
            indexed INTEGER,
            unchanged INTEGER,
            failed INTEGER,
            missing INTEGER
        );
        """
}
