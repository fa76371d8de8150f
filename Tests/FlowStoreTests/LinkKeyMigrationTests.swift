import FlowCore
import Foundation
import Testing

@testable import FlowStore

extension Store {
    fileprivate func texts(_ sql: String) throws -> [String] {
        var out: [String] = []
        try db.query(sql) { out.append($0.optionalText(0) ?? "") }
        return out
    }

    /// Puts review_links back as the flowd before link keys had it (random tokens, only their hash stored) with one
    /// live link, and an outbox row that holds its address in full, as that flowd wrote them.
    fileprivate func backToRandomTokens(draftID: Int64, token: String) throws {
        let migration = try #require(migrations.firstIndex { $0.contains("CREATE TABLE review_links_next") })
        try db.exec(
            """
            BEGIN IMMEDIATE;
            DROP TABLE review_links;
            CREATE TABLE review_links (
                token_hash TEXT PRIMARY KEY,
                draft_id INTEGER NOT NULL REFERENCES drafts(id),
                revision INTEGER NOT NULL,
                user TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                used_at INTEGER,
                revoked_at INTEGER,
                revoked_why TEXT
            ) WITHOUT ROWID;
            CREATE INDEX review_links_by_draft ON review_links(draft_id, created_at);
            INSERT INTO review_links VALUES ('\(LinkToken.hash(token))', \(draftID), 1, 'carl', 0, 9999999999999,
                NULL, NULL, NULL);
            INSERT INTO outbox (sink, webhook_id, type, draft_id, event_id, payload, state, created_at, next_attempt_at)
                VALUES ('mail', 'msg_1', 'draft.submitted', \(draftID), 0,
                '{"type":"draft.submitted","data":{"links":{"carl":"https://f.example/r/\(token)"},"text":"t"}}',
                'pending', 0, 0);
            \(Store.undoMigrations(from: migration))
            PRAGMA user_version = \(migration);
            COMMIT;
            """)
    }
}

@Suite struct LinkKeyMigrationTests {
    /// The links of the flowd before were random tokens whose addresses sat in the outbox: the upgrade revokes them
    /// and drops those addresses, so no usable token is left in the database.
    @Test func randomTokenLinksAreRevokedAndTheirAddressesLeaveTheOutbox() async throws {
        let dir = TempDir()
        let token = LinkToken.make()
        do {
            let store = try Store(path: dir.database)
            let id = try await create(store).draft.id
            try await store.backToRandomTokens(draftID: id, token: token)
        }
        let store = try Store(path: dir.database)
        #expect(try await store.pragma("user_version") == "\(Store.schemaVersion)")
        let link = try #require(try await store.link(hash: LinkToken.hash(token)))
        #expect(link.revokedWhy == ReviewLink.rotated)
        #expect(link.nonce == nil)
        #expect(link.status(draftRevision: 1, now: Date(), key: store.linkKey) == .revoked(why: ReviewLink.rotated))
        let payloads = try await store.texts("SELECT payload FROM outbox")
        #expect(payloads.count == 1)
        #expect(!payloads[0].contains(token) && !payloads[0].contains("links"))
        #expect(payloads[0].contains("\"text\":\"t\""))
        // New links get ids and nonces after the old ones.
        let ref = try await store.mintLink(
            draftID: link.draftID, LinkGrant(user: "carl", revision: 1, expiresAt: Date().addingTimeInterval(60)),
            at: Date())
        #expect(ref.id > link.id)
    }
}
