import FlowCore
public import Foundation

/// Calendar feeds: one live secret URL per client at a time, its token stored only as a hash.
extension Store {
    /// Makes a new feed for `client` and revokes the ones before it; returns the token (never stored).
    public func createCalendarFeed(client: String, by actor: String, at now: Date) async throws -> String {
        let token = LinkToken.make()
        try await writing {
            try revokeCalendarFeeds(client: client, at: now)
            try db.run(
                "INSERT INTO calendar_feeds (token_hash, client, created_by, created_at) VALUES (?, ?, ?, ?)",
                [.text(LinkToken.hash(token)), .text(client), .text(actor), .int(now.millis)])
        }
        return token
    }

    /// Revokes a client's live feeds; returns how many.
    public func revokeCalendarFeeds(client: String, now: Date) async throws -> Int {
        try await writing { try revokeCalendarFeeds(client: client, at: now) }
    }

    @discardableResult
    private func revokeCalendarFeeds(client: String, at now: Date) throws -> Int {
        try db.run(
            "UPDATE calendar_feeds SET revoked_at = ? WHERE client = ? AND revoked_at IS NULL",
            [.int(now.millis), .text(client)])
        return Int(db.changes)
    }

    /// The client of the live feed whose token hashes to `hash`, if there is one.
    public func calendarFeedClient(hash: String) async throws -> String? {
        var client: String?
        try db.query(
            "SELECT client FROM calendar_feeds WHERE token_hash = ? AND revoked_at IS NULL", [.text(hash)]
        ) { client = $0.text(0) }
        return client
    }
}
