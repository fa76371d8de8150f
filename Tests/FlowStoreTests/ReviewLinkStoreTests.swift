import FlowCore
import FlowRender
import Foundation
import Testing

@testable import FlowStore

@Suite struct ReviewLinkStoreTests {
    static let directory: Directory = {
        var directory = Directory(
            clients: ["acme": Client(id: "acme", name: "ACME", approvers: ["carl"])], users: [author, approver])
        directory.reviewLinks = true
        return directory
    }()

    static func act(_ store: Store, _ id: Int64?, _ command: Command, by user: User) async throws -> Decision {
        try await store.apply(draftID: id) { draft, newID in
            try Workflow.decide(
                Request(command, message: "m"), on: draft, by: Actor(user: user), directory: directory, now: t0,
                newID: newID)
        }
    }

    @Test func aTransitionMintsLinksInItsTransactionAndKeepsOnlyTheirHashes() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        let created = try await Self.act(
            store, nil,
            .create(
                client: "acme", lane: .normal, content: Content(title: "T", body: "B", channels: [], publishAt: nil),
                labels: []), by: author)
        let id = created.draft.id
        let submitted = try await Self.act(store, id, .submit, by: author)
        let ref = try #require(submitted.linkRefs["carl"])
        let token = store.linkKey.token(for: ref)
        #expect(LinkToken.isWellFormed(token))
        let links = try await store.links(draftID: id)
        #expect(links.map(\.user) == ["carl"])
        #expect(links.first?.tokenHash == LinkToken.hash(token))
        #expect(links.first?.ref == ref)
        #expect(try await store.link(hash: LinkToken.hash(token))?.draftID == id)

        // By hand, then revoked for one person; a withdrawal revokes the rest with its reason.
        let grant = LinkGrant(user: "carl", revision: 1, expiresAt: t0.addingTimeInterval(3600))
        let second = try await store.mintLink(draftID: id, grant, at: t0)
        #expect(second != ref)
        #expect(try await store.revokeLinks(draftID: id, user: "carl", why: "lost phone", now: t0) == 2)
        #expect(try await store.revokeLinks(draftID: id, user: "carl", why: "again", now: t0) == 0)
        _ = try await store.mintLink(draftID: id, grant, at: t0)
        _ = try await Self.act(store, id, .withdraw, by: author)
        let reasons = try await store.links(draftID: id).map { $0.revokedWhy ?? "" }
        #expect(reasons.filter { $0 == "lost phone" }.count == 2)
        #expect(reasons.filter { $0 == "the draft was withdrawn" }.count == 1)
    }

    /// The database holds no working link: neither the links' rows nor the outbox's payloads, which keep a placeholder
    /// until delivery. Only the key, which is not in the database, turns a row into an address.
    @Test func noUsableTokenIsAtRest() async throws {
        let dir = TempDir()
        let key = LinkKey.random()
        let store = try Store(path: dir.database, linkKey: key)
        let planner = OutboxPlanner(
            routes: [SinkRoute(name: "mail", format: .json)], contacts: [:], directory: Self.directory,
            publicURL: "https://review.example.com", rendering: NoticeRenderer())
        let created = try await store.apply(draftID: nil, outbox: planner) { _, newID in
            try Workflow.decide(
                Request(
                    .create(
                        client: "acme", lane: .normal,
                        content: Content(title: "T", body: "B", channels: [], publishAt: nil), labels: [])),
                on: nil, by: Actor(user: author), directory: Self.directory, now: t0, newID: newID)
        }
        let submitted = try await store.apply(draftID: created.draft.id, outbox: planner) { draft, _ in
            try Workflow.decide(
                Request(.submit), on: draft, by: Actor(user: author), directory: Self.directory, now: t0)
        }
        let token = key.token(for: try #require(submitted.linkRefs["carl"]))
        let bytes =
            try Data(contentsOf: URL(fileURLWithPath: dir.database))
            + ((try? Data(contentsOf: URL(fileURLWithPath: dir.database + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data(token.utf8)) == nil, "the token is nowhere in the database's files")
        let row = try #require(try await store.dueDelivery(sink: "mail", now: t0))
        #expect(row.payload.contains(try #require(submitted.linkRefs["carl"]).placeholder))
        #expect(!row.payload.contains("/r/"))
    }

    /// A reminder leaves the draft's time as it was; the links it mints are still made at its own time, as
    /// `flowctl links` lists them.
    @Test func aReminderMintsItsLinksAtItsOwnTime() async throws {
        let rules = {
            var rules = ladderRules
            rules.reviewLinks = true
            return rules
        }()
        let dir = TempDir()
        let store = try Store(path: dir.database)
        let id = try await submitted(store, directory: rules).id
        let remindedAt = t0.addingTimeInterval(3600)
        let fired = try await store.fireDue(now: remindedAt) { timer, draft, pending in
            Deadlines.fire(timer, on: draft, pending: pending, directory: rules, now: remindedAt)
        }
        #expect(fired.flatMap(\.events).map(\.kind) == [.remind])
        #expect(try await store.draft(id)?.updatedAt == t0, "a reminder leaves the draft's time as it was")
        #expect(try await store.links(draftID: id).map(\.createdAt) == [remindedAt, t0])
    }
}
