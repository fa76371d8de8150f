import FlowCore
import Foundation
import Testing

@testable import FlowStore

extension Store {
    /// The draft read from the database itself, past the cache, decoded from the statement's row.
    fileprivate func draftOnDisk(_ id: Int64) throws -> Draft? {
        var out: Draft?
        try db.query("SELECT \(draftColumns) FROM drafts WHERE id = ?", [.int(id)]) { out = try decodeDraft($0) }
        return out
    }

    fileprivate func isCached(_ id: Int64) -> Bool { draftCache.row(id) != nil }
}

/// The cache of committed draft rows answers exactly what the database would, whatever the transactions did.
@Suite struct DraftCacheTests {
    private static func expectSame(_ store: Store, _ id: Int64, sourceLocation: SourceLocation = #_sourceLocation)
        async throws
    {
        let cached = try await store.draft(id)
        let onDisk = try await store.draftOnDisk(id)
        #expect(cached != nil, sourceLocation: sourceLocation)
        #expect(cached == onDisk, sourceLocation: sourceLocation)
    }

    /// A pass of re-planning over every draft in review keeps its drafts out of the cache, which holds the drafts people
    /// act on; a draft it wrote reads back as stored.
    @Test func aDraftRePlannedInAPassLeavesTheCacheAndReadsAsStored() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        let id = try await create(store).draft.id
        _ = try await act(store, id, .submit, by: author)
        #expect(await store.isCached(id))
        _ = try await store.replanReviews(after: 0) { draft, _, _ in
            var replanned = draft
            replanned.dueAt = t0.addingTimeInterval(86_400)
            return Decision(draft: replanned, events: [], newRevision: false)
        }
        #expect(await !store.isCached(id))
        try await Self.expectSame(store, id)
        #expect(try await store.draft(id)?.dueAt == t0.addingTimeInterval(86_400))
    }

    /// Times with microseconds, as a real clock gives them: the database keeps milliseconds, and so must the cache.
    @Test func aCachedDraftIsTheStoredOneAfterEveryKindOfTransition() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        let id = try await create(store).draft.id
        try await Self.expectSame(store, id)
        let steps: [(Command, User)] = [
            (.comment, author), (.edit(ContentPatch(title: "New \"title\"", channels: ["x", "li"])), author),
            (.submit, author), (.comment, approver), (.requestChanges, approver),
            (.edit(ContentPatch(body: "line\nline", publishAt: t0.addingTimeInterval(86_400.123_456))), author),
            (.submit, author), (.acknowledge(until: t0.addingTimeInterval(3_600.5)), approver), (.approve, approver),
            (
                .publish(url: "https://e.example/1", externalID: "x1", contentHash: nil),
                User(name: "pia", side: .agency, roles: [.publisher])
            ),
        ]
        for (index, (command, user)) in steps.enumerated() {
            let now = t0.addingTimeInterval(10 + Double(index) + 0.123_456_7)
            _ = try await store.apply(draftID: id) { draft, _ in
                try Workflow.decide(
                    Request(command, message: "m"), on: draft, by: Actor(user: user), directory: rules, now: now)
            }
            try await Self.expectSame(store, id)
            #expect(await store.isCached(id), "the draft's next transition finds what this one wrote")
        }
        // And from a cold cache, as after a restart.
        let reopened = try Store(path: dir.database)
        #expect(try await reopened.draft(id) == store.draft(id))
        #expect(await !reopened.isCached(id))
        // A transition that leaves the row as it was (a comment) still makes its draft known.
        _ = try await reopened.apply(draftID: id) { draft, _ in
            try Workflow.decide(
                Request(.comment, message: "m"), on: draft, by: Actor(user: author), directory: rules,
                now: t0.addingTimeInterval(100))
        }
        #expect(await reopened.isCached(id))
        try await Self.expectSame(reopened, id)
    }

    /// A job that fails after writing its draft (its event names a draft that does not exist) leaves the draft as
    /// committed, alone in its transaction (ROLLBACK) and within a batch (ROLLBACK TO its savepoint).
    @Test(arguments: [false, true])
    func aJobRolledBackAfterItsWriteLeavesNoTrace(batched: Bool) async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        let id = try await create(store).draft.id
        _ = try await store.draft(id)  // cached
        let good = Self.job(id, title: "kept", brokenEvent: false)
        let bad = Self.job(id, title: "rolled back", brokenEvent: true)
        let batches = CommitCount(store)
        if batched {
            let busy = Task { await store.holdForTesting(seconds: 0.3) }
            try await Task.sleep(for: .milliseconds(50))
            async let first = good.run(store)
            try await Task.sleep(for: .milliseconds(20))
            async let second = bad.run(store)
            let (kept, refused) = await (first, second)
            await busy.value
            #expect(kept && !refused)
            #expect(batches.value == 1, "both jobs in one batch")
        } else {
            #expect(await bad.run(store) == false)
        }
        try await Self.expectSame(store, id)
        #expect(try await store.draft(id)?.content.title == (batched ? "kept" : "Post"))
    }

    /// A commit that fails keeps nothing of what its batch wrote.
    @Test func aFailedCommitLeavesTheDraftAsCommitted() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        let id = try await create(store).draft.id
        _ = try await store.draft(id)
        await store.vetoCommits(true)
        #expect(await Self.job(id, title: "vetoed", brokenEvent: false).run(store) == false)
        await store.vetoCommits(false)
        try await Self.expectSame(store, id)
        #expect(try await store.draft(id)?.content.title == "Post")
    }

    private struct Job {
        let id: Int64
        let title: String
        let brokenEvent: Bool

        func run(_ store: Store) async -> Bool {
            let (title, broken) = (title, brokenEvent)
            return
                (try? await store.apply(draftID: id) { draft, _ in
                    var decision = try Workflow.decide(
                        Request(.edit(ContentPatch(title: title))), on: draft, by: Actor(user: author),
                        directory: rules,
                        now: t0.addingTimeInterval(20))
                    // An event of a draft that does not exist: its insert fails after the draft's row was written.
                    if broken { decision.events[0].draftID = 9_999 }
                    return decision
                }) != nil
        }
    }

    private static func job(_ id: Int64, title: String, brokenEvent: Bool) -> Job {
        Job(id: id, title: title, brokenEvent: brokenEvent)
    }
}

/// The bookkeeping alone, event by event.
@Suite struct DraftCacheBookkeepingTests {
    private static func row(_ title: String) -> StoredRow { StoredRow(values: [.int(1), .text(title)]) }

    /// `persist` wrote the row and the transaction committed.
    private static func committedWrite(_ cache: DraftCache, _ id: Int64, _ title: String) {
        cache.rowChanged(id)
        cache.wrote(id, row(title))
        cache.committed()
    }

    @Test func whatATransactionWroteIsKnownOnlyOnceItCommits() {
        let cache = DraftCache()
        #expect(cache.row(1) == nil)
        cache.rowChanged(1)
        cache.wrote(1, Self.row("a"))
        #expect(cache.row(1) == nil, "changed in the open transaction: read from the database")
        cache.committed()
        #expect(cache.row(1)?.text(1) == "a")
        cache.rowChanged(1)
        #expect(cache.row(1) == nil)
        cache.wrote(1, Self.row("b"))
        cache.committed()
        #expect(cache.row(1)?.text(1) == "b")
    }

    @Test func aRollbackForgetsEveryDraftTheTransactionChanged() {
        let cache = DraftCache()
        Self.committedWrite(cache, 1, "a")
        Self.committedWrite(cache, 2, "x")
        cache.rowChanged(1)
        cache.wrote(1, Self.row("b"))
        cache.rolledBack(all: false)
        #expect(cache.row(1) == nil)
        #expect(cache.row(2)?.text(1) == "x", "untouched drafts stay known")
        cache.committed()
        #expect(cache.row(1) == nil, "what a ROLLBACK TO undid is not taken in at the commit")
        cache.rowChanged(2)
        cache.wrote(2, Self.row("y"))
        cache.rolledBack(all: true)
        #expect(cache.row(2) == nil)
        cache.committed()
        #expect(cache.row(2) == nil, "nothing of a transaction rolled back is taken in later")
    }

    @Test func aRowChangedWithoutPersistIsForgottenAtTheCommit() {
        let cache = DraftCache()
        Self.committedWrite(cache, 1, "a")
        cache.rowChanged(1)
        cache.committed()
        #expect(cache.row(1) == nil)
        // A write that changed no column (no UPDATE ran, so no change was seen) keeps what is known.
        Self.committedWrite(cache, 1, "a")
        cache.wrote(1, Self.row("a"))
        cache.committed()
        #expect(cache.row(1)?.text(1) == "a")
    }

    @Test func aDraftATransactionLeftAsItWasIsKnownAtOnce() {
        let cache = DraftCache()
        cache.wrote(1, Self.row("a"))
        #expect(cache.row(1)?.text(1) == "a", "not changed in the open transaction: the committed row")
        cache.rolledBack(all: true)
        #expect(cache.row(1)?.text(1) == "a", "a rollback undoes nothing of a row the transaction did not change")
        cache.rowChanged(1)
        cache.rolledBack(all: true)
        #expect(cache.row(1) == nil, "changed and then rolled back: read from the database again")
    }

    @Test func pastItsCapacityOneDraftIsForgottenForEachNewOne() {
        let cache = DraftCache()
        let capacity = Int64(DraftCache.capacity)
        for id in 1...capacity { Self.committedWrite(cache, id, "\(id)") }
        #expect((1...capacity).allSatisfy { cache.row($0) != nil })
        Self.committedWrite(cache, capacity + 1, "new")
        #expect(cache.row(capacity + 1)?.text(1) == "new")
        #expect((1...capacity).filter { cache.row($0) == nil }.count == 1)
    }
}

/// What the connection tells its observer: a ROLLBACK anywhere in SQL given to `exec`, at the start (after
/// whitespace) of a statement given to `query`, in any case; nothing for other SQL.
@Suite struct RollbackNoticeTests {
    private final class Heard: TransactionObserver {
        var rollbacks = 0
        func rowChanged(_ rowid: Int64) {}
        func rolledBack(all: Bool) { if !all { rollbacks += 1 } }
        func committed() {}
    }

    @Test func rollbacksAreNoticedByTheirText() throws {
        let dir = TempDir()
        let db = try Connection(path: dir.database)
        try db.exec("PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY)")
        let heard = Heard()
        db.observe("t", heard)
        try db.exec("BEGIN; SAVEPOINT a; INSERT INTO t VALUES (1); rollback to a; COMMIT")
        #expect(heard.rollbacks == 1)
        try db.exec("BEGIN; SAVEPOINT b")
        try db.run("  \n\tRollBack TO b")
        try db.run("RELEASE b")
        try db.exec("COMMIT")
        #expect(heard.rollbacks == 2)
        try db.run("INSERT INTO t VALUES (2)")
        try db.exec("SELECT 1")
        #expect(heard.rollbacks == 2)
    }
}
