import FlowConfig
import FlowCore
import FlowRender
import FlowStore
import Foundation
import Hummingbird

/// `GET /i/<token>`: a person's inbox for one client, everything of that client's waiting for their decision, each
/// opening its review page. One client, because the notices that carry the link go to that client's sinks alone. The
/// token is looked up, refused, rate-limited and timed like a review link's; the drafts are those `flowctl ls --mine
/// --client` gives the person, so the scope is the one decided for every list.
extension ReviewSite {
    /// How many posts an inbox lists at most.
    static let inboxItems = 200

    func inbox(_ token: String, acceptLanguage: String?, address: String, started: ContinuousClock.Instant = .now)
        async throws -> Response
    {
        let now = engine.time.now()
        let browser = PageLanguage.choose(user: nil, client: nil, acceptLanguage: acceptLanguage)
        if isBlocked(address, now: now) {
            return await status(
                StatusPage.tooMany(language: browser),
                since: started)
        }
        let hash = LinkToken.hash(token)
        guard let link = try await engine.inboxLink(hash: hash), LinkToken.isWellFormed(token) else {
            recordMiss("unknown inbox link", key: "inbox", hash: hash, address: address, now: now)
            return await status(.link(nil, language: browser), since: started)
        }
        let directory = engine.configured { $0.directory }
        guard let reader = directory.users[link.user] else {
            return await status(.link(.revoked(why: "no longer a member"), language: browser), since: started)
        }
        let client = directory.clients[link.client]
        let language = PageLanguage.choose(user: reader.locale, client: client?.locale, acceptLanguage: acceptLanguage)
        guard link.isLive(at: now) else {
            let why: ReviewLink.Status =
                link.revokedAt == nil ? .expired(at: link.expiresAt) : .revoked(why: "revoked")
            return await status(.link(why, language: language), since: started)
        }
        // The link's one client, inside the reader's scope as it is now (Engine.list decides the scope).
        let waiting = try await engine.list(
            DraftFilter(state: .review), client: link.client, mine: true, limit: Self.inboxItems,
            for: Actor(user: reader)
        ).items.map(\.draft)
        let page = InboxPage.make(
            drafts: waiting, links: try await engine.liveReviewTokens(user: reader.name, drafts: waiting, now: now),
            reader: reader.name, directory: directory, language: language, now: now)
        return html("inbox", page, lang: page.lang, status: 200)
    }

    /// The relative address of the reader's inbox from a page under `/r/<token>`, when they have a live one, and
    /// only on a link no one else was shown: an admin who opens carl's link (shown to them, `links new`) must not
    /// be led from it to every other link of carl's.
    func inboxAddress(for visit: LinkVisit, now: Date) async throws -> String? {
        guard visit.link.shownTo.map({ $0 == visit.reader.name }) ?? true else { return nil }
        return try await engine.liveInboxToken(user: visit.reader.name, client: visit.draft.client, now: now).map {
            "../i/" + $0
        }
    }
}
