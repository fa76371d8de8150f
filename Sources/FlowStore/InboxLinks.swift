public import FlowCore
public import Foundation

/// A person's inbox link as stored: whose it is, for which client, and how long it lives.
public struct InboxLink: Sendable, Equatable {
    public var ref: LinkRef
    public var user: String
    /// The one client whose drafts it lists: the notices that carry it go to that client's sinks alone.
    public var client: String
    public var createdAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?

    public func isLive(at now: Date) -> Bool { revokedAt == nil && expiresAt > now }
}

extension Store {
    /// How long an inbox link lives, and how much of that must be left for a notification to carry it again rather
    /// than a new one: a person keeps one address for weeks, and never gets one about to end.
    public static let inboxLife: TimeInterval = 30 * 86_400
    static let inboxRenewal: TimeInterval = 7 * 86_400

    /// The people's inbox links for `client`, found or minted in the transaction of the notifications that carry
    /// them.
    func inboxLinks(for users: [String], client: String, at now: Date) throws -> [String: LinkRef] {
        var refs: [String: LinkRef] = [:]
        for user in users.sorted() {
            var found: LinkRef?
            try db.query(
                """
                SELECT id, nonce FROM inbox_links WHERE user = ? AND client = ? AND revoked_at IS NULL AND expires_at > ?
                ORDER BY expires_at DESC LIMIT 1
                """, [.text(user), .text(client), .int(now.addingTimeInterval(Self.inboxRenewal).millis)]
            ) { found = LinkRef(id: $0.int(0), nonce: $0.text(1)) }
            if let found {
                refs[user] = found
                continue
            }
            let nonce = LinkRef.newNonce()
            try db.run(
                """
                INSERT INTO inbox_links (token_hash, nonce, user, client, created_at, expires_at)
                VALUES ('', ?, ?, ?, ?, ?)
                """,
                [
                    .text(nonce), .text(user), .text(client), .int(now.millis),
                    .int(now.addingTimeInterval(Self.inboxLife).millis),
                ])
            let ref = LinkRef(id: db.lastInsertID, nonce: nonce)
            try db.run(
                "UPDATE inbox_links SET token_hash = ? WHERE id = ?",
                [.text(LinkToken.hash(linkKey.inboxToken(for: ref))), .int(ref.id)])
            refs[user] = ref
        }
        return refs
    }

    /// `inboxLinks(for:at:)` in a transaction of its own, for tests.
    func mintInboxLinks(for users: [String], client: String = "acme", at now: Date) async throws -> [String: LinkRef] {
        try await writing { try inboxLinks(for: users, client: client, at: now) }
    }

    /// The inbox link whose token hashes to `hash`.
    public func inboxLink(hash: String) async throws -> InboxLink? {
        var found: InboxLink?
        try db.query(
            "SELECT id, nonce, user, expires_at, revoked_at, client, created_at FROM inbox_links WHERE token_hash = ?",
            [.text(hash)]
        ) {
            found = InboxLink(
                ref: LinkRef(id: $0.int(0), nonce: $0.text(1)), user: $0.text(2), client: $0.text(5),
                createdAt: Date(millis: $0.int(6)), expiresAt: Date(millis: $0.int(3)),
                revokedAt: $0.optionalInt(4).map(Date.init(millis:)))
        }
        // A hash collision with a row of another key would still not derive to this token: check it.
        guard let found, LinkToken.hash(linkKey.inboxToken(for: found.ref)) == hash else { return nil }
        return found
    }

    /// The person's newest live inbox link for `client`, for the way back from their review pages of its drafts.
    public func liveInboxLink(user: String, client: String, now: Date) async throws -> LinkRef? {
        var found: LinkRef?
        try db.query(
            """
            SELECT id, nonce FROM inbox_links WHERE user = ? AND client = ? AND revoked_at IS NULL AND expires_at > ?
            ORDER BY expires_at DESC LIMIT 1
            """, [.text(user), .text(client), .int(now.millis)]
        ) { found = LinkRef(id: $0.int(0), nonce: $0.text(1)) }
        return found
    }

    /// Each draft's newest live review link of `user` for its current revision, by draft: what the inbox opens.
    public func liveReviewLinks(user: String, drafts: [Draft], now: Date) async throws -> [Int64: LinkRef] {
        var refs: [Int64: LinkRef] = [:]
        for draft in drafts {
            try db.query(
                """
                SELECT id, nonce FROM review_links WHERE draft_id = ? AND user = ?2 AND revision = ?
                AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?
                AND (shown_to IS NULL OR shown_to = ?2) ORDER BY created_at DESC LIMIT 1
                """, [.int(draft.id), .text(user), .int(Int64(draft.revision)), .int(now.millis)]
            ) { refs[draft.id] = LinkRef(id: $0.int(0), nonce: $0.text(1)) }
        }
        return refs
    }

    /// The inbox links of `user` (everyone's when nil), of the given clients only when `clients` is set, newest
    /// first: a person's addresses as an admin or the agency sees them, never their tokens.
    public func inboxLinks(user: String?, clients: Set<String>?) async throws -> [InboxLink] {
        var sql = "SELECT id, nonce, user, client, created_at, expires_at, revoked_at FROM inbox_links WHERE 1"
        var params: [SQLValue] = []
        if let user {
            sql += " AND user = ?"
            params.append(.text(user))
        }
        let scope = Self.scopeFilter(clients, column: "client")
        var links: [InboxLink] = []
        try db.query(sql + scope.sql + " ORDER BY created_at DESC, id DESC", params + scope.params) {
            links.append(
                InboxLink(
                    ref: LinkRef(id: $0.int(0), nonce: $0.text(1)), user: $0.text(2), client: $0.text(3),
                    createdAt: Date(millis: $0.int(4)), expiresAt: Date(millis: $0.int(5)),
                    revokedAt: $0.optionalInt(6).map(Date.init(millis:))))
        }
        return links
    }

    /// Revokes a person's live inbox links (only `client`'s when given), of the given clients only when `clients`
    /// is set; returns how many. The next notice that carries one mints a new address.
    public func revokeInboxLinks(user: String, client: String? = nil, clients: Set<String>? = nil, now: Date)
        async throws -> Int
    {
        var sql = "UPDATE inbox_links SET revoked_at = ? WHERE user = ? AND revoked_at IS NULL AND expires_at > ?"
        var params: [SQLValue] = [.int(now.millis), .text(user), .int(now.millis)]
        if let client {
            sql += " AND client = ?"
            params.append(.text(client))
        }
        let scope = Self.scopeFilter(clients, column: "client")
        return try await writing {
            try db.run(sql + scope.sql, params + scope.params)
            return Int(db.changes)
        }
    }
}
