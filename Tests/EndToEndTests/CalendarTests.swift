import FlowAPI
import Foundation
import Testing

private let icalScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Browser/ical.py").path

/// `flowctl calendar` against the built binaries: posts by local day, gaps in the cadence, scope, bad input; and
/// the iCalendar feed on the public listener, parsed by PyPI's icalendar.
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
        // Monday 25 November 2030, 00:30 in Berlin, is still Sunday in UTC (a week to come: a publish time is never in
        // the past).
        let steps: [[String]] = [
            [
                "--as", "ana", "new", "--client", "acme", "--title", "Advent", "--body", "B", "--channel", "linkedin",
                "--publish-at", "2030-11-24T23:30:00Z",
            ],
            [
                "--as", "ana", "new", "--client", "acme", "--title", "Later", "--body", "B", "--publish-at",
                "2030-11-29T09:00:00Z",
            ],
            [
                "--as", "ana", "new", "--client", "acme", "--title", "Dropped", "--body", "B", "--publish-at",
                "2030-11-27T09:00:00Z",
            ],
            ["--as", "ana", "withdraw", "3"],
            ["--as", "ana", "submit", "1"],
            [
                "--as", "ana", "new", "--client", "globex", "--title", "Other", "--body", "B", "--publish-at",
                "2030-11-26T09:00:00Z",
            ],
        ]
        for step in steps { #expect(try daemon.ctl(step).code == 0, "\(step)") }

        let period = ["calendar", "--from", "2030-11-24T23:00:00Z", "--to", "2030-12-01T23:00:00Z"]
        let view = try daemon.json(period)
        let clients = view["clients"] as? [[String: Any]] ?? []
        #expect(clients.compactMap { $0["client"] as? String } == ["acme", "globex"])
        let acme = try #require(clients.first)
        #expect(acme["time_zone"] as? String == "Europe/Berlin")
        #expect(acme["cadence"] as? [String] == ["mon", "wed", "fri"])
        let days = acme["days"] as? [[String: Any]] ?? []
        // Monday has the advent post, Wednesday lost its post to the withdrawal, Friday has the later one.
        #expect(days.compactMap { $0["date"] as? String } == ["2030-11-25", "2030-11-27", "2030-11-29"])
        #expect(days.compactMap { $0["gap"] as? Bool } == [false, true, false])
        let first = try #require((days.first?["posts"] as? [[String: Any]])?.first)
        #expect(first["draft"] as? Int == 1)
        #expect(first["local_time"] as? String == "00:30")
        #expect(first["state"] as? String == "review")
        #expect(first["whose_move"] as? String == "company")

        let table = try daemon.ctl(period)
        #expect(table.code == 0)
        #expect(table.stdout.contains("acme — ACME (Europe/Berlin), cadence mon, wed, fri"))
        // Each client's days are a table: a post a line, and in NOTE why a day has none.
        let lines = table.stdout.split(separator: "\n")
        let header = try #require(lines.first { $0.hasPrefix("  DAY") })
        #expect(header == "  DAY  DATE        TIME   DRAFT  STATE   CHANNELS  MOVE     NOTE             TITLE")
        #expect(lines.contains("  Mon  2030-11-25  00:30  #1     review  linkedin  company                   Advent"))
        #expect(lines.contains("  Wed  2030-11-27  -                                        no post planned"))
        #expect(lines.contains("  Fri  2030-11-29  10:00  #2     draft   -         agency                    Later"))

        // Carl sees acme only; globex answers like a client that does not exist.
        let carl = try daemon.json(["--as", "carl"] + period)
        #expect((carl["clients"] as? [[String: Any]])?.compactMap { $0["client"] as? String } == ["acme"])
        let other = try daemon.ctl(["--as", "carl", "calendar", "--client", "globex"])
        let none = try daemon.ctl(["--as", "carl", "calendar", "--client", "nope"])
        #expect(other.code == 4)
        #expect(other.stderr.replacingOccurrences(of: "globex", with: "nope") == none.stderr)

        for (arguments, message) in [
            (["calendar", "--week", "--month"], "not both"),
            (["calendar", "--week", "--from", "2030-11-26"], "not both"),
            (["calendar", "--from", "2030-11-30", "--to", "2030-11-26"], "inverted"),
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

    @Test func theFeedIsASecretRevocableICalendarThatShowsAndNeverDecides() throws {
        let port = testPort()
        let daemon = try RunningDaemon(
            users: Self.users,
            extra: """
                [webhooks]
                listen = "127.0.0.1:\(port)"
                public_url = "https://plan.example.com"
                """)
        try daemon.start()
        let publish = WireJSON.formatDate(Date().addingTimeInterval(3 * 86_400))
        let steps: [[String]] = [
            [
                "--as", "ana", "new", "--client", "acme", "--title", "Launch, with care", "--body", "B", "--channel",
                "x", "--publish-at", publish,
            ],
            ["--as", "ana", "submit", "1"],
            ["--as", "ana", "new", "--client", "acme", "--title", "Plain", "--body", "B", "--publish-at", publish],
            ["--as", "ana", "new", "--client", "globex", "--title", "Secret", "--body", "B", "--publish-at", publish],
            ["--as", "ana", "submit", "3"],
        ]
        for step in steps { #expect(try daemon.ctl(step).code == 0, "\(step)") }

        // Company people do not hand out feeds; a client outside one's scope does not exist.
        let carl = try daemon.ctl(["--as", "carl", "calendar", "feed", "--client", "acme"])
        #expect(carl.code == 3)
        #expect(carl.stderr.contains("may not manage calendar feeds"))
        #expect(try daemon.ctl(["--as", "gil", "calendar", "feed", "--client", "acme"]).code == 4)

        let created = try daemon.json(["calendar", "feed", "--client", "acme"])
        let url = try #require(created["url"] as? String)
        #expect(url.hasPrefix("https://plan.example.com/calendar/") && url.hasSuffix(".ics"))
        let token = String(url.dropFirst("https://plan.example.com/calendar/".count).dropLast(4))
        let local = "http://127.0.0.1:\(port)/calendar/\(token).ics"

        try Self.feedListsThePlan(local, token: token)

        // The preview shows the post and takes no decision, nor the discussion (whoever holds the shared feed URL
        // would read the agency's own comments); another client's draft is not there.
        #expect(try daemon.ctl(["--as", "ana", "comment", "1", "-m", "Internal: they always approve late"]).code == 0)
        let page = try runProgram("/usr/bin/curl", ["-s", "http://127.0.0.1:\(port)/calendar/\(token)/1"])
        #expect(page.stdout.contains("Launch, with care"))
        #expect(page.stdout.contains("A preview from the editorial calendar"))
        #expect(!page.stdout.contains("<form"))
        #expect(!page.stdout.contains("approve late") && !page.stdout.contains("Comments in this round"))
        let other = try runProgram(
            "/usr/bin/curl",
            ["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(port)/calendar/\(token)/3"])
        #expect(other.stdout != "200")
        #expect(try daemon.actions(1) == ["create", "submit", "comment"])

        // A new feed ends the old one; revoking ends the new one.
        let second = try #require(try daemon.json(["calendar", "feed", "--client", "acme"])["url"] as? String)
        func code(_ path: String) throws -> String {
            try runProgram(
                "/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(port)\(path)"]
            ).stdout
        }
        #expect(try code("/calendar/\(token).ics") == "404")
        let secondToken = String(second.dropFirst("https://plan.example.com/calendar/".count).dropLast(4))
        #expect(try code("/calendar/\(secondToken).ics") == "200")
        let revoked = try daemon.json(["calendar", "feed", "--client", "acme", "--revoke"])
        #expect(revoked["revoked"] as? Int == 1)
        #expect(try code("/calendar/\(secondToken).ics") == "404")

        // The tokens are in neither the database nor the log.
        daemon.stop()
        for file in [daemon.database, daemon.database + "-wal", daemon.logPath] {
            let bytes = FileManager.default.contents(atPath: file) ?? Data()
            for secret in [token, secondToken] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "a token is in \(file)")
            }
        }
    }

    /// The feed, read by Python's own parser: the client's planned drafts, in review tentative, with preview links.
    private static func feedListsThePlan(_ local: String, token: String) throws {
        let parsed = try runProgram("/usr/bin/env", ["python3", icalScript, local])
        #expect(parsed.code == 0, "\(parsed.stderr)")
        let feed = try #require(try JSONSerialization.jsonObject(with: Data(parsed.stdout.utf8)) as? [String: Any])
        #expect((feed["content_type"] as? String)?.hasPrefix("text/calendar") == true)
        #expect(feed["name"] as? String == "ACME · editorial calendar")
        let events = feed["events"] as? [[String: Any]] ?? []
        #expect(
            events.compactMap { $0["summary"] as? String }.sorted() == ["Launch, with care (review)", "Plain (draft)"])
        #expect(events.allSatisfy { $0["duration"] as? Double == 1_800 })
        let review = try #require(events.first { ($0["summary"] as? String)?.hasPrefix("Launch") == true })
        #expect(review["uid"] as? String == "flowd-draft-1@plan.example.com")
        #expect(review["status"] as? String == "TENTATIVE")
        let preview = try #require(review["url"] as? String)
        #expect(preview == "https://plan.example.com/calendar/\(token)/1")
        #expect(events.first { ($0["summary"] as? String)?.hasPrefix("Plain") == true }?["url"] is NSNull)
    }
}
