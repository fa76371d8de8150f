import FlowCore
import Foundation
import Testing

@testable import FlowStore

@Suite struct InboxLinkTests {
    @Test func onePersonKeepsOneAddressForWeeksAndGetsANewOneBeforeItEnds() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let first = try await store.mintInboxLinks(for: ["carl", "dora"], at: start)
        let again = try await store.mintInboxLinks(for: ["carl"], at: start.addingTimeInterval(86_400))
        #expect(again["carl"] == first["carl"] && first["carl"] != first["dora"])
        // Another client's notices carry another link: each lists its own client's posts alone.
        let globex = try await store.mintInboxLinks(for: ["carl"], client: "globex", at: start)
        #expect(globex["carl"] != first["carl"])

        let carl = try #require(first["carl"])
        let token = store.linkKey.inboxToken(for: carl)
        let found = try #require(try await store.inboxLink(hash: LinkToken.hash(token)))
        #expect(found.user == "carl" && found.isLive(at: start))
        #expect(found.expiresAt == start.addingTimeInterval(Store.inboxLife))
        // A review link's derivation of the same row is no inbox token.
        #expect(try await store.inboxLink(hash: LinkToken.hash(store.linkKey.token(for: carl))) == nil)
        #expect(try await store.liveInboxLink(user: "carl", client: "acme", now: start) == carl)

        // Less than a week left: the next notice carries a new address; the old one lives out its time.
        let late = start.addingTimeInterval(Store.inboxLife - 6 * 86_400)
        let renewed = try await store.mintInboxLinks(for: ["carl"], at: late)
        #expect(renewed["carl"] != carl)
        #expect(try await store.inboxLink(hash: LinkToken.hash(token))?.isLive(at: late) == true)

        // Listed within a scope, newest first; revoked for one client, and only within the scope.
        let listed = try await store.inboxLinks(user: "carl", clients: ["globex"])
        #expect(listed.map(\.client) == ["globex"] && listed[0].createdAt == start)
        #expect(try await store.inboxLinks(user: nil, clients: nil).count == 4, "carl's three and dora's")
        #expect(
            try await store.revokeInboxLinks(user: "carl", client: "acme", clients: ["globex"], now: late) == 0)
        #expect(try await store.revokeInboxLinks(user: "carl", client: "globex", now: late) == 1)
        #expect(try await store.liveInboxLink(user: "carl", client: "acme", now: late) != nil)
        #expect(try await store.revokeInboxLinks(user: "carl", now: late) == 2, "acme's two")
        #expect(try await store.inboxLink(hash: LinkToken.hash(token))?.isLive(at: late) == false)
        #expect(try await store.liveInboxLink(user: "carl", client: "acme", now: late) == nil)
    }

    @Test func retentionPurgesInboxLinksThatEndedARetentionAgo() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let carl = try #require(try await store.mintInboxLinks(for: ["carl"], at: start)["carl"])
        let hash = LinkToken.hash(store.linkKey.inboxToken(for: carl))
        let ended = start.addingTimeInterval(Store.inboxLife)
        var batch = try await store.retentionBatch(
            deliveredBefore: ended, receivedBefore: ended, sinks: [], orphanedBefore: ended, limit: 10)
        #expect(batch.inboxLinksPurged == 0, "not before it ends")
        batch = try await store.retentionBatch(
            deliveredBefore: ended.addingTimeInterval(1), receivedBefore: ended, sinks: [], orphanedBefore: ended,
            limit: 10)
        #expect(batch.inboxLinksPurged == 1)
        #expect(try await store.inboxLink(hash: hash) == nil)
    }
}
