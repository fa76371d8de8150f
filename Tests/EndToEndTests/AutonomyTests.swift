import Foundation
import Testing

/// Earned autonomy against the built binaries: a client whose record earns it for its normal lane, shown by
/// policy explain, show, the log and the report; then lost after one request for changes.
@Suite(.serialized) struct AutonomyEndToEnd {
    @Test func aClientsRecordEarnsAutonomyAndOneRequestForChangesLosesIt() throws {
        let daemon = try RunningDaemon(
            users: RunningDaemon.standardUsers + """
                [clients.lanes.normal]
                autonomy = { after = 3, share = 0.66, objection_window = "4h" }

                """)
        try daemon.start()
        func submit(_ title: String) throws -> Int {
            let created = try daemon.json(["--as", "ana", "new", "--client", "acme", "--title", title, "--body", "B"])
            let id = try #require(created["id"] as? Int)
            #expect(try daemon.ctl(["--as", "ana", "submit", "\(id)"]).code == 0)
            return id
        }
        // A record of three: two approved as they were, one after a request for changes (2 of 3 ≥ 66 %).
        let first = try submit("one")
        #expect(try daemon.ctl(["--as", "carl", "request-changes", "\(first)", "-m", "Shorter"]).code == 0)
        #expect(try daemon.ctl(["--as", "ana", "submit", "\(first)"]).code == 0)
        #expect(try daemon.ctl(["--as", "carl", "approve", "\(first)"]).code == 0)
        let before = try daemon.ctl(["policy", "explain", "--client", "acme", "--lane", "normal"]).stdout
        #expect(
            before.contains("earned autonomy not in force: normal review (1 of the 3 decided drafts the record needs"))
        for title in ["two", "three"] {
            let id = try submit(title)
            #expect(try daemon.ctl(["--as", "carl", "approve", "\(id)"]).code == 0)
        }
        let earned = try daemon.ctl(["policy", "explain", "--client", "acme", "--lane", "normal"]).stdout
        #expect(
            earned.contains(
                "earned autonomy: a draft submitted now goes out unless someone objects within 4h: 2 of the last 3 "
                    + "decided drafts approved without changes (67% ≥ 66%)"))

        // The next drafts go out on "publish unless objected"; show and the log say so and why.
        let window = try submit("four")
        let other = try submit("five")
        let shown = try daemon.ctl(["show", "\(window)"]).stdout
        #expect(shown.contains("goes out unless someone objects (request-changes) by"))
        #expect(shown.contains("earned: drafts submitted now go out unless objected; 2 of the last 3"))
        let submitEvent = (try daemon.json(["log", "\(window)"])["events"] as? [[String: Any]])?.last
        #expect((submitEvent?["data"] as? [String: String])?["mode"] == "unless-objected")
        #expect(try daemon.json(["show", "\(window)"])["review_mode"] as? String == "unless-objected")
        let report = try daemon.json(["report", "--since", "1d"])
        let record = (report["autonomy"] as? [[String: Any]])?.first
        #expect(record?["mode"] as? String == "unless-objected")
        #expect(record?["decided"] as? Int == 3)
        #expect(record?["unchanged"] as? Int == 2)
        #expect(try daemon.ctl(["report", "--since", "1d"]).stdout.contains("earned autonomy (the record now)"))

        // carl objects to one: the lane is back to normal review at once, the other window included.
        let objection = try daemon.ctl(["--as", "carl", "request-changes", "\(window)", "-m", "Not this week"])
        #expect(objection.code == 0)
        let objected = (try daemon.json(["log", "\(window)"])["events"] as? [[String: Any]])?.last
        #expect(
            (objected?["data"] as? [String: String])?["autonomy"]?.hasPrefix("lost: carl asked for changes") == true)
        let otherNow = try daemon.json(["show", "\(other)"])
        #expect(otherNow["review_mode"] == nil)
        #expect(otherNow["state"] as? String == "review")
        #expect(try daemon.ctl(["log", "\(other)"]).stdout.contains("back to normal review: carl asked for changes"))
        #expect(try daemon.json(["show", "\(try submit("six"))"])["review_mode"] == nil)
        let lost = try daemon.ctl(["policy", "explain", "--client", "acme", "--lane", "normal"]).stdout
        #expect(
            lost.contains(
                "earned autonomy not in force: normal review (0 of the 3 decided drafts the record needs since"))
        #expect(daemon.log.contains("back to normal review") || daemon.log.contains("replan"))
    }

    @Test func autonomyIsTheClientsToGrant() throws {
        let daemon = try RunningDaemon(
            extra: """
                [lanes.normal]
                autonomy = { after = 3, share = 0.9, objection_window = "4h" }

                """)
        let checked = try runProgram(daemon.flowd, ["check-config", "--config", daemon.configPath])
        #expect(checked.code != 0)
        #expect((checked.stdout + checked.stderr).contains("autonomy is the client's to grant"))
    }
}
