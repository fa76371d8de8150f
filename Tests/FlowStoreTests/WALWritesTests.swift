import CWALWrites
import Foundation
import Testing

@testable import FlowStore

/// The store's writer gathers each transaction's WAL frames into one write (`CWALWrites`), and nothing else sees a
/// difference: another connection reads every commit, a transaction past the gathering limit commits whole, and the
/// database checks out.
@Suite struct WALWritesTests {
    @Test func commitsAreWrittenWholeAndOtherConnectionsReadThem() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        // Counted for the whole process, which runs other stores' tests at the same time; they only add to both.
        let asked = flowd_wal_writes_asked()
        let made = flowd_wal_writes_made()
        for index in 0..<20 {
            _ = try await create(store, title: "T\(index)")
            // A connection of SQLite's own sees each commit at once: its frames were in the file before the WAL
            // index pointed at them.
            let reader = try Connection(path: dir.database, readOnly: true)
            #expect(try reader.scalar("SELECT count(*) FROM drafts") == Int64(index + 1))
        }
        let writesAsked = flowd_wal_writes_asked() - asked
        let writesMade = flowd_wal_writes_made() - made
        // Each commit asks for at least two writes (a frame's header and its page) and makes one.
        #expect(writesAsked >= 40)
        #expect(writesMade < writesAsked)

        // One transaction of about 600 KB: more than one gathered write, still all or nothing.
        try await store.execute(
            """
            CREATE TABLE filler (x BLOB);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150)
            INSERT INTO filler SELECT randomblob(4000) FROM n;
            """)
        let reader = try Connection(path: dir.database, readOnly: true)
        #expect(try reader.scalar("SELECT count(*) FROM filler") == 150)
        #expect(try await store.integrityCheck() == "ok")
    }
}
