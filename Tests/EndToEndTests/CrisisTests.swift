import FlowAPI
import Foundation
import Testing

/// Crisis mode against the built binaries: started once, new drafts in the crisis lane, shown in status and
/// agenda, ended with its summary; bad input changes nothing.
@Suite(.serialized) struct CrisisEndToEnd {
    @Test func aCrisisStartsRoutesDraftsAndEndsWithItsSummary() throws {
        let sink = try TestSink()
        let daemon = try RunningDaemon(
            users: RunningDaemon.standardUsers.replacingOccurrences(
                of: "backup_approvers = [\"dora\"]\n",
                with: "backup_approvers = [\"dora\"]\ncrisis_roster = [\"carl\", \"bob\"]\n"),
            extra: """
                [lanes.crisis]
                review_sla = "15m"
                clock = "always"

                """ + sink.sink("crisis-room", path: "/crisis", "events = [\"crisis\"]"))
        try daemon.start()
        #expect(
            try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "Before", "--body", "B"]).code == 0)

        try Self.startedOnceByTheAgency(daemon)
        try Self.toldAndShown(daemon, sink)
        try Self.routedThenEnded(daemon)
        try Self.overAfterTheEnd(daemon, sink)
    }

    /// Only the agency starts a crisis, and it needs a message.
    private static func startedOnceByTheAgency(_ daemon: RunningDaemon) throws {
        let carl = try daemon.ctl(["--as", "carl", "crisis", "start", "--client", "acme", "-m", "outage"])
        #expect(carl.code == 3)
        #expect(carl.stderr.contains("may not start or end crises"))
        let empty = try daemon.ctl(["--as", "ana", "crisis", "start", "--client", "acme", "-m", " "])
        #expect(empty.code == 1)
        #expect(empty.stderr.contains("needs a message"))
        #expect(try daemon.ctl(["crisis", "end", "--client", "acme"]).stderr.contains("no crisis is running for acme"))

        let started = try daemon.ctl(["--as", "ana", "crisis", "start", "--client", "acme", "-m", "Login outage"])
        #expect(started.code == 0)
        #expect(started.stdout.contains("crisis started for acme"))
        let twice = try daemon.ctl(["--as", "ana", "crisis", "start", "--client", "acme", "-m", "again"])
        #expect(twice.code == 3)
        #expect(twice.stderr.contains("a crisis for acme is running already"))
        #expect(twice.stderr.contains("started by ana"))
    }

    /// The roster is told at once, through the sinks that take crisis notices; status, agenda and the list show
    /// the crisis.
    private static func toldAndShown(_ daemon: RunningDaemon, _ sink: TestSink) throws {
        #expect(daemon.waitFor(10) { !sink.requests(to: "/crisis").isEmpty })
        let notice = try #require(sink.requests(to: "/crisis").first)
        let body = try #require(notice["body"] as? [String: Any])
        #expect(body["type"] as? String == "crisis")
        let data = try #require(body["data"] as? [String: Any])
        #expect(data["message"] as? String == "Login outage")
        #expect((data["notify"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["carl", "bob"])
        #expect((data["text"] as? String)?.contains("ACME is in crisis mode: Login outage") == true)

        // Status, agenda and the list say so.
        #expect(try daemon.ctl(["status"]).stdout.contains("CRISIS    acme since"))
        #expect(try daemon.ctl(["agenda"]).stdout.contains("Login outage"))
        let list = try daemon.json(["crisis", "status"])["crises"] as? [[String: Any]] ?? []
        #expect(list.compactMap { $0["client"] as? String } == ["acme"])
    }

    /// New drafts go to the crisis lane unless asked otherwise; drafts from before keep theirs. Then the crisis
    /// ends with its summary.
    private static func routedThenEnded(_ daemon: RunningDaemon) throws {
        #expect(
            try daemon.ctl([
                "--as", "ana", "new", "--client", "acme", "--title", "Statement", "--body", "We are on it.",
            ])
            .code == 0)
        #expect(
            try daemon.ctl([
                "--as", "ana", "new", "--client", "acme", "--title", "Routine", "--body", "B", "--lane", "normal",
            ])
            .code == 0)
        #expect(try daemon.json(["show", "2"])["lane"] as? String == "crisis")
        #expect(try daemon.json(["show", "3"])["lane"] as? String == "normal")
        #expect(try daemon.json(["show", "1"])["lane"] as? String == "normal")
        for step in [
            ["--as", "ana", "submit", "2"], ["--as", "carl", "approve", "2"], ["--as", "pia", "publish", "2"],
        ] {
            #expect(try daemon.ctl(step).code == 0, "\(step)")
        }

        let ended = try daemon.json(["crisis", "end", "--client", "acme"])
        #expect(ended["ended_by"] as? String == "ops")
        let summary = try #require(ended["summary"] as? [String: Any])
        #expect(summary["statements"] as? Int == 1)
        #expect(summary["approved"] as? Int == 1)
        #expect(summary["published"] as? Int == 1)
        #expect((summary["first_approved_after"] as? Int).map { $0 >= 0 && $0 < 60 } == true)
        let responders = summary["responders"] as? [[String: Any]] ?? []
        #expect(responders.compactMap { $0["person"] as? String } == ["carl"])
        #expect(responders.first?["decided"] as? Int == 1)
    }

    /// After the end, drafts go back to the normal lane, and ending again is refused.
    private static func overAfterTheEnd(_ daemon: RunningDaemon, _ sink: TestSink) throws {
        #expect(
            try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "After", "--body", "B"]).code == 0)
        #expect(try daemon.json(["show", "4"])["lane"] as? String == "normal")
        let again = try daemon.ctl(["crisis", "end", "--client", "acme"])
        #expect(again.code == 3)
        // Refused starts sent nothing: one notice in all.
        #expect(sink.requests(to: "/crisis").count == 1)
        #expect(!(try daemon.ctl(["status"]).stdout.contains("CRISIS")))
        // Another client's crisis is not one's own to start: it answers like a client that does not exist.
        #expect(try daemon.ctl(["crisis", "start", "--client", "nope", "-m", "x"]).code == 4)
    }
}
