import FlowCore
import Foundation
import Testing

/// Absences against the built binaries: carl records his own with dora standing in, sees it listed, the agency
/// sees it and ends it; people outside his client see nothing of it; bad input is refused with its reason and
/// changes nothing.
@Suite(.serialized) struct AbsenceEndToEnd {
    static func listed(_ daemon: RunningDaemon, as person: String) throws -> [[String: Any]] {
        let outcome = try daemon.ctl(["--as", person, "away", "ls", "--json"])
        #expect(outcome.code == 0, "\(outcome.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        return object?["absences"] as? [[String: Any]] ?? []
    }

    @Test func carlGoesAwayWithDoraStandingInAndTheAgencyEndsIt() throws {
        let daemon = try RunningDaemon(
            users: RunningDaemon.standardUsers + RunningDaemon.globex)
        try daemon.start()
        let until = isoUTC(Date().addingTimeInterval(14 * 86_400))
        let set = try daemon.ctl([
            "--as", "carl", "away", "set", "carl", "--until", until, "--to", "dora", "-m", "Back in two weeks",
        ])
        #expect(set.code == 0, "\(set.stderr)")
        #expect(set.stdout.contains("carl is away from") && set.stdout.contains("dora stands in"))

        let mine = try Self.listed(daemon, as: "carl")
        #expect(mine.count == 1)
        #expect(mine.first?["person"] as? String == "carl" && mine.first?["stand_in"] as? String == "dora")
        #expect(mine.first?["message"] as? String == "Back in two weeks" && mine.first?["set_by"] as? String == "carl")
        #expect(try Self.listed(daemon, as: "ana").count == 1, "the agency sees its client's people")
        #expect(try Self.listed(daemon, as: "gil").isEmpty, "another client's approver sees nothing of it")
        let table = try daemon.ctl(["--as", "ana", "away", "ls"])
        #expect(table.stdout.contains("STANDS IN") && table.stdout.contains("dora"))

        let refusals: [([String], Int32, String)] = [
            (["--as", "carl", "away", "set", "carl", "--until", until], 1, "carl is already away"),
            (["--as", "eve", "away", "set", "carl", "--until", until], 3, "eve may not record carl's absence"),
            (
                ["--as", "dora", "away", "set", "dora", "--until", until, "--to", "pia"], 1,
                "a stand-in reviews for the same side"
            ),
            (["--as", "dora", "away", "set", "dora", "--until", until, "--to", "carl"], 1, "the stand-ins go round"),
            (
                ["--as", "dora", "away", "set", "dora", "--from", "2019-12-01", "--until", "2020-01-01"], 1,
                "lies in the past"
            ),
            (
                ["--as", "dora", "away", "set", "dora", "--from", until, "--until", isoUTC(Date())], 1,
                "ends before it begins"
            ),
            (["--as", "gil", "away", "end", "carl"], 1, "no user \"carl\""),
            (["--as", "dora", "away", "end", "dora"], 3, "dora is not away"),
        ]
        for (arguments, code, reason) in refusals {
            let outcome = try daemon.ctl(arguments)
            #expect(outcome.code == code, "\(arguments): \(outcome.code) \(outcome.stderr)")
            #expect(outcome.stderr.contains(reason), "\(arguments): \(outcome.stderr)")
        }
        #expect(try Self.listed(daemon, as: "ops").count == 1, "no refusal recorded anything")

        let ended = try daemon.ctl(["--as", "ana", "away", "end", "carl"])
        #expect(ended.code == 0, "\(ended.stderr)")
        #expect(ended.stdout.contains("carl is back"))
        #expect(try daemon.ctl(["--as", "carl", "away", "ls"]).stdout.contains("nobody is away"))
        let again = try daemon.ctl(["--as", "carl", "away", "set", "carl", "--until", until, "--to", "dora"])
        #expect(again.code == 0, "once ended, a new absence may begin: \(again.stderr)")
    }

    static func links(_ daemon: RunningDaemon, _ id: Int) throws -> [String: String] {
        let links = try daemon.json(["links", "\(id)", "--all"])["links"] as? [[String: Any]] ?? []
        var out: [String: String] = [:]
        // Newest first: each person's newest link.
        for link in links.reversed() {
            if let user = link["user"] as? String { out[user] = link["status"] as? String }
        }
        return out
    }

    /// Issue 32's "done when": carl goes away with dora standing in while two drafts wait; both move to dora with new
    /// links, carl's old link says who stands in, dora approves one through her page and the log says "dora for
    /// carl"; carl comes back and the other returns to him.
    @Test func carlsReviewsMoveToDoraAndBackWhenHeReturns() throws {
        let port = testPort()
        let base = "http://127.0.0.1:\(port)"
        let daemon = try RunningDaemon(
            extra: """
                [webhooks]
                listen = "127.0.0.1:\(port)"
                public_url = "\(base)"

                [lanes.normal]
                clock = "always"
                ladder = [ { after = "4h", action = "escalate", to = "backup_approvers" } ]
                """)
        try daemon.start()
        for id in 1...2 {
            _ = try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "Post \(id)", "--body", "B"])
            #expect(try daemon.ctl(["--as", "ana", "submit", "\(id)"]).code == 0)
        }
        let carlsOld = try #require(try daemon.json(["links", "new", "1", "--for", "carl"])["url"] as? String)
        #expect(try Self.links(daemon, 1) == ["carl": "live"])

        let until = Date().addingTimeInterval(14 * 86_400)
        let set = try daemon.ctl([
            "--as", "carl", "away", "set", "carl", "--until", isoUTC(until), "--to", "dora", "-m", "Trade fair",
        ])
        #expect(set.code == 0, "\(set.stderr)")
        for id in 1...2 {
            #expect(try daemon.actions(id).last == "stand-in")
            #expect(try Self.links(daemon, id) == ["carl": "revoked", "dora": "live"], "draft \(id)")
            let shown = try daemon.json(["show", "\(id)"])
            #expect(shown["must_act"] as? [String] == ["dora"], "draft \(id): \(shown)")
        }
        let events = try #require(try daemon.json(["log", "1"])["events"] as? [[String: Any]])
        let moved = try #require(events.last)
        #expect(moved["actor"] as? String == "flowd")
        #expect((moved["message"] as? String)?.contains("carl is away until") == true)
        #expect((moved["message"] as? String)?.contains("dora reviews in their place") == true)

        // carl's own old link answers who stands in, and his own approval is refused while he is away.
        let reply = try fetch(carlsOld)
        #expect(reply.status == 200)
        #expect(reply.body.contains("You are away until"))
        #expect(reply.body.contains("Dora reviews this post in your place"))
        #expect(reply.body.contains("“Post 1”") && !reply.body.contains(">B<"), "named, and nothing of it shown")
        let carl = try daemon.ctl(["--as", "carl", "approve", "2"])
        #expect(carl.code == 3 && carl.stderr.contains("carl is away until"), "\(carl.stderr)")

        // dora approves draft 1 through her own page, in her own name, for carl.
        let dorasURL = try #require(try daemon.json(["links", "new", "1", "--for", "dora"])["url"] as? String)
        let page = try fetch(dorasURL)
        #expect(page.status == 200 && page.body.contains("Post 1"))
        let token = try #require(csrf(page))
        let approved = try fetch(dorasURL, form: ["csrf": token, "action": "approve"], headers: ["Origin": base])
        #expect(approved.status == 303)
        #expect(try daemon.json(["show", "1"])["state"] as? String == "approved")
        let decided = try #require(try daemon.json(["log", "1"])["events"] as? [[String: Any]]).last
        #expect(decided?["actor"] as? String == "dora")
        #expect((decided?["data"] as? [String: String])?["for"] == "carl")
        #expect(try daemon.ctl(["log", "1"]).stdout.contains("dora for carl"))
        // The report counts the round for dora, and says carl was away with her standing in.
        let report = try daemon.json(["report", "--since", "1d", "--by", "approver"])
        let rows = report["rows"] as? [[String: Any]] ?? []
        #expect(rows.contains { $0["key"] as? String == "dora" }, "\(rows.map { $0["key"] ?? "" })")
        let away = report["absences"] as? [[String: Any]] ?? []
        #expect(away.first?["person"] as? String == "carl" && away.first?["stand_in"] as? String == "dora")
        #expect(try daemon.ctl(["report", "--since", "1d"]).stdout.contains("away in the period"))

        // carl comes back: draft 2, still undecided, returns to him with a new link; dora's goes.
        #expect(try daemon.ctl(["--as", "carl", "away", "end", "carl"]).code == 0)
        #expect(try Self.links(daemon, 2) == ["carl": "live", "dora": "revoked"])
        #expect(try daemon.json(["show", "2"])["must_act"] as? [String] == ["carl"])
        #expect(try fetch(carlsOld).body.contains("You are away") == false)
        #expect(try daemon.actions(1).filter { $0 == "stand-in" }.count == 1, "a decided draft does not move back")
    }

    /// Away with nobody to stand in: the lane's 4h escalation comes at once, for a draft waiting and one submitted
    /// during the absence.
    @Test func anAbsenceWithNobodyToStandInEscalatesAtOnce() throws {
        let daemon = try RunningDaemon(
            extra: """
                [lanes.normal]
                clock = "always"
                ladder = [ { after = "4h", action = "escalate", to = "backup_approvers" } ]
                """)
        try daemon.start()
        let until = Date().addingTimeInterval(14 * 86_400)
        _ = try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "Post 1", "--body", "B"])
        #expect(try daemon.ctl(["--as", "ana", "submit", "1"]).code == 0)
        #expect(try daemon.ctl(["--as", "carl", "away", "set", "carl", "--until", isoUTC(until)]).code == 0)
        #expect(try daemon.waitFor(10) { try daemon.actions(1).contains("escalate") })
        _ = try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "Post 2", "--body", "B"])
        #expect(try daemon.ctl(["--as", "ana", "submit", "2"]).code == 0)
        #expect(try daemon.waitFor(10) { try daemon.actions(2).contains("escalate") })
        for id in [1, 2] {
            #expect(try daemon.json(["show", "\(id)"])["must_act"] as? [String] == ["dora"], "draft \(id)")
        }
    }

    /// A company approver says on their review page that they are away, choosing the stand-in among those who may
    /// review for them; a day that does not exist is refused and records nothing.
    @Test func carlSaysOnHisReviewPageThatHeIsAwayWithDoraStandingIn() throws {
        let (daemon, url, port) = try reviewedDraft(title: "Launch")
        let base = "http://127.0.0.1:\(port)"
        let page = try fetch(url)
        #expect(page.status == 200)
        #expect(page.body.contains("I&#39;m away") || page.body.contains("I'm away"), "the page offers the form")
        #expect(page.body.contains(#"<option value="dora">Dora</option>"#), "dora may stand in for carl")
        #expect(!page.body.contains(#"<option value="eve">"#), "eve reviews for no client of carl's")
        let token = try #require(csrf(page))

        let bad = try fetch(
            url, form: ["csrf": token, "action": "away", "until": "2027-02-30", "stand_in": "dora"],
            headers: ["Origin": base])
        #expect(bad.status == 422)
        #expect(bad.body.contains("Please give the day you are back"))
        #expect(try Self.listed(daemon, as: "carl").isEmpty, "a refused form records nothing")

        let back = LocalDate.text(of: Date().addingTimeInterval(10 * 86_400), in: TimeZone(identifier: "UTC")!)
        let saved = try fetch(
            url, form: ["csrf": token, "action": "away", "until": back, "stand_in": "dora"], headers: ["Origin": base])
        #expect(saved.status == 303)
        let location = try #require(saved.headers["location"])
        #expect(location.hasSuffix("?done=away"))
        let reply = try fetch(base + location)
        // The day as carl reads it: "Thu 17 Dec".
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = TimeZone(identifier: "UTC")
        day.dateFormat = "yyyy-MM-dd"
        let backDay = try #require(day.date(from: back))
        day.dateFormat = "EEE d MMM"
        #expect(reply.body.contains("You are away until \(day.string(from: backDay))"), "\(reply.body)")
        #expect(reply.body.contains("Dora reviews this post in your place"))
        let listed = try Self.listed(daemon, as: "ana")
        #expect(listed.first?["person"] as? String == "carl" && listed.first?["set_by"] as? String == "carl")
        #expect(listed.first?["stand_in"] as? String == "dora")
        #expect(try daemon.json(["show", "1"])["must_act"] as? [String] == ["dora"])
    }
}
