public import FlowAPI
import FlowConfig
public import FlowCore
import FlowStore
import Foundation
import Logging

/// Review links seen from the control socket: listing, minting by hand (shown to its person or an admin, or sent to
/// its person's own channels), revoking. The links a transition mints come with the transition itself (`LinkPlan`).
extension Engine {
    /// The draft, when the caller may list or revoke its links: an admin, or an agency person who works on its client.
    private func draftForLinks(_ id: Int64, by actor: Actor) async throws -> Draft {
        let draft = try await visibleDraft(id, to: actor)
        guard actor.user.has(.admin) || actor.user.side == .agency else {
            throw Refusal(
                .forbidden, "\(actor.user.name) may not manage review links: that is for the agency and admins")
        }
        return draft
    }

    public func links(_ id: Int64, all: Bool, for actor: Actor) async throws -> LinkList {
        let draft = try await draftForLinks(id, by: actor)
        let now = time.now()
        let views = try await store.links(draftID: id).map { link -> LinkView in
            let (status, detail): (String, String?) =
                switch link.status(draftRevision: draft.revision, now: now, key: store.linkKey) {
                case .live: ("live", nil)
                case .used(let at): ("used", "used at \(isoUTC(at))")
                case .revoked(let why): ("revoked", why)
                case .superseded(let revision): ("superseded", "the draft is at revision \(revision)")
                case .expired(let at): ("expired", "expired at \(isoUTC(at))")
                }
            return LinkView(
                hash: link.shortHash, user: link.user, revision: link.revision, createdAt: link.createdAt,
                expiresAt: link.expiresAt, status: status, detail: detail, mintedBy: link.mintedBy,
                shownTo: link.shownTo)
        }
        return LinkList(draft: id, links: all ? views : views.filter { $0.status == "live" })
    }

    /// Mints a link for a current reviewer of a draft in review and returns its address, to its own person or an
    /// admin only; the draft's history records who saw it.
    public func newLink(_ id: Int64, for name: String, by actor: Actor) async throws -> NewLinkView {
        // Scope first: a draft the caller may not see answers like one that does not exist, whatever the config.
        _ = try await visibleDraft(id, to: actor)
        let base = try publicURL()
        let (decision, ref) = try await mintLink(.show, on: id, for: name, by: actor)
        let hash = LinkToken.shortHash(of: store.linkKey.token(for: ref))
        logger.notice(
            "review link shown",
            metadata: [
                "draft": "\(id)", "user": "\(name)", "link": "\(hash)", "actor": "\(actor.user.name)",
                "shown_to": "\(actor.human)",
            ])
        let grant = decision.links.mint[0]
        return NewLinkView(
            draft: id, user: name, revision: grant.revision, expiresAt: grant.expiresAt,
            url: store.linkKey.address(for: ref, base: base), hash: hash)
    }

    /// Mints a link for a current reviewer and sends it through that person's own channels, as a reminder to them
    /// alone: the caller never sees the address.
    public func sendLink(_ id: Int64, for name: String, by actor: Actor) async throws -> SentLinkView {
        let draft = try await visibleDraft(id, to: actor)
        _ = try publicURL()
        let (config, planner) = loadedConfig
        let carriers = planner.linkCarriers(client: draft.client)
        guard !carriers.isEmpty else {
            throw Refusal(
                .invalidRequest,
                "no sink in \(config.path) carries review links for client \(draft.client): add a [[notify]] sink "
                    + "(flowd-mail, for one) that takes reminders")
        }
        let (decision, ref) = try await mintLink(.send, on: id, for: name, by: actor)
        let hash = LinkToken.shortHash(of: store.linkKey.token(for: ref))
        logger.notice(
            "review link sent",
            metadata: ["draft": "\(id)", "user": "\(name)", "link": "\(hash)", "actor": "\(actor.user.name)"])
        outboxNudge.signal()
        let grant = decision.links.mint[0]
        return SentLinkView(
            draft: id, user: name, revision: grant.revision, expiresAt: grant.expiresAt, hash: hash, sinks: carriers)
    }

    private func publicURL() throws -> String {
        guard let base = config.webhooks?.publicURL else {
            throw Refusal(
                .invalidRequest, "no webhooks.public_url in \(config.path): links need an address people can reach")
        }
        return base
    }

    /// FlowCore decides who may have the link (`Workflow.decideLink`); the store mints it, records the event and
    /// writes the notification in one transaction.
    private func mintLink(_ request: LinkRequest, on id: Int64, for name: String, by actor: Actor) async throws
        -> (Decision, LinkRef)
    {
        let (config, planner) = loadedConfig
        let now = time.now()
        let decision: Decision
        do {
            decision = try await store.apply(draftID: id, outbox: planner) { draft, _ in
                guard let draft else { throw Refusal(.notFound, "no draft \(id)") }
                return try Workflow.decideLink(
                    request, for: name, on: draft, by: actor, directory: config.directory, now: now)
            }
        } catch let refusal as Refusal {
            logger.error(
                "refused review link", metadata: ["draft": "\(id)", "actor": "\(actor.user.name)", "user": "\(name)"])
            throw refusal
        }
        record(decision)
        guard let ref = decision.linkRefs[name] else {
            throw EngineFault("no link was minted for \(name)")
        }
        return (decision, ref)
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
