import Foundation
import Testing

@testable import FlowStore

/// The WAL is copied into the database file by the checkpointer's own thread and connection, not inside a commit.
@Suite struct CheckpointerTests {
    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    @Test func aCommitPastTheThresholdWakesTheCheckpointerWhichCopiesTheWALIntoTheDatabase() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        let before = Self.size(dir.database)
        // One commit of about 2,000 pages (8 MB): past the threshold, and all of it in the WAL at first.
        try await store.execute(
            """
            CREATE TABLE filler (x BLOB);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
            INSERT INTO filler SELECT randomblob(4000) FROM n;
            """)
        let deadline = ContinuousClock.now + .seconds(20)
        while store.checkpointer.checkpoints == 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(store.checkpointer.checkpoints >= 1)
        #expect(Self.size(dir.database) > before + 7_000_000, "the pages reached the database file")
        // The next commit starts the WAL over: it reports only its own pages.
        _ = try await create(store)
        #expect(store.checkpointer.lastPages < Int(Checkpointer.pages))
        #expect(try await store.integrityCheck() == "ok")
    }

    @Test func smallCommitsLeaveTheCheckpointerAsleep() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        for index in 0..<20 { _ = try await create(store, title: "T\(index)") }
        #expect(store.checkpointer.checkpoints == 0)
        #expect(store.checkpointer.lastPages > 0)
    }
}
