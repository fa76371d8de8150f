import Foundation
import Testing

@testable import FlowStore

/// The WAL is copied into the database file by the checkpointer's thread, and the writer finishes each pass.
@Suite struct CheckpointerTests {
    typealias Policy = CheckpointPolicy

    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    @Test func aPassPer1000NewPagesAndTheWriterFinishesEach() {
        var policy = Policy()
        #expect(policy.committed(pages: 4) == .none)
        #expect(policy.committed(pages: 999) == .none)
        #expect(policy.committed(pages: 1003) == .startPass)
        #expect(policy.committed(pages: 1010) == .none, "one pass at a time")
        policy.passEnded()
        #expect(policy.committed(pages: 1020) == .finishHere, "the commits that came during the pass")
        #expect(policy.committed(pages: 5) == .none, "the WAL started over")
        #expect(policy.committed(pages: 1004) == .startPass)
        // A pass that could not copy it all (a reader held an old snapshot): the WAL grows, and the next pass
        // waits for 1,000 pages more instead of running back to back.
        policy.passEnded()
        #expect(policy.committed(pages: 1010) == .finishHere)
        #expect(policy.committed(pages: 1500) == .none)
        #expect(policy.committed(pages: 2004) == .startPass)
    }

    @Test func aCommitPastTheThresholdIsCopiedIntoTheDatabaseAndTheWALStartsOver() async throws {
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
        while store.checkpointer.state.passes == 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(store.checkpointer.state.passes == 1)
        #expect(Self.size(dir.database) > before + 7_000_000, "the pages reached the database file")
        // Nothing was written during the pass, so it copied everything, and the next write starts the WAL over.
        _ = try await create(store)
        #expect(store.checkpointer.state.pages < 100)
        _ = try await create(store)
        #expect(store.checkpointer.state.passes == 1)
        #expect(try await store.integrityCheck() == "ok")
    }

    @Test func smallCommitsLeaveTheCheckpointerAsleep() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        for index in 0..<20 { _ = try await create(store, title: "T\(index)") }
        #expect(store.checkpointer.state.passes == 0)
        #expect(store.checkpointer.state.pages > 0)
    }
}
