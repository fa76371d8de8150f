public import FlowCore
public import Foundation

/// A planned post in `GET /v1/calendar`.
public struct PlannedPostView: Codable, Sendable, Equatable {
    public var draft: Int64
    public var title: String
    public var state: DraftState
    public var channels: [String]
    public var publishAt: Date
    /// `HH:MM` in the client's time zone.
    public var localTime: String
    public var whoseMove: String?

    public init(
        draft: Int64, title: String, state: DraftState, channels: [String], publishAt: Date, localTime: String,
        whoseMove: String?
    ) {
        self.draft = draft
        self.title = title
        self.state = state
        self.channels = channels
        self.publishAt = publishAt
        self.localTime = localTime
        self.whoseMove = whoseMove
    }
}

/// One local day: its posts, or a gap in the client's cadence.
public struct CalendarDayView: Codable, Sendable, Equatable {
    public var date: String
    /// `mon` … `sun`.
    public var weekday: String
    public var gap: Bool
    /// One of the client's holidays (`[clients.hours] holidays`): never a gap; a post on it is flagged.
    public var holiday: Bool
    public var posts: [PlannedPostView]

    public init(date: String, weekday: String, gap: Bool, holiday: Bool = false, posts: [PlannedPostView]) {
        self.date = date
        self.weekday = weekday
        self.gap = gap
        self.holiday = holiday
        self.posts = posts
    }
}

/// One client's part of the calendar.
public struct ClientCalendarView: Codable, Sendable, Equatable {
    public var client: String
    public var name: String
    public var timeZone: String
    public var cadence: [String]
    public var days: [CalendarDayView]

    public init(client: String, name: String, timeZone: String, cadence: [String], days: [CalendarDayView]) {
        self.client = client
        self.name = name
        self.timeZone = timeZone
        self.cadence = cadence
        self.days = days
    }

    /// A client's part of the editorial calendar, named and paced as its config entry says (its id alone when the
    /// entry is gone); days and local times in the client's time zone.
    public init(_ part: ClientCalendar, client entry: Client?) {
        self.init(
            client: part.client, name: entry?.name ?? part.client, timeZone: Deadlines.zoneName(part.timeZone),
            cadence: (entry?.cadence ?? []).sorted().map { BusinessHours.dayNames[$0 - 1] },
            days: part.days.map { day in
                CalendarDayView(
                    date: day.date, weekday: BusinessHours.dayNames[day.weekday - 1], gap: day.gap,
                    holiday: day.holiday,
                    posts: day.posts.map { post in
                        PlannedPostView(
                            draft: post.draft, title: post.title, state: post.state, channels: post.channels,
                            publishAt: post.publishAt,
                            localTime: EditorialCalendar.localTime(post.publishAt, in: part.timeZone),
                            whoseMove: post.whoseMove?.rawValue)
                    })
            })
    }
}

/// Answer of `GET /v1/calendar`: the period (half-open) and each client's days in its own time zone.
public struct CalendarView: Codable, Sendable {
    public var from: Date
    public var to: Date
    public var clients: [ClientCalendarView]

    public init(from: Date, to: Date, clients: [ClientCalendarView]) {
        self.from = from
        self.to = to
        self.clients = clients
    }
}

/// Body of `POST /v1/calendar/feeds`: make a client's feed (revoking the one before), or revoke it.
public struct CalendarFeedRequest: Codable, Sendable {
    public var client: String
    public var revoke: Bool?

    public init(client: String, revoke: Bool? = nil) {
        self.client = client
        self.revoke = revoke
    }
}

/// Answer of `POST /v1/calendar/feeds`: the new feed's URL (shown once; flowd keeps only its hash), or how many
/// feeds were revoked.
public struct CalendarFeedView: Codable, Sendable {
    public var client: String
    public var url: String?
    public var revoked: Int

    public init(client: String, url: String?, revoked: Int) {
        self.client = client
        self.url = url
        self.revoked = revoked
    }
}
