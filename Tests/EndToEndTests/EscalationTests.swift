import FlowAPI
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct EscalationEndToEnd {
    static let fastLadder = """
        [lanes.normal]
        review_sla = "3s"
        clock = "always"
        ladder = [
            { after = "1s", action = "remind" },
            { after = "2s", action = "escalate", to = "backup_approvers" },
        ]
        """

    @Test func theDaemonEscalatesOnItsOwn() throws {
        let daemon = try RunningDaemon(extra: Self.fastLadder)
        try daemon.start()
        _ = try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"])
        // The backup cannot approve before escalation adds her.
        _ = try daemon.ctl(["--as", "ana", "submit", "1"])
        #expect(try daemon.ctl(["--as", "dora", "approve", "1"]).code == 3)
        let shown = try daemon.json(["show", "1"])
        let next = shown["next"] as? [[String: Any]] ?? []
        #expect(next.compactMap { $0["action"] as? String } == ["remind", "escalate", "deadline"])

        #expect(try daemon.waitFor(10) { try daemon.actions(1).contains("escalate") })
        let events = try #require(try daemon.json(["log", "1"])["events"] as? [[String: Any]])
        let fired = events.filter { $0["actor"] as? String == "flowd" }
        #expect(fired.compactMap { $0["action"] as? String } == ["remind", "escalate"])
        #expect((fired.last?["data"] as? [String: String])?["added"] == "dora")
        #expect(try daemon.ctl(["--as", "dora", "approve", "1"]).code == 0)
        #expect(try daemon.json(["show", "1"])["state"] as? String == "approved")
        #expect(daemon.log.contains("escalate"))
    }

    /// Issue 29: `escalate to = "all"` added every member of every group, so globex's approver gil, sitting in
    /// group legal, was told about ACME's unreleased draft and given a link. Now he is left out, and says so.
    @Test func escalationToAllNeverReachesAnotherClientsPeople() throws {
        let daemon = try RunningDaemon(
            users: RunningDaemon.standardUsers + RunningDaemon.globex,
            extra: """
                [groups]
                legal = ["gil"]

                [lanes.normal]
                clock = "always"
                ladder = [ { after = "1s", action = "escalate", to = "all" } ]
                """)
        let check = try runProgram(daemon.flowd, ["check-config", "--config", daemon.configPath])
        #expect(check.code == 0)
        #expect((check.stdout + check.stderr).contains("group \"legal\" holds company users (gil)"))
        try daemon.start()
        _ = try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "Secret launch", "--body", "B"])
        _ = try daemon.ctl(["--as", "ana", "submit", "1"])
        #expect(try daemon.waitFor(10) { try daemon.actions(1).contains("escalate") })
        let events = try #require(try daemon.json(["log", "1"])["events"] as? [[String: Any]])
        let added = (events.last { $0["action"] as? String == "escalate" }?["data"] as? [String: String])?["added"]
        #expect(added?.contains("dora") == true)
        #expect(added?.contains("gil") == false)
        #expect(daemon.log.contains("escalation left out people outside the client's scope"))
        #expect(daemon.log.contains("to=all") && daemon.log.contains("left_out=gil"), "\(daemon.log)")
        // To gil the draft does not exist, and he cannot approve it.
        #expect(try daemon.ctl(["--as", "gil", "show", "1"]).code == 4)
        #expect(try daemon.ctl(["--as", "gil", "approve", "1"]).code == 4)
        #expect(try daemon.json(["show", "1"])["state"] as? String == "review")
    }

    @Test func aTimerDueWhileFlowdWasDownFiresOnceAfterStart() throws {
        let daemon = try RunningDaemon(
            extra: """
                [lanes.normal]
                clock = "always"
                ladder = [ { after = "1s", action = "remind", every = "1h" } ]
                """)
        try daemon.start()
        _ = try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"])
        _ = try daemon.ctl(["--as", "ana", "submit", "1"])
        #expect(daemon.stop() == 0)
        usleep(1_500_000)  // the reminder comes due while flowd is down
        try daemon.start()
        #expect(try daemon.waitFor(5) { try daemon.actions(1).contains("remind") })
        daemon.stop()
        try daemon.start()
        usleep(500_000)
        #expect(try daemon.actions(1).filter { $0 == "remind" }.count == 1)
        // The repeat is an hour away, not fired again.
        let next = try daemon.json(["show", "1"])["next"] as? [[String: Any]] ?? []
        #expect(next.count == 1)
    }

    @Test func acknowledgeAgendaOverdueAndPolicyExplain() throws {
        let daemon = try RunningDaemon(
            extra: """
                [lanes.normal]
                review_sla = "1s"
                clock = "always"
                max_acknowledge = "1h"
                ladder = [
                    { after = "2h", action = "remind" },
                    { after = "3h", action = "escalate", to = "backup_approvers" },
                ]
                """)
        try daemon.start()
        _ = try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "Launch", "--body", "B"])
        _ = try daemon.ctl(["--as", "ana", "submit", "1"])
        #expect(try daemon.waitFor(5) { try daemon.actions(1).contains("deadline-missed") })

        let overdue = try daemon.json(["ls", "--overdue"])["drafts"] as? [[String: Any]] ?? []
        #expect(overdue.compactMap { $0["id"] as? Int } == [1])
        #expect(overdue.first?["overdue"] as? Bool == true)

        // ops is involved in nothing: the agenda is the caller's unless --all; carl must act.
        #expect((try daemon.json(["agenda", "--within", "4h"])["items"] as? [Any])?.isEmpty ?? true)
        #expect((try daemon.json(["--as", "carl", "agenda", "--within", "4h"])["items"] as? [Any])?.count == 2)
        let agenda = try daemon.json(["agenda", "--within", "4h", "--all"])["items"] as? [[String: Any]] ?? []
        #expect(agenda.compactMap { ($0["step"] as? [String: Any])?["action"] as? String } == ["remind", "escalate"])
        #expect(agenda.first?["whose_move"] as? String == "company")
        #expect(
            try daemon.json(["agenda", "--within", "1h", "--all"])["items"] as? [Any] == nil
                || (try daemon.json(["agenda", "--within", "1h", "--all"])["items"] as? [Any])?.isEmpty == true)

        let tooLong = try daemon.ctl(["--as", "carl", "ack", "1", "--for", "5h"])
        #expect(tooLong.code == 1)
        #expect(tooLong.stderr.contains("at most 1h"))
        let ack = try daemon.ctl(["--as", "carl", "ack", "1", "--for", "30m", "-m", "after the call"])
        #expect(ack.code == 0)
        let shown = try daemon.json(["show", "1"])
        #expect(shown["acknowledged_until"] != nil)
        #expect(try daemon.actions(1).last == "acknowledge")
        let human = try daemon.ctl(["show", "1"])
        #expect(human.stdout.contains("next step"))
        #expect(human.stdout.contains("remind at"))

        let explain = try daemon.ctl([
            "policy", "explain", "--client", "acme", "--lane", "normal", "--from", "2026-06-12T16:00:00Z",
        ])
        #expect(explain.code == 0)
        #expect(explain.stdout.contains("2026-06-12 18:00 UTC"))
        #expect(explain.stdout.contains("escalate to backup_approvers after 3h"))
        #expect(explain.stdout.contains("dora"))
        let unknown = try daemon.ctl(["policy", "explain", "--client", "nope"])
        #expect(unknown.code == 4)
        #expect(try daemon.ctl(["ack", "1"]).code == 64)
    }
}
