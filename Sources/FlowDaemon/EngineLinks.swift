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
        try checkManagesLinks(actor, "review links")
        return draft
    }

    /// Who may list and revoke the people's links (`what`: review or inbox links): the agency and admins, each within
    /// the clients they work on; never a client's person.
    func checkManagesLinks(_ actor: Actor, _ what: String) throws {
        guard actor.user.has(.admin) || actor.user.side == .agency else {
            throw Refusal(.forbidden, "\(actor.user.name) may not manage \(what): that is for the agency and admins")
        }
    }

    /// The draft's links, newest first, each with its status under the key flowd holds now; only the live ones
    /// unless `all`.
    public func links(_ id: Int64, all: Bool, for actor: Actor) async throws
        -> [(link: ReviewLink, status: ReviewLink.Status)]
    {
        let draft = try await draftForLinks(id, by: actor)
        let now = time.now()
        let links = try await store.links(draftID: id).map { link in
            (link: link, status: link.status(draftRevision: draft.revision, now: now, key: store.linkKey))
        }
        return all ? links : links.filter { $0.status == .live }
    }

    /// Mints a link for a current reviewer of a draft in review and returns its address, to its own person or an
    /// admin only; the draft's history records who saw it.
    public func newLink(_ id: Int64, for name: String, by actor: Actor) async throws
        -> (grant: LinkGrant, url: String, hash: String)
    {
        try Self.checkName(name, as: "user")
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
        return (grant: decision.links.mint[0], url: store.linkKey.address(for: ref, base: base), hash: hash)
    }

    /// Mints a link for a current reviewer and sends it through that person's own channels, as a reminder to them
    /// alone: the caller never sees the address.
    public func sendLink(_ id: Int64, for name: String, by actor: Actor) async throws
        -> (grant: LinkGrant, sinks: [String], hash: String)
    {
        try Self.checkName(name, as: "user")
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
        return (grant: decision.links.mint[0], sinks: carriers, hash: hash)
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

    /// A person's or a client's name from a request, held to the length config names have before it reaches the
    /// store or the log (a removed user's links can still be revoked, so a name need not be in the config).
    static func checkName(_ name: String, as what: String) throws {
        guard name.utf8.count <= 64 else { throw Refusal(.invalidRequest, "\(what) is longer than 64 bytes") }
    }

    /// Revokes the draft's live links, or one person's; the answer is how many.
    public func revokeLinks(_ id: Int64, user: String?, by actor: Actor) async throws -> Int {
        if let user { try Self.checkName(user, as: "user") }
        _ = try await draftForLinks(id, by: actor)
        let count = try await store.revokeLinks(
            draftID: id, user: user, why: "revoked by \(actor.user.name)", now: time.now())
        logger.notice(
            "review links revoked",
            metadata: [
                "draft": "\(id)", "user": "\(user ?? "*")", "count": "\(count)", "actor": "\(actor.user.name)",
            ])
        return count
    }
}
