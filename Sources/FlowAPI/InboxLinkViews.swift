public import Foundation

/// One person's inbox link as `flowctl inbox` shows it: never its token, only a short hash of it.
public struct InboxLinkView: Codable, Sendable, Equatable {
    public var hash: String
    public var user: String
    /// The one client whose posts it lists.
    public var client: String
    public var createdAt: Date
    public var expiresAt: Date
    /// `live`, `revoked` or `expired`.
    public var status: String

    public init(hash: String, user: String, client: String, createdAt: Date, expiresAt: Date, status: String) {
        self.hash = hash
        self.user = user
        self.client = client
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.status = status
    }
}

/// Answer of `GET /v1/inboxes`: the inbox links of the clients the caller works on, newest first (`all` includes
/// the ended ones).
public struct InboxLinkList: Codable, Sendable {
    public var inboxes: [InboxLinkView]

    public init(inboxes: [InboxLinkView]) { self.inboxes = inboxes }
}

/// Body of `POST /v1/inboxes/revoke`: end a person's inbox links, for one client or every one the caller works on.
public struct RevokeInboxesRequest: Codable, Sendable {
    public var user: String
    public var client: String?

    public init(user: String, client: String? = nil) {
        self.user = user
        self.client = client
    }
}

/// Answer of an inbox links' revocation.
public struct RevokedInboxes: Codable, Sendable {
    public var user: String
    public var revoked: Int

    public init(user: String, revoked: Int) {
        self.user = user
        self.revoked = revoked
    }
}
