public import Foundation

/// A draft with a publish time, as the calendar shows it.
public struct PlannedPost: Sendable, Equatable {
    public var draft: Int64
    public var client: String
    public var title: String
    public var state: DraftState
    public var channels: [String]
    public var publishAt: Date
    public var whoseMove: Side?

    public init(
        draft: Int64, client: String, title: String, state: DraftState, channels: [String], publishAt: Date,
        whoseMove: Side?
    ) {
        self.draft = draft
        self.client = client
        self.title = title
        self.state = state
        self.channels = channels
        self.publishAt = publishAt
        self.whoseMove = whoseMove
    }
}

/// One local day of a client's calendar: its posts in time order, whether it is a gap (a day of the client's
/// cadence without a planned post), and whether it is one of the client's holidays (never a gap; a post on it is
/// flagged).
public struct CalendarDay: Sendable, Equatable {
    /// The local date, `YYYY-MM-DD`.
    public var date: String
    /// 1 = Sunday … 7 = Saturday, as Foundation counts.
    public var weekday: Int
    public var posts: [PlannedPost]
    public var gap: Bool
    public var holiday = false
}

/// A client's stretch of the editorial calendar, in its own time zone.
public struct ClientCalendar: Sendable, Equatable {
    public var client: String
    public var timeZone: TimeZone
    public var days: [CalendarDay]
}

/// The editorial calendar: posts laid out by local day in each client's time zone, with the gaps in its cadence.
/// Pure; the period and the posts come in.
public enum EditorialCalendar {
    /// Every local day that starts in `[from, to)` in the client's zone (and the day `from` falls in) that has a
    /// post, is a gap or is a holiday. Withdrawn drafts are not planned posts; posts outside those days are left out.
    public static func plan(clients: [Client], posts: [PlannedPost], from: Date, to: Date) -> [ClientCalendar] {
        let byClient = Dictionary(grouping: posts.filter { $0.state != .withdrawn }, by: \.client)
        return clients.sorted { $0.id < $1.id }.map { client in
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = client.timeZone
            var posts: [String: [PlannedPost]] = [:]
            for post in byClient[client.id] ?? [] {
                posts[key(post.publishAt, calendar), default: []].append(post)
            }
            var days: [CalendarDay] = []
            var day = calendar.startOfDay(for: from)
            while day < to {
                let date = key(day, calendar)
                let weekday = calendar.component(.weekday, from: day)
                let planned = (posts[date] ?? []).sorted { ($0.publishAt, $0.draft) < ($1.publishAt, $1.draft) }
                let holiday = client.hours?.holidays.contains(date) ?? false
                let gap = planned.isEmpty && client.cadence.contains(weekday) && !holiday
                if !planned.isEmpty || gap || holiday {
                    days.append(
                        CalendarDay(date: date, weekday: weekday, posts: planned, gap: gap, holiday: holiday))
                }
                guard let next = calendar.date(byAdding: .day, value: 1, to: day).map(calendar.startOfDay),
                    next > day
                else { break }
                day = next
            }
            return ClientCalendar(client: client.id, timeZone: client.timeZone, days: days)
        }
    }

    /// The local wall time of an instant, `HH:MM`.
    public static func localTime(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        let (h, m) = (parts.hour ?? 0, parts.minute ?? 0)
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    /// The local date of an instant, `YYYY-MM-DD`.
    static func key(_ date: Date, _ calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let (y, m, d) = (parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        return "\(y)-" + (m < 10 ? "0" : "") + "\(m)-" + (d < 10 ? "0" : "") + "\(d)"
    }
}
