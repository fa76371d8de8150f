import CSQLite
import Foundation

/// Copies committed pages from the WAL back into the database file, on a thread and a connection of its own.
///
/// SQLite's default (auto-checkpoint) does it inside the commit that leaves 1,000 pages in the WAL: that commit,
/// and every transition queued behind it, waited for the copy and the database file's fsync, tens of milliseconds
/// on this disk, which was the p99 of bench/webhooks (docs/benchmarks.md, "Checkpoints off the commit"). Here the
/// writer's connection only reports the WAL's size after each commit (`Connection.onWALPages`) and wakes this
/// thread, whose checkpoint is PASSIVE: it takes no lock the writer needs, so commits go on meanwhile.
///
/// The WAL starts over only once a checkpoint has copied all of it before the next write begins. Under a load that
/// never pauses that may not happen, so past `restartPages` the checkpoint is a RESTART: it waits for the write in
/// progress, holds the next one back while it copies, and the WAL starts over. That bounds the file as SQLite's
/// default would, at a cost only an unrelenting load sees.
final class Checkpointer: @unchecked Sendable {
    /// WAL pages after a commit that wake the checkpointer: SQLite's own auto-checkpoint threshold.
    static let pages: Int32 = 1000
    /// WAL pages past which the checkpoint restarts the WAL (about 32 MB of pages).
    static let restartPages: Int32 = 8000

    private let db: Connection
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var wanted: Mode?
    private var stopping = false
    private var done = 0
    private var reported: Int32 = 0

    enum Mode: String {
        case passive = "PASSIVE"
        case restart = "RESTART"
    }

    init(path: String) throws(SQLiteError) {
        db = try Connection(path: path)
        // Only RESTART waits on the busy handler: for the writer's transaction in progress, a few milliseconds.
        try db.exec("PRAGMA busy_timeout=5000")
        let thread = Thread { [self] in run() }
        thread.name = "flowd-checkpoint"
        thread.start()
    }

    /// Called on the writer's thread after a commit that left `pages` pages in the WAL; only sets a flag and
    /// signals, so the commit pays nothing more.
    func walHas(pages: Int32) {
        let mode: Mode = pages >= Self.restartPages ? .restart : .passive
        condition.lock()
        reported = pages
        if pages >= Self.pages {
            if wanted != .restart { wanted = mode }
            condition.signal()
        }
        condition.unlock()
    }

    /// The WAL's size the last commit reported; tests read it.
    var lastPages: Int {
        condition.lock()
        defer { condition.unlock() }
        return Int(reported)
    }

    /// Checkpoints run so far; tests wait on it.
    var checkpoints: Int {
        condition.lock()
        defer { condition.unlock() }
        return done
    }

    /// The thread ends after the checkpoint in progress, if any.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while wanted == nil && !stopping { condition.wait() }
            guard !stopping, let mode = wanted else {
                condition.unlock()
                return
            }
            wanted = nil
            condition.unlock()
            // A failure (the disk, or SQLITE_BUSY from a checkpoint by another connection) leaves the pages in the
            // WAL, where they are as durable as in the database file; the next commit past the threshold asks again.
            try? db.exec("PRAGMA wal_checkpoint(\(mode.rawValue))")
            condition.lock()
            done += 1
            condition.unlock()
        }
    }
}
