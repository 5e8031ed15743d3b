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
/// a recording is keyed by its content (`recording.id`, the XXH64 of its bytes), a file by its
/// absolute path, a model by the XXH64 of the model file, a label by (recording, label).
enum CatalogSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in try db.execute(sql: v1) }
        migrator.registerMigration("v2-condition") { db in try db.execute(sql: v2Condition) }
        return migrator
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
            id TEXT PRIMARY KEY NOT NULL,          -- XXH64 of the model file, 16 hex digits
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
            id TEXT PRIMARY KEY NOT NULL,          -- XXH64 of the file's bytes, 16 hex digits
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
