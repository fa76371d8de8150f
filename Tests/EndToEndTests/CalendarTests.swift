import FlowAPI
import Foundation
import Testing

/// `flowctl calendar` against the built binaries: posts by local day, gaps in the cadence, scope, bad input.
@Suite(.serialized) struct CalendarEndToEnd {
    static let users =
        RunningDaemon.standardUsers.replacingOccurrences(
            of: "backup_approvers = [\"dora\"]\n",
            with: "backup_approvers = [\"dora\"]\ntimezone = \"Europe/Berlin\"\ncadence = [\"mon\", \"wed\", \"fri\"]\n"
        )
        + RunningDaemon.globex

    @Test func postsByLocalDayWithGapsAndScope() throws {
        let daemon = try RunningDaemon(users: Self.users)
        try daemon.start()
        // Monday 30 November 2026, 00:30 in Berlin, is still Sunday in UTC.
        let steps: [[String]] = [
            [
                "--as", "ana", "new", "--client", "acme", "--title", "Advent", "--body", "B", "--channel", "linkedin",
                "--publish-at", "2026-11-29T23:30:00Z",
            ],
            [
                "--as", "ana", "new", "--client", "acme", "--title", "Later", "--body", "B", "--publish-at",
                "2026-12-04T09:00:00Z",
            ],
            [
                "--as", "ana", "new", "--client", "acme", "--title", "Dropped", "--body", "B", "--publish-at",
                "2026-12-02T09:00:00Z",
            ],
            ["--as", "ana", "withdraw", "3"],
            ["--as", "ana", "submit", "1"],
            [
                "--as", "ana", "new", "--client", "globex", "--title", "Other", "--body", "B", "--publish-at",
                "2026-12-01T09:00:00Z",
            ],
        ]
        for step in steps { #expect(try daemon.ctl(step).code == 0, "\(step)") }

        let period = ["calendar", "--from", "2026-11-29T23:00:00Z", "--to", "2026-12-06T23:00:00Z"]
        let view = try daemon.json(period)
        let clients = view["clients"] as? [[String: Any]] ?? []
        #expect(clients.compactMap { $0["client"] as? String } == ["acme", "globex"])
        let acme = try #require(clients.first)
        #expect(acme["time_zone"] as? String == "Europe/Berlin")
        #expect(acme["cadence"] as? [String] == ["mon", "wed", "fri"])
        let days = acme["days"] as? [[String: Any]] ?? []
        // Monday has the advent post, Wednesday lost its post to the withdrawal, Friday has the later one.
        #expect(days.compactMap { $0["date"] as? String } == ["2026-11-30", "2026-12-02", "2026-12-04"])
        #expect(days.compactMap { $0["gap"] as? Bool } == [false, true, false])
        let first = try #require((days.first?["posts"] as? [[String: Any]])?.first)
        #expect(first["draft"] as? Int == 1)
        #expect(first["local_time"] as? String == "00:30")
        #expect(first["state"] as? String == "review")
        #expect(first["whose_move"] as? String == "company")

        let table = try daemon.ctl(period)
        #expect(table.code == 0)
        #expect(table.stdout.contains("acme — ACME (Europe/Berlin), cadence mon, wed, fri"))
        #expect(table.stdout.contains("Mon 2026-11-30  00:30  #1  review  linkedin  Advent  (company's move)"))
        #expect(table.stdout.contains("Wed 2026-12-02  -      no post planned"))

        // Carl sees acme only; globex answers like a client that does not exist.
        let carl = try daemon.json(["--as", "carl"] + period)
        #expect((carl["clients"] as? [[String: Any]])?.compactMap { $0["client"] as? String } == ["acme"])
        let other = try daemon.ctl(["--as", "carl", "calendar", "--client", "globex"])
        let none = try daemon.ctl(["--as", "carl", "calendar", "--client", "nope"])
        #expect(other.code == 4)
        #expect(other.stderr.replacingOccurrences(of: "globex", with: "nope") == none.stderr)

        for (arguments, message) in [
            (["calendar", "--week", "--month"], "not both"),
            (["calendar", "--week", "--from", "2026-12-01"], "not both"),
            (["calendar", "--from", "2026-12-05", "--to", "2026-12-01"], "inverted"),
            (["calendar", "--from", "someday"], "ISO-8601"),
        ] {
            let outcome = try daemon.ctl(arguments)
            #expect(outcome.code == 64, "\(arguments)")
            #expect(outcome.stderr.contains(message), "\(arguments): \(outcome.stderr)")
        }
        let long = try daemon.ctl(["calendar", "--from", "2026-01-01", "--to", "2026-12-01"])
        #expect(long.code == 1)
        #expect(long.stderr.contains("at most"))
    }
}
