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
                drafts are not planned posts. The period is half-open, [--from, --to); by default the next 7 days \
                from today's midnight (--week), or a month (--month). `flowctl calendar feed` hands out a client's \
                iCalendar feed.
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
    static func calendar(_ view: CalendarView) -> String {
        var lines = ["\(time(view.from)) to \(time(view.to))"]
        for client in view.clients {
            lines.append("")
            var title = "\(client.client) — \(client.name) (\(client.timeZone))"
            if !client.cadence.isEmpty { title += ", cadence " + client.cadence.joined(separator: ", ") }
            lines.append(title)
            if client.days.isEmpty { lines.append("  nothing planned") }
            for day in client.days {
                let label = "  \(day.weekday.prefix(1).uppercased() + day.weekday.dropFirst()) \(day.date)"
                if day.gap {
                    lines.append("\(label)  -      no post planned")
                    continue
                }
                if day.posts.isEmpty, day.holiday {
                    lines.append("\(label)  -      holiday")
                    continue
                }
                for (i, post) in day.posts.enumerated() {
                    let lead = i == 0 ? label : String(repeating: " ", count: label.count)
                    var line = "\(lead)  \(post.localTime)  #\(post.draft)  \(post.state.rawValue)"
                    if !post.channels.isEmpty { line += "  " + post.channels.joined(separator: ", ") }
                    line += "  \(post.title)"
                    if let move = post.whoseMove { line += "  (\(move)'s move)" }
                    if day.holiday { line += "  ON A HOLIDAY" }
                    lines.append(line)
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
