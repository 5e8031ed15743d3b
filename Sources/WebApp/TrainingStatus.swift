import Foundation

/// What the one training run is doing, for `GET /api/train/status`: the labels page polls it while
/// its request to `/api/train` is pending, so a run of a minute or more shows where it is instead of
/// a disabled button.
final class TrainingStatus: @unchecked Sendable {
    /// The JSON of the status route.
    struct Snapshot: Codable, Sendable, Equatable {
        /// `idle`, `training` (fitting the model on `rows` windows) or `reclassifying` (`done` of
        /// `total` recordings re-classified with the new model).
        var stage: String
        var rows: Int?
        var done: Int?
        var total: Int?
        /// Seconds since the run began (nil when idle).
        var elapsed: Double?
    }

    private var stage = "idle"
    private var rows: Int?
    private var done: Int?
    private var total: Int?
    private var started: Date?
    private let lock = NSLock()

    func beginTraining(rows: Int) {
        lock.withLock { stage = "training"; self.rows = rows; done = nil; total = nil; if started == nil { started = Date() } }
    }

    func reclassifying(done: Int, of total: Int) {
        lock.withLock { stage = "reclassifying"; self.done = done; self.total = total; if started == nil { started = Date() } }
    }

    func finish() {
        lock.withLock { stage = "idle"; rows = nil; done = nil; total = nil; started = nil }
    }

    var snapshot: Snapshot {
        lock.withLock {
            Snapshot(stage: stage, rows: rows, done: done, total: total, elapsed: started.map { Date().timeIntervalSince($0) })
        }
    }
}
