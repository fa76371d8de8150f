public import Foundation

/// The daily digest: once per working day, at a configured local time in the client's time zone, each approver
/// gets one message listing everything that waits for them, soonest deadline first, each with a link. Nothing
/// waits, nothing is sent. Pure: the digest service asks when and what, and the store records what was sent.
public enum Digest {
    /// One approver's digest for one client on one local day.
    public struct Due: Sendable, Equatable {
        public var user: String
        public var client: String
        /// The client's local day, `YYYY-MM-DD`: a digest goes once per (user, client, day).
        public var day: String
        public var drafts: [Draft]

        public init(user: String, client: String, day: String, drafts: [Draft]) {
            self.user = user
            self.client = client
            self.day = day
            self.drafts = drafts
        }
    }

    /// The local day of `date` in `zone`, and whether it is a working day for the client.
    public static func day(of date: Date, client: Client) -> (key: String, working: Bool) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = client.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
        let key = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        guard let hours = client.hours else { return (key, true) }
        let working = hours.isWorkingDay(
            year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0, weekday: parts.weekday ?? 0)
        return (key, working)
    }

    /// The instant of `at` on the local day of `date` for the client.
    static func moment(_ at: TimeOfDay, onDayOf date: Date, client: Client) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = client.timeZone
        var parts = calendar.dateComponents([.year, .month, .day], from: date)
        parts.hour = at.minutes / 60
        parts.minute = at.minutes % 60
        return calendar.date(from: parts)
    }

    /// The digests due by `now` that were not sent yet (`sent` holds `user|client|day`). Only today's count:
    /// a digest missed while flowd was down goes late the same day, and a day that has passed is not made up.
    public static func due(
        at time: TimeOfDay, now: Date, directory: Directory, inReview: [Draft], sent: Set<String>
    ) -> [Due] {
        var out: [Due] = []
        for client in directory.clients.values.sorted(by: { $0.id < $1.id }) {
            let (today, working) = day(of: now, client: client)
            guard working, let moment = moment(time, onDayOf: now, client: client), moment <= now else { continue }
            let drafts = inReview.filter { $0.client == client.id }
            var waiting: [String: [Draft]] = [:]
            for draft in drafts {
                let given = Set(draft.currentApprovals.map(\.user))
                for reviewer in directory.reviewers(of: draft) where !given.contains(reviewer) {
                    waiting[reviewer, default: []].append(draft)
                }
            }
            for (user, list) in waiting.sorted(by: { $0.key < $1.key })
            where !sent.contains(key(user: user, client: client.id, day: today)) {
                let sorted = list.sorted { ($0.dueAt ?? .distantFuture, $0.id) < ($1.dueAt ?? .distantFuture, $1.id) }
                out.append(Due(user: user, client: client.id, day: today, drafts: sorted))
            }
        }
        return out
    }

    /// When the next digest could be due after `now`: the earliest next `at` among the clients.
    public static func next(at time: TimeOfDay, after now: Date, directory: Directory) -> Date? {
        var earliest: Date?
        for client in directory.clients.values {
            for offset in 0..<8 {
                let probe = now.addingTimeInterval(Double(offset) * 86_400)
                guard day(of: probe, client: client).working,
                    let moment = moment(time, onDayOf: probe, client: client), moment > now
                else { continue }
                earliest = min(earliest ?? moment, moment)
                break
            }
        }
        return earliest
    }

    public static func key(user: String, client: String, day: String) -> String { "\(user)|\(client)|\(day)" }

    /// The digest as a notification envelope, with each draft's link for the reader (`links`: draft id → URL).
    public static func envelope(
        _ due: Due, links: [Int64: String], inbox: String? = nil, planner: OutboxPlanner, now: Date
    ) -> JSONValue {
        let client = planner.directory.clients[due.client]
        let zone = client?.timeZone
        // The digest is one person's: their language, else their client's.
        let language = PageLanguage.choose(
            user: planner.directory.users[due.user]?.locale, client: client?.locale, acceptLanguage: nil)
        let items = due.drafts.map { draft in
            JSONValue.object([
                ("id", .int(draft.id)), ("title", .string(draft.content.title)),
                ("due_at", .optional(draft.dueAt.map(isoUTC))),
                ("local", .optional(draft.dueAt.map { SpokenTime.format($0, in: zone, language: language, now: now) })),
                ("link", .optional(links[draft.id])),
            ])
        }
        return .object([
            ("type", .string("digest")), ("timestamp", .string(isoUTC(now))),
            (
                "data",
                .object([
                    ("client", .string(due.client)), ("client_name", .string(client?.name ?? due.client)),
                    ("day", .string(due.day)), ("notify", .array([planner.person(due.user, client: due.client)])),
                    ("items", .array(items)), ("agency", .optional(planner.directory.agencyName)),
                    ("inboxes", .object(inbox.map { [(due.user, .string($0))] } ?? [])),
                ])
            ),
        ])
    }
}
