import CSQLite
import Foundation

/// Copies committed pages from the WAL back into the database file, on a thread and a connection of its own, as
/// `CheckpointPolicy` decides: the writer's connection reports the WAL's size after each commit
/// (`Connection.onWALPages`), which only takes a lock and perhaps signals this thread.
final class Checkpointer: @unchecked Sendable {
    private let db: Connection
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var policy = CheckpointPolicy()
    private var wanted = false
    private var stopping = false
    private var passes = 0

    init(path: String) throws(SQLiteError) {
        db = try Connection(path: path)
        let thread = Thread { [self] in run() }
        thread.name = "flowd-checkpoint"
        thread.start()
    }

    /// Called on the writer's thread after each commit; true when the writer should checkpoint the rest itself now.
    func committed(pages: Int32) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        switch policy.committed(pages: pages) {
        case .none: return false
        case .finishHere: return true
        case .startPass:
            wanted = true
            condition.signal()
            return false
        }
    }

    /// Passes run so far, and the WAL's size after the last commit; tests read them.
    var state: (passes: Int, pages: Int32) {
        condition.lock()
        defer { condition.unlock() }
        return (passes, policy.reported)
    }

    /// The thread ends after the pass in progress, if any.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while !wanted && !stopping { condition.wait() }
            guard !stopping else {
                condition.unlock()
                return
            }
            wanted = false
            condition.unlock()
            // A failure (the disk, or SQLITE_BUSY while the writer finishes a checkpoint) leaves the pages in the
            // WAL, where they are as durable as in the database file; the policy asks again 1,000 pages later.
            try? db.exec("PRAGMA wal_checkpoint(PASSIVE)")
            condition.lock()
            passes += 1
            policy.passEnded()
            condition.unlock()
        }
    }
}
