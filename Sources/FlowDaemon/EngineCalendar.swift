import FlowConfig
public import FlowCore
import FlowRender
import FlowStore
public import Foundation
import Logging

/// `flowctl calendar`: the drafts with a publish time, laid out by FlowCore's `EditorialCalendar`.
extension Engine {
    /// The longest period one calendar answer covers.
    static let longestCalendar = TimeSpan(seconds: 93 * 86_400)
    /// The most posts one answer carries; a longer plan is refused with a hint to narrow the period.
    static let calendarPosts = 5_000

    /// The drafts with a publish time as the calendar and the feed show them.
    static func plannedPosts(_ drafts: [Draft], _ directory: Directory) -> [PlannedPost] {
        drafts.compactMap { draft in
            draft.content.publishAt.map {
                PlannedPost(
                    draft: draft.id, client: draft.client, title: draft.content.title, state: draft.state,
                    channels: draft.content.channels, publishAt: $0, whoseMove: directory.whoseMove(draft))
            }
        }
    }

    /// Each client's days in the period (half-open), with the client's entry in the config.
    public func calendar(from: Date, to: Date, client: String?, for actor: Actor) async throws
        -> [(calendar: ClientCalendar, client: Client?)]
    {
        try Self.checkPeriod(from: from, to: to, longest: Self.longestCalendar, for: "a calendar", now: time.now())
        let directory = config.directory
        let scope = scope(actor)
        var clients = directory.clients.values.filter { scope.contains($0.id) }
        if let client {
            guard let entry = directory.clients[client], scope.contains(client) else {
                throw Refusal(.notFound, "no client \(quoted(client))")
            }
            clients = [entry]
        }
        // A day away on both sides: a client's local day may begin or end up to 14 hours off UTC's.
        let drafts = try await store.planned(
            from: from.addingTimeInterval(-86_400), to: to.addingTimeInterval(86_400), limit: Self.calendarPosts + 1,
            clients: Set(clients.map(\.id)))
        guard drafts.count <= Self.calendarPosts else {
            throw Refusal(
                .invalidRequest, "more than \(Self.calendarPosts) planned posts; narrow the period or the client")
        }
        let posts = Self.plannedPosts(drafts, directory)
        let plan = EditorialCalendar.plan(clients: clients, posts: posts, from: from, to: to)
        return plan.map { (calendar: $0, client: directory.clients[$0.client]) }
    }
}

/// Calendar feeds: a secret, revocable URL per client on the public listener.
extension Engine {
    /// The posts a feed carries: from a month back to a year ahead.
    static let feedPast = TimeSpan(seconds: 31 * 86_400)
    static let feedAhead = TimeSpan(seconds: 366 * 86_400)

    /// Makes a client's feed URL (the earlier one stops working) or revokes it. The agency hands feeds out, so
    /// agency users in the client's scope (and admins) manage them.
    /// The answer is the new feed's URL, or how many feeds were revoked.
    public func calendarFeed(client: String, revoke: Bool, by actor: Actor) async throws
        -> (url: String?, revoked: Int)
    {
        let directory = config.directory
        guard directory.clients[client] != nil, scope(actor).contains(client) else {
            throw Refusal(.notFound, "no client \(quoted(client))")
        }
        guard actor.user.side == .agency || actor.user.has(.admin) else {
            throw Refusal(.forbidden, "\(actor.user.name) may not manage calendar feeds: the agency hands them out")
        }
        let now = time.now()
        if revoke {
            let count = try await store.revokeCalendarFeeds(client: client, now: now)
            logger.notice(
                "calendar feeds revoked",
                metadata: ["client": "\(client)", "count": "\(count)", "actor": "\(actor.user.name)"])
            return (url: nil, revoked: count)
        }
        guard let base = config.webhooks?.publicURL else {
            throw Refusal(
                .invalidRequest, "calendar feeds need the public listener's address: set webhooks.public_url")
        }
        let token = try await store.createCalendarFeed(client: client, by: actor.user.name, at: now)
        logger.notice(
            "calendar feed created",
            metadata: [
                "client": "\(client)", "feed": "\(LinkToken.shortHash(of: token))",
                "actor": "\(actor.user.name)",
            ])
        return (url: "\(base)/calendar/\(token).ics", revoked: 0)
    }

    /// The client of a live feed token, if it is one.
    func feedClient(token: String) async throws -> Client? {
        guard LinkToken.isWellFormed(token),
            let id = try await store.calendarFeedClient(hash: LinkToken.hash(token))
        else { return nil }
        return config.directory.clients[id]
    }

    /// The feed's iCalendar text; drafts waiting for review link to their preview under the feed's URL.
    func feedDocument(client: Client, token: String) async throws -> String {
        let directory = config.directory
        let now = time.now()
        let drafts = try await store.planned(
            from: now.addingTimeInterval(-Self.feedPast.timeInterval),
            to: now.addingTimeInterval(Self.feedAhead.timeInterval),
            limit: Self.calendarPosts, clients: [client.id])
        let posts = Self.plannedPosts(drafts, directory)
        let base = config.webhooks?.publicURL ?? ""
        let host = URL(string: base)?.host ?? "flowd"
        return ICalendarFeed.render(client: client, posts: posts, now: now, host: host) { post in
            post.state == .review ? "\(base)/calendar/\(token)/\(post.draft)" : nil
        }
    }
}
