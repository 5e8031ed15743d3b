import Foundation
import GenreKit
import GRDB

/// A collection's catalogue: one SQLite file (WAL journal) holding every recording's analysis,
/// the files it was found in, errors, labels and models (see `CatalogSchema`).
///
/// Every change is one transaction, so a process killed at any moment (SIGKILL included) leaves
/// the catalogue as it was after the last completed change. With WAL and `synchronous=NORMAL`
/// that holds for crashes of the process; a power cut may lose the last few transactions but
/// never leaves half of one. Several processes may read while one writes.
public final class Catalog: Sendable {
    public let url: URL
    let pool: DatabasePool

    /// Opens (and, when `create` is true and it does not exist, creates) the catalogue at `url`,
    /// bringing an older schema up to date. Throws a one-line `FileProblem` naming the file for
    /// anything that is not a genre catalogue, or one written by a newer `genre`.
    public init(url: URL, create: Bool = true) throws {
        self.url = url
        let path = url.path
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if isDirectory.boolValue { throw FileProblem(file: path, message: "is a folder, not a catalogue file") }
        if !exists && !create { throw FileProblem(file: path, message: "no such catalogue (make one with genre index PATH... --catalog \(path))") }
        var config = Configuration()
        // Another process (a second `genre index`, `genre serve`) may hold the write lock for
        // the length of one recording's transaction: wait for it rather than fail.
        config.busyMode = .timeout(60)
        config.prepareDatabase { db in
            // WAL (DatabasePool's default) with NORMAL sync: commits survive process crashes.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            let migrator = CatalogSchema.migrator
            try pool.read { db in
                if try migrator.hasBeenSuperseded(db) {
                    throw FileProblem(file: path, message: "catalogue was written by a newer genre; upgrade genre to open it")
                }
                let applied = try migrator.appliedIdentifiers(db)
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                if applied.isEmpty && !tables.isEmpty {
                    throw FileProblem(file: path, message: "is an SQLite database but not a genre catalogue")
                }
            }
            try migrator.migrate(pool)
        } catch let problem as FileProblem {
            throw problem
        } catch let error as DatabaseError {
            throw FileProblem(file: path, message: error.resultCode == .SQLITE_NOTADB
                ? "not a genre catalogue (not an SQLite database)" : "cannot open catalogue: \(error.message ?? "\(error)")")
        } catch {
            throw FileProblem(file: path, message: "cannot open catalogue: \(error)")
        }
    }

    /// Runs `body` in one write transaction; database errors become a problem naming the catalogue.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.write(body) } catch let problem as FileProblem { throw problem } catch {
            throw FileProblem(file: url.path, message: "catalogue write failed: \(error)")
        }
    }

    /// Runs `body` on a consistent snapshot; database errors become a problem naming the catalogue.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch let problem as FileProblem { throw problem } catch {
            throw FileProblem(file: url.path, message: "catalogue read failed: \(error)")
        }
    }

    /// The current time as the catalogue stores it (ISO 8601, UTC, to the second).
    static func now() -> String { Date().ISO8601Format() }
}
