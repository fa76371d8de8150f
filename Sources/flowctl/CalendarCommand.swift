import ArgumentParser
import FlowAPI
import FlowCore
import Foundation

/// `flowctl calendar`: the editorial plan (`show`, the default) and the client's iCalendar feed (`feed`).
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "The editorial calendar, and each client's iCalendar feed.",
        subcommands: [Show.self, Feed.self], defaultSubcommand: Show.self)
}

extension CalendarCommand {
    /// `flowctl calendar [show]`: the editorial plan, by day in each client's time zone.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract:
                "The editorial calendar: drafts with a publish time by day, and the gaps in each client's cadence.",
            discussion: """
                Each client's days are its own local days (its timezone in config). A gap is a day of the client's \
                cadence (cadence = ["mon", "wed", "fri"] under [[clients]]) without a planned post. Withdrawn \
                drafts are not planned posts. Each client's days are a table (DAY, DATE, TIME, DRAFT, STATE, \
                CHANNELS, MOVE: whose move it is, NOTE, TITLE); NOTE says "no post planned" on a gap, "holiday" on \
                one of the client's holidays, and "ON A HOLIDAY" beside a post planned on one. The period is \
                half-open, [--from, --to); by default the next 7 days from today's midnight (--week), or a month \
                (--month). `flowctl calendar feed` hands out a client's iCalendar feed.
                """)
        @OptionGroup var options: Global
        @ParentCommand var root: Flowctl
        var global: Global { options.merged(root.global) }
        @Flag(help: "The 7 days from today (the default).") var week = false
        @Flag(help: "The month from today.") var month = false
        @Option(help: "Start of the period (ISO-8601 or YYYY-MM-DD).") var from: String?
        @Option(help: "End of the period, excluded.") var to: String?
        @Option(help: "Only this client.") var client: String?

        func validate() throws {
            if week && month { throw ValidationError("give --week or --month, not both") }
            if (week || month) && (from != nil || to != nil) {
                throw ValidationError("give --week/--month or --from/--to, not both")
            }
            let (start, end) = try period(now: Date())
            if start >= end {
                throw ValidationError(
                    "the period is inverted: --from \(Render.time(start)) is not before --to \(Render.time(end))")
            }
        }

        func period(now: Date) throws -> (Date, Date) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone.current
            let today = calendar.startOfDay(for: now)
            let start = try from.map { try parseTimeOrDate($0) } ?? today
            if let to { return (start, try parseTimeOrDate(to)) }
            let end =
                month
                ? calendar.date(byAdding: .month, value: 1, to: start)
                : calendar.date(byAdding: .day, value: 7, to: start)
            return (start, end ?? start.addingTimeInterval(7 * 86_400))
        }

        func run() throws {
            let (start, end) = try period(now: Date())
            var query = "from=\(queryValue(WireJSON.formatDate(start)))&to=\(queryValue(WireJSON.formatDate(end)))"
            if let client { query += "&client=\(queryValue(client))" }
            try global.perform({ try $0.get("/v1/calendar?" + query, as: CalendarView.self) }, human: Render.calendar)
        }
    }
}

extension CalendarCommand {
    /// `flowctl calendar feed --client acme [--revoke]`: a client's iCalendar feed URL for Outlook or Google
    /// Calendar. Each call makes a new URL and the previous one stops working; flowd keeps only its hash, so it
    /// is shown once.
    struct Feed: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "feed",
            abstract: "Print a new secret iCalendar feed URL for a client (the previous one stops working).",
            discussion: """
                The feed shows the client's planned posts from a month back to a year ahead; a post waiting for \
                review links to a read-only preview (decisions go through the personal review links). Needs \
                webhooks.public_url. --revoke ends the client's feed without a new one.
                """)
        @OptionGroup var options: Global
        @ParentCommand var root: Flowctl
        var global: Global { options.merged(root.global) }
        @Option(help: "Client id.") var client: String
        @Flag(help: "Revoke the client's feed instead.") var revoke = false

        func run() throws {
            let request = CalendarFeedRequest(client: client, revoke: revoke ? true : nil)
            try global.perform({ try $0.post("/v1/calendar/feeds", request, as: CalendarFeedView.self) }) { view in
                view.url ?? "revoked \(view.revoked) feed\(view.revoked == 1 ? "" : "s") of \(view.client)"
            }
        }
    }
}

extension Render {
    /// Each client's days as a table under its name: the posts of a day on lines of their own, and in NOTE the
    /// days that need a look: a cadence day without a post, a holiday, a post planned on one.
    static func calendar(_ view: CalendarView) -> String {
        var lines = ["\(time(view.from)) to \(time(view.to))"]
        for client in view.clients {
            lines.append("")
            var title = "\(client.client) — \(client.name) (\(client.timeZone))"
            if !client.cadence.isEmpty { title += ", cadence " + client.cadence.joined(separator: ", ") }
            lines.append(title)
            let rows = client.days.flatMap(calendarRows)
            if rows.isEmpty {
                lines.append("  nothing planned")
                continue
            }
            let header = ["DAY", "DATE", "TIME", "DRAFT", "STATE", "CHANNELS", "MOVE", "NOTE", "TITLE"]
            lines += table(header, rows).split(separator: "\n").map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    /// A day's lines: one a post (its day and date on the first only), or one saying why the day has none.
    static func calendarRows(_ day: CalendarDayView) -> [[String]] {
        let weekday = day.weekday.prefix(1).uppercased() + day.weekday.dropFirst()
        if day.gap { return [[weekday, day.date, "-", "", "", "", "", "no post planned", ""]] }
        if day.posts.isEmpty, day.holiday { return [[weekday, day.date, "-", "", "", "", "", "holiday", ""]] }
        return day.posts.enumerated().map { i, post in
            [
                i == 0 ? weekday : "", i == 0 ? day.date : "", post.localTime, "#\(post.draft)", post.state.rawValue,
                post.channels.isEmpty ? "-" : post.channels.joined(separator: ", "), post.whoseMove ?? "-",
                day.holiday ? "ON A HOLIDAY" : "", post.title,
            ]
        }
    }
}
