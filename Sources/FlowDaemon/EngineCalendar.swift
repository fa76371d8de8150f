public import FlowAPI
import FlowConfig
public import FlowCore
import FlowStore
public import Foundation

/// `flowctl calendar`: the drafts with a publish time, laid out by FlowCore's `EditorialCalendar`.
extension Engine {
    /// The longest period one calendar answer covers.
    static let longestCalendar = TimeSpan(seconds: 93 * 86_400)
    /// The most posts one answer carries; a longer plan is refused with a hint to narrow the period.
    static let calendarPosts = 5_000

    public func calendar(from: Date, to: Date, client: String?, for actor: Actor) async throws -> CalendarView {
        try Self.checkPeriod(from: from, to: to, longest: Self.longestCalendar, for: "a calendar")
        let directory = config.directory
        let scope = scope(actor)
        var clients = directory.clients.values.filter { scope.contains($0.id) }
        if let client {
            guard let entry = directory.clients[client], scope.contains(client) else {
                throw APIError(.notFound, "no client \(quoted(client))")
            }
            clients = [entry]
        }
        // A day away on both sides: a client's local day may begin or end up to 14 hours off UTC's.
        let drafts = try await store.planned(
            from: from.addingTimeInterval(-86_400), to: to.addingTimeInterval(86_400), limit: Self.calendarPosts + 1,
            clients: Set(clients.map(\.id)))
        guard drafts.count <= Self.calendarPosts else {
            throw APIError(
                .invalidRequest, "more than \(Self.calendarPosts) planned posts; narrow the period or the client")
        }
        let posts = drafts.compactMap { draft in
            draft.content.publishAt.map {
                PlannedPost(
                    draft: draft.id, client: draft.client, title: draft.content.title, state: draft.state,
                    channels: draft.content.channels, publishAt: $0, whoseMove: directory.whoseMove(draft))
            }
        }
        let plan = EditorialCalendar.plan(clients: clients, posts: posts, from: from, to: to)
        return CalendarView(
            from: from, to: to,
            clients: plan.map { part in
                let entry = directory.clients[part.client]
                return ClientCalendarView(
                    client: part.client, name: entry?.name ?? part.client, timeZone: Deadlines.zoneName(part.timeZone),
                    cadence: (entry?.cadence ?? []).sorted().map { BusinessHours.dayNames[$0 - 1] },
                    days: part.days.map { day in
                        CalendarDayView(
                            date: day.date, weekday: BusinessHours.dayNames[day.weekday - 1], gap: day.gap,
                            posts: day.posts.map { post in
                                PlannedPostView(
                                    draft: post.draft, title: post.title, state: post.state, channels: post.channels,
                                    publishAt: post.publishAt,
                                    localTime: EditorialCalendar.localTime(post.publishAt, in: part.timeZone),
                                    whoseMove: post.whoseMove?.rawValue)
                            })
                    })
            })
    }
}
