import FlowCore
import Foundation
import Testing

@testable import FlowStore

/// A fresh directory under /tmp, removed when the test ends.
final class TempDir {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "flowd-store-" + UUID().uuidString.prefix(8)
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    var database: String { path + "/flowd.db" }
}

let author = User(name: "ana", side: .agency, roles: [.author])
let approver = User(name: "carl", side: .company, roles: [.approver])
let rules = Directory(clients: ["acme": Client(id: "acme", name: "ACME", approvers: ["carl"])])
let t0 = Date(timeIntervalSince1970: 1_790_000_000)

func create(_ store: Store, title: String = "Post", body: String = "Body") async throws -> Decision {
    try await store.apply(draftID: nil) { draft, id in
        try Workflow.decide(
            Request(
                .create(
                    client: "acme", lane: .normal,
                    content: Content(title: title, body: body, channels: ["x"], publishAt: nil), labels: [])),
            on: draft, by: Actor(user: author), directory: rules, now: t0, newID: id)
    }
}

func act(_ store: Store, _ id: Int64, _ command: Command, by user: User, message: String? = nil) async throws
    -> Decision
{
    try await store.apply(draftID: id) { draft, _ in
        try Workflow.decide(
            Request(command, message: message), on: draft, by: Actor(user: user), directory: rules,
            now: t0.addingTimeInterval(5))
    }
}

@Suite struct StoreTests {
    @Test func opensWithDurablePragmasAndTheCurrentSchema() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        #expect(try await store.pragma("journal_mode") == "wal")
        #expect(try await store.pragma("synchronous") == "2")  // FULL
        #expect(try await store.pragma("foreign_keys") == "1")
        #expect(try await store.pragma("user_version") == "\(Store.schemaVersion)")
        #expect(try await store.pragma("busy_timeout") == "5000")
    }

    @Test func everythingCommittedIsThereAfterReopening() async throws {
        let dir = TempDir()
        var expected: Draft?
        do {
            let store = try Store(path: dir.database)
            let created = try await create(store)
            _ = try await act(store, created.draft.id, .edit(ContentPatch(body: "Body v2")), by: author)
            _ = try await act(store, created.draft.id, .submit, by: author)
            expected = try await act(store, created.draft.id, .approve, by: approver).draft
        }
        let reopened = try Store(path: dir.database)
        let draft = try #require(try await reopened.draft(1))
        #expect(draft == expected)
        #expect(draft.state == .approved)
        #expect(draft.revision == 2)
        let events = try await reopened.events(draftID: 1)
        #expect(events.map(\.kind) == [.create, .edit, .submit, .approve])
        #expect(events.map(\.id) == [1, 2, 3, 4])
        #expect(try await reopened.revisionCount(draftID: 1) == 2)
    }

    @Test func aRefusalWritesNothing() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        let created = try await create(store)
        await #expect(throws: Refusal.self) {
            _ = try await act(store, created.draft.id, .approve, by: approver)
        }
        #expect(try await store.draft(1) == created.draft)
        #expect(try await store.eventCount() == 1)
    }

    @Test func aMissingDraftIsNotFound() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        do {
            _ = try await act(store, 42, .submit, by: author)
            Issue.record("expected a refusal")
        } catch let refusal as Refusal {
            #expect(refusal.code == .notFound)
        }
    }

    @Test func eventsAreAppendOnly() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        _ = try await create(store)
        await #expect(throws: SQLiteError.self) { try await store.execute("UPDATE events SET actor = 'mallory'") }
        await #expect(throws: SQLiteError.self) { try await store.execute("DELETE FROM events") }
        #expect(try await store.events(draftID: 1).first?.actor == "ana")
    }

    @Test func listsFilterAndPage() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        for i in 1...5 { _ = try await create(store, title: "Post \(i)") }
        _ = try await act(store, 2, .submit, by: author)
        _ = try await act(store, 4, .submit, by: author)
        #expect(try await store.drafts(DraftFilter(state: .review)).map(\.id) == [4, 2])
        #expect(try await store.drafts(limit: 2).map(\.id) == [5, 4])
        #expect(try await store.drafts(limit: 2, before: 4).map(\.id) == [3, 2])
        #expect(try await store.drafts(clients: ["other"]).isEmpty)
        let counts = try await store.countsByState()
        #expect(counts[.draft] == 3)
        #expect(counts[.review] == 2)
    }

    @Test func aDatabaseFromANewerFlowdIsRefused() async throws {
        let dir = TempDir()
        do {
            let store = try Store(path: dir.database)
            try await store.execute("PRAGMA user_version = 999")
        }
        #expect(throws: SQLiteError.self) { _ = try Store(path: dir.database) }
    }

    @Test func anEmptyBodyIsStoredAsEmptyNotNull() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        let created = try await create(store, body: "")
        #expect(try await store.draft(created.draft.id)?.content.body == "")
    }

    @Test func unicodeAndQuotesRoundTrip() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        let body = "Grüße 👋 'quoted' \"double\" \u{0} nul"
        let created = try await create(store, title: "Ünïcödé ✓", body: body)
        let loaded = try #require(try await store.draft(created.draft.id))
        #expect(loaded.content.body == body)
        #expect(loaded.content.title == "Ünïcödé ✓")
        #expect(loaded.contentHash == created.draft.contentHash)
    }
}
