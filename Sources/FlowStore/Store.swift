public import FlowCore
import Synchronization

/// The one owner of the SQLite connection: every read and write goes through this actor.
public actor Store {
    public nonisolated let path: String
    /// Hears of every group commit (the daemon's metrics).
    public nonisolated let commits = CommitObserver()
    let db: Connection
    /// The actor's executor: the one thread that touches `db`.
    let thread = StoreThread(name: "flowd-store")
    public nonisolated var unownedExecutor: UnownedSerialExecutor { thread.asUnownedSerialExecutor() }

    /// Copies the WAL into the database file off the writer's path.
    nonisolated let checkpointer: Checkpointer
    /// `updateDraftSQL`'s statements, by the set of columns they write.
    var updateStatements: [UInt64: String] = [:]
    /// The drafts' rows as committed; `db` keeps it right.
    let draftCache = DraftCache()

    deinit {
        thread.stop()
        checkpointer.stop()
    }

    /// Derives review links' tokens (`LinkKey`); kept outside the database.
    public nonisolated let linkKey: LinkKey

    /// Opens (creating if needed) the database, sets durability pragmas and migrates it. `linkKey` is the server's
    /// link key; a store given none makes one of its own, whose links last as long as the store.
    public init(path: String, linkKey: LinkKey = .random()) throws {
        self.path = path
        self.linkKey = linkKey
        db = try Connection(path: path, gatherWALWrites: true)
        // Durability first: an acknowledged transition must survive power loss, hence FULL.
        try db.exec(
            """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=FULL;
            PRAGMA foreign_keys=ON;
            PRAGMA busy_timeout=5000;
            """)
        try Self.migrate(db)
        let checkpointer = try Checkpointer(path: path)
        db.onWALPages { checkpointer.committed(pages: $0) }
        self.checkpointer = checkpointer
        // The cache learns of commits from the WAL hook, which SQLite calls only in WAL mode; on a file system where
        // SQLite could not turn WAL on, it stays empty rather than hold on to what it was told.
        var journal = ""
        try db.query("PRAGMA journal_mode") { journal = $0.text(0) }
        if journal == "wal" { db.observe("drafts", draftCache) }
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

    /// Transitions waiting for the writer; group commit decides with it (`Batching.swift` performs).
    nonisolated let writes = Mutex(WriteQueue<WriteJob>())
}
