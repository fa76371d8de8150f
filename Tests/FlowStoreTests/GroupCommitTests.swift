import FlowCore
import Foundation
import Testing

@testable import FlowStore

@Suite struct GroupCommitTests {
    @Test func concurrentTransitionsShareCommitsAndAllLand() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        let batches = CommitCount(store)
        let count = 64
        // The actor is busy (as during a long fsync) while the transitions arrive, as under load; long enough
        // for all of them to be on their way even when other tests keep both cores busy.
        let busy = Task { await store.holdForTesting(seconds: 1) }
        try await Task.sleep(for: .milliseconds(50))
        let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
            for index in 0..<count {
                group.addTask { try await create(store, title: "T\(index)").draft.id }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        await busy.value
        #expect(Set(ids).count == count)
        #expect(try await store.drafts(limit: 1000).count == count)
        let commits = batches.value
        #expect(commits < count, "\(count) transitions took \(commits) commits: nothing was batched")
        // What is answered is on disk: a second connection sees all of it.
        let reopened = try Store(path: dir.database)
        #expect(try await reopened.eventCount() == count)
    }

    @Test func aRefusalInABatchLeavesTheOthersCommitted() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        let first = try await create(store).draft.id
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                group.addTask {
                    // Every fourth asks for something the state table refuses: approving a draft not in review.
                    if index % 4 == 0 {
                        return (try? await act(store, first, .approve, by: approver)) != nil
                    }
                    return (try? await create(store, title: "T\(index)")) != nil
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 12)
        #expect(try await store.drafts(limit: 100).count == 13)
        #expect(try await store.events(draftID: first).count == 1)
    }

    @Test func aFailedCommitFailsEveryCallerInItAndAppliesNothing() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        await store.vetoCommits(true)
        let failures = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                group.addTask { (try? await create(store, title: "T\(index)")) == nil }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(failures.allSatisfy { $0 }, "a caller was answered although its commit failed")
        #expect(try await store.drafts(limit: 100).isEmpty)
        #expect(try await store.eventCount() == 0)
        await store.vetoCommits(false)
        #expect(try await create(store).draft.id == 1)
        #expect(try await store.eventCount() == 1)
    }

    @Test func aStreamOfTransitionsDoesNotStarveReads() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        let total = 8 * 250
        let writers = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        for index in 0..<250 { _ = try await create(store, title: "W\(writer)-\(index)") }
                    }
                }
                try await group.waitForAll()
            }
        }
        // Reads run between batches, never after the whole stream: the reader sees the count grow instead of only
        // the start and the end.
        var seen: Set<Int> = []
        var count = 0
        while count < total {
            count = try await store.eventCount()
            seen.insert(count)
            // Not a busy loop: it would take a pool thread from the tests running beside this one.
            try await Task.sleep(for: .milliseconds(1))
        }
        try await writers.value
        #expect(seen.filter { $0 > 0 && $0 < total }.count >= 2, "reads saw only \(seen.sorted())")
    }

    /// A WriteJob that creates a draft and tells on which thread its answer came.
    static func createJob(_ done: @escaping @Sendable (Result<Store.TransitionResult, any Error>, Bool) -> Void)
        -> WriteJob
    {
        let submitter = pthread_self()
        return WriteJob(
            draftID: nil, receipt: nil, outbox: nil, lookup: nil,
            decide: { draft, id, _ in
                try Workflow.decide(
                    Request(
                        .create(
                            client: "acme", lane: .normal,
                            content: Content(title: "T", body: "B", channels: ["x"], publishAt: nil), labels: [])),
                    on: draft, by: Actor(user: author), directory: rules, now: t0, newID: id)
            },
            done: { done($0, pthread_equal(pthread_self(), submitter) != 0) })
    }

    @Test func aCallerThatMayWaitCommitsOnItsOwnThreadWhenTheWriterIsIdle() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        let batches = CommitCount(store)
        let answered = Shared<[Bool]>([])
        // From a thread of its own, as an event loop would: the commit and the answer happen before submit returns.
        let thread = Thread {
            store.submit(
                Self.createJob { result, here in answered.withLock { $0.append(here && (try? result.get()) != nil) } },
                here: true)
            answered.withLock { $0.append(true) }
        }
        thread.start()
        while answered.withLock({ $0.count }) < 2 { try await Task.sleep(for: .milliseconds(1)) }
        let order = answered.withLock { $0 }
        #expect(order == [true, true], "answered on the caller's thread, before submit returned")
        #expect(try await store.eventCount() == 1)
        #expect(batches.value == 1)
    }

    @Test func aCallerThatMayWaitLeavesABusyWriterAlone() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        // The store's thread is busy, as with a read or a batch: the job waits for it and is answered there.
        let busy = Task { await store.holdForTesting(seconds: 0.3) }
        try await Task.sleep(for: .milliseconds(50))
        let answered = Shared<[Bool]>([])
        let returned = Shared(false)
        let thread = Thread {
            store.submit(
                Self.createJob { result, here in answered.withLock { $0.append(!here && (try? result.get()) != nil) } },
                here: true)
            returned.withLock { $0 = answered.withLock { $0.isEmpty } }
        }
        thread.start()
        await busy.value
        while answered.withLock({ $0.count }) < 1 { try await Task.sleep(for: .milliseconds(1)) }
        let (early, got) = (returned.withLock { $0 }, answered.withLock { $0 })
        #expect(early, "submit returned before the answer")
        #expect(got == [true], "answered on the store's thread")
        #expect(try await store.eventCount() == 1)
    }
}
