public import FlowAPI
import FlowConfig
public import FlowCore
import FlowStore
import Foundation
import Logging

/// Review links seen from the control socket: listing, minting by hand, revoking. The links a transition mints
/// come with the transition itself (`LinkPlan`).
extension Engine {
    /// The draft, when the caller may manage its links: an admin, or an agency person who works on its client.
    private func draftForLinks(_ id: Int64, by actor: Actor) async throws -> Draft {
        let draft = try await visibleDraft(id, to: actor)
        guard actor.user.has(.admin) || actor.user.side == .agency else {
            throw APIError(
                .forbidden, "\(actor.user.name) may not manage review links: that is for the agency and admins")
        }
        return draft
    }

    public func links(_ id: Int64, all: Bool, for actor: Actor) async throws -> LinkList {
        let draft = try await draftForLinks(id, by: actor)
        let now = time.now()
        let views = try await store.links(draftID: id).map { link -> LinkView in
            let (status, detail): (String, String?) =
                switch link.status(draftRevision: draft.revision, now: now) {
                case .live: ("live", nil)
                case .used(let at): ("used", "used at \(isoUTC(at))")
                case .revoked(let why): ("revoked", why)
                case .superseded(let revision): ("superseded", "the draft is at revision \(revision)")
                case .expired(let at): ("expired", "expired at \(isoUTC(at))")
                }
            return LinkView(
                hash: link.shortHash, user: link.user, revision: link.revision, createdAt: link.createdAt,
                expiresAt: link.expiresAt, status: status, detail: detail)
        }
        return LinkList(draft: id, links: all ? views : views.filter { $0.status == "live" })
    }

    /// Mints a link for a current reviewer of a draft in review, and returns its address: shown this once.
    public func newLink(_ id: Int64, for name: String, by actor: Actor) async throws -> NewLinkView {
        let draft = try await draftForLinks(id, by: actor)
        let config = config
        guard let base = config.webhooks?.publicURL else {
            throw APIError(
                .invalidRequest, "no webhooks.public_url in \(config.path): links need an address people can reach")
        }
        guard draft.state == .review else {
            throw APIError(
                .invalidTransition, "draft \(id) is in state \(draft.state.rawValue): links are for drafts in review")
        }
        let directory = config.directory
        guard directory.reviewers(of: draft).contains(name) else {
            throw APIError(.invalidRequest, "\(quoted(name)) is not a reviewer of draft \(id) now")
        }
        let now = time.now()
        guard let grant = directory.linkGrants(for: [name], on: draft, now: now).first else {
            throw APIError(.invalidTransition, "draft \(id)'s review deadline has passed: no link would live")
        }
        let token = try await store.mintLink(draftID: id, grant, at: now)
        let hash = String(LinkToken.hash(token).prefix(LinkToken.shortHashLength))
        logger.notice(
            "review link minted",
            metadata: ["draft": "\(id)", "user": "\(name)", "link": "\(hash)", "actor": "\(actor.user.name)"])
        return NewLinkView(
            draft: id, user: name, revision: grant.revision, expiresAt: grant.expiresAt,
            url: OutboxPlanner.linkURL(base: base, token: token), hash: hash)
    }

    public func revokeLinks(_ id: Int64, user: String?, by actor: Actor) async throws -> RevokedLinks {
        _ = try await draftForLinks(id, by: actor)
        let count = try await store.revokeLinks(
            draftID: id, user: user, why: "revoked by \(actor.user.name)", now: time.now())
        logger.notice(
            "review links revoked",
            metadata: [
                "draft": "\(id)", "user": "\(user ?? "*")", "count": "\(count)", "actor": "\(actor.user.name)",
            ])
        return RevokedLinks(draft: id, revoked: count)
    }
}
