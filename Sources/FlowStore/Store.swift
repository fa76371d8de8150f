import Synchronization

/// The one owner of the SQLite connection: every read and write goes through this actor.
public actor Store {
    public nonisolated let path: String
    /// Hears of every group commit (the daemon's metrics).
    public nonisolated let commits = CommitObserver()
    let db: Connection

    /// Opens (creating if needed) the database, sets durability pragmas and migrates it.
    public init(path: String) throws {
        self.path = path
        db = try Connection(path: path)
        // Durability first: an acknowledged transition must survive power loss, hence FULL.
        try db.exec(
            """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=FULL;
            PRAGMA foreign_keys=ON;
            PRAGMA busy_timeout=5000;
            """)
        try Self.migrate(db)
    }

    public static var schemaVersion: Int { migrations.count }

    private static func migrate(_ db: Connection) throws {
        let current = Int(try db.scalar("PRAGMA user_version") ?? 0)
        guard current <= migrations.count else {
            throw SQLiteError(
                code: 0,
                message: "database schema version \(current) is newer than this flowd knows (\(migrations.count))")
        }
        for version in current..<migrations.count {
            try db.exec("BEGIN IMMEDIATE")
            do {
                try db.exec(migrations[version])
                try db.exec("PRAGMA user_version = \(version + 1)")
                try db.exec("COMMIT")
            } catch {
                try? db.exec("ROLLBACK")
                throw error
            }
        }
    }

    /// Group commit (one fsync per batch of transitions) decides with this state machine; `Batching.swift`
    /// performs what it decides. Joined transitions wait to be answered; readers and held leaders to run.
    typealias Batches = GroupCommit<CheckedContinuation<Void, any Error>, CheckedContinuation<Void, Never>>
    var groupCommit = Batches()

    /// Transitions on their way to the actor; the batch leader waits for them, and only for them.
    nonisolated let announced = Atomic<Int>(0)
}
