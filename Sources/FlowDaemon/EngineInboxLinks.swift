import FlowConfig
public import FlowCore
import FlowStore
public import Foundation
import Logging

/// The people's inbox links seen from the control socket: listed and revoked by the agency and admins, within the
/// clients they work on. An inbox link is minted only with the notices that carry it (`Store.inboxLinks`); a
/// revoked one is followed by a new address with the next notice.
extension Engine {
    /// An inbox link as listed: never its token.
    public struct InboxLinkReading: Sendable {
        public var user: String
        public var client: String
        public var createdAt: Date
        public var expiresAt: Date
        /// The short hash of its token: how it is named on the control socket and in the log.
        public var hash: String
        public var live: Bool
        public var revoked: Bool
    }

    /// The inbox links of `user` (everyone's when nil) for the clients the caller works on, newest first; only the
    /// live ones unless `all`.
    public func inboxLinks(user: String?, all: Bool, for actor: Actor) async throws -> [InboxLinkReading] {
        try checkManagesLinks(actor, "inbox links")
        let now = time.now()
        let key = store.linkKey
        return try await store.inboxLinks(user: user, clients: scope(actor).only).map { link in
            InboxLinkReading(
                user: link.user, client: link.client, createdAt: link.createdAt, expiresAt: link.expiresAt,
                hash: LinkToken.shortHash(of: key.inboxToken(for: link.ref)), live: link.isLive(at: now),
                revoked: link.revokedAt != nil)
        }.filter { all || $0.live }
    }

    /// Ends a person's live inbox links, for `client` or every client the caller works on; the answer is how many.
    /// A client outside the caller's scope answers like one that does not exist.
    public func revokeInboxLinks(user: String, client: String?, by actor: Actor) async throws -> Int {
        try Self.checkName(user, as: "user")
        try checkManagesLinks(actor, "inbox links")
        let scope = scope(actor)
        if let client, !scope.contains(client) || config.directory.clients[client] == nil {
            throw Refusal(.notFound, "no client \(quoted(client))")
        }
        let count = try await store.revokeInboxLinks(user: user, client: client, clients: scope.only, now: time.now())
        logger.notice(
            "inbox links revoked",
            metadata: [
                "user": "\(user)", "client": "\(client ?? "*")", "count": "\(count)", "actor": "\(actor.user.name)",
            ])
        return count
    }
}
