import CSQLite
import Testing

@testable import FlowStore

/// SQLite's process-wide settings are made before the first connection, or SQLite refuses them.
@Suite struct SQLiteSetupTests {
    /// With its memory statistics on, SQLite counts every allocation under a process-wide mutex.
    @Test func sqliteKeepsNoMemoryStatistics() throws {
        let dir = TempDir()
        let db = try Connection(path: dir.database)
        try db.exec("CREATE TABLE t (a TEXT); INSERT INTO t VALUES (hex(randomblob(4000)))")
        #expect(sqlite3_memory_used() == 0)
    }
}
