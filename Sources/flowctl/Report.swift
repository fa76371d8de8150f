import ArgumentParser
import FlowAPI
import FlowCore
import Foundation

/// `flowctl report`: how long each side held the ball, per client, approver, lane, channel or side.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Who held the ball: review times, first responses, held hours per side, SLA hits, escalations.",
        discussion: """
            The period is half-open, [--from, --to); by default the last 30 days. --since takes a duration back \
            from --to (or now). Times may be ISO-8601 or a date (YYYY-MM-DD, midnight in this machine's time \
            zone). The table shows, per group and in total: drafts, decided rounds, review time (p50 and p90) and \
            time to the first response (p50), the share of rounds decided within the lane's SLA, rework rounds per \
            draft, and drafts overdue now. Times there are working time, the client's business hours (around the \
            clock for a client without hours), as 45s, 45m, 3.5h or 140h. --wide shows every figure, each in its \
            own column, working time (WORK) beside the wall clock (WALL). Rounds count in the period in which they \
            were decided; held hours are the part of each wait inside the period. --json and --csv have every \
            figure, --csv in the columns of --wide.
            """)
    @OptionGroup var options: Global
    @ParentCommand var root: Flowctl
    var global: Global { options.merged(root.global) }
    @Option(help: "How far back from --to (or now), e.g. 30d or 12h.") var since: String?
    @Option(help: "Start of the period (ISO-8601 or YYYY-MM-DD).") var from: String?
    @Option(help: "End of the period, excluded (default now).") var to: String?
    @Option(help: "Group by client, approver, lane, channel or side.") var by: String = "client"
    @Option(help: "Only this client.") var client: String?
    @Flag(help: "Print CSV (one header line, one line per group, then the total).") var csv = false
    @Flag(help: "Show every figure, working and wall time in columns of their own.") var wide = false

    func validate() throws {
        if ReportGrouping(rawValue: by) == nil {
            let keys = ReportGrouping.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("unknown --by \(by); group by \(keys)")
        }
        if since != nil, from != nil { throw ValidationError("give --since or --from, not both") }
        if let since, TimeSpan(since) == nil { throw ValidationError("--since \(since) is not a duration like 30d") }
        if csv, global.json { throw ValidationError("give --csv or --json, not both") }
        if wide, csv || global.json {
            throw ValidationError("--wide is for the table; --csv and --json have every figure")
        }
        let (start, end) = try period(now: Date())
        if start >= end {
            throw ValidationError(
                "the period is inverted: --from \(Render.time(start)) is not before --to \(Render.time(end))")
        }
    }

    func period(now: Date) throws -> (Date, Date) {
        let end = try to.map { try parseTimeOrDate($0) } ?? now
        if let from { return (try parseTimeOrDate(from), end) }
        let span = since.flatMap(TimeSpan.init) ?? TimeSpan(seconds: 30 * 86_400)
        return (end.addingTimeInterval(-span.timeInterval), end)
    }

    func run() throws {
        let (start, end) = try period(now: Date())
        var query = "from=\(queryValue(WireJSON.formatDate(start)))&to=\(queryValue(WireJSON.formatDate(end)))&by=\(by)"
        if let client { query += "&client=\(queryValue(client))" }
        let path = "/v1/report?" + query
        guard csv else {
            return try global.perform(
                { try $0.get(path, as: ReportView.self) }, human: { Render.report($0, wide: wide) })
        }
        try global.perform({ try $0.get(path, as: ReportView.self) }, human: ReportCSV.render)
    }
}
