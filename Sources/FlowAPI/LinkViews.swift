public import FlowCore
public import Foundation

/// One review link as `flowctl links` shows it: never its token, only a short hash of it.
public struct LinkView: Codable, Sendable, Equatable {
    public var hash: String
    public var user: String
    public var revision: Int
    public var createdAt: Date
    public var expiresAt: Date
    /// `live`, `used`, `revoked`, `superseded` or `expired`.
    public var status: String
    /// Why it no longer works, where that says more than the status.
    public var detail: String?
    /// Who asked for it by hand (nil: a decision minted it), and whom its address was shown to.
    public var mintedBy: String?
    public var shownTo: String?

    public init(
        hash: String, user: String, revision: Int, createdAt: Date, expiresAt: Date, status: String,
        detail: String? = nil, mintedBy: String? = nil, shownTo: String? = nil
    ) {
        self.hash = hash
        self.user = user
        self.revision = revision
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.status = status
        self.detail = detail
        self.mintedBy = mintedBy
        self.shownTo = shownTo
    }

    /// A stored link and its status under the key flowd holds now: the status as a word, and the detail that says
    /// why a dead link no longer works.
    public init(_ link: ReviewLink, status: ReviewLink.Status) {
        let (word, detail): (String, String?) =
            switch status {
            case .live: ("live", nil)
            case .used(let at): ("used", "used at \(isoUTC(at))")
            case .revoked(let why): ("revoked", why)
            case .superseded(let revision): ("superseded", "the draft is at revision \(revision)")
            case .expired(let at): ("expired", "expired at \(isoUTC(at))")
            }
        self.init(
            hash: link.shortHash, user: link.user, revision: link.revision, createdAt: link.createdAt,
            expiresAt: link.expiresAt, status: word, detail: detail, mintedBy: link.mintedBy, shownTo: link.shownTo)
    }
}

/// Answer of `GET /v1/drafts/{id}/links`: the draft's links, newest first (`all` includes dead ones).
public struct LinkList: Codable, Sendable {
    public var draft: Int64
    public var links: [LinkView]

    public init(draft: Int64, links: [LinkView]) {
        self.draft = draft
        self.links = links
    }
}

/// Body of `POST /v1/drafts/{id}/links` (mint a link and show it: to its person or an admin) and of
/// `POST /v1/drafts/{id}/links/send` (mint one and send it to its person's own channels).
public struct NewLinkRequest: Codable, Sendable {
    public var user: String

    public init(user: String) { self.user = user }
}

/// A link just minted and shown to its person or an admin; the draft's history records whom.
public struct NewLinkView: Codable, Sendable {
    public var draft: Int64
    public var user: String
    public var revision: Int
    public var expiresAt: Date
    public var url: String
    public var hash: String

    public init(draft: Int64, user: String, revision: Int, expiresAt: Date, url: String, hash: String) {
        self.draft = draft
        self.user = user
        self.revision = revision
        self.expiresAt = expiresAt
        self.url = url
        self.hash = hash
    }

    /// The link minted for `grant`'s person on draft `draft`, its address and the short hash the log names it by.
    public init(draft: Int64, grant: LinkGrant, url: String, hash: String) {
        self.init(
            draft: draft, user: grant.user, revision: grant.revision, expiresAt: grant.expiresAt, url: url, hash: hash)
    }
}

/// Answer of `POST /v1/drafts/{id}/links/send`: what was sent and through which sinks; never the address.
public struct SentLinkView: Codable, Sendable {
    public var draft: Int64
    public var user: String
    public var revision: Int
    public var expiresAt: Date
    public var hash: String
    public var sinks: [String]

    public init(draft: Int64, user: String, revision: Int, expiresAt: Date, hash: String, sinks: [String]) {
        self.draft = draft
        self.user = user
        self.revision = revision
        self.expiresAt = expiresAt
        self.hash = hash
        self.sinks = sinks
    }

    /// The link minted for `grant`'s person on draft `draft` and the sinks it went through.
    public init(draft: Int64, grant: LinkGrant, hash: String, sinks: [String]) {
        self.init(
            draft: draft, user: grant.user, revision: grant.revision, expiresAt: grant.expiresAt, hash: hash,
            sinks: sinks)
    }
}

/// Body of `POST /v1/drafts/{id}/links/revoke`: every live link of the draft, or one person's.
public struct RevokeLinksRequest: Codable, Sendable {
    public var user: String?

    public init(user: String? = nil) { self.user = user }
}

/// Answer of a revocation.
public struct RevokedLinks: Codable, Sendable {
    public var draft: Int64
    public var revoked: Int

    public init(draft: Int64, revoked: Int) {
        self.draft = draft
        self.revoked = revoked
    }
}
