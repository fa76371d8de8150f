import Foundation
import Testing

/// Issue 33: bad input a newcomer types gets a clear error, the documented exit code, and changes nothing. One row per
/// input: the arguments, the exit code, and words the message must hold.
@Suite(.serialized) struct NewcomerBadInputEndToEnd {
    @Test func eachBadInputIsRefusedWithItsCodeAndReason() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        _ = try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"])
        #expect(try daemon.ctl(["--as", "ana", "submit", "1"]).code == 0)
        #expect(try daemon.ctl(["--as", "carl", "approve", "1"]).code == 0)
        let big = NSTemporaryDirectory() + "big-" + UUID().uuidString.prefix(8) + ".txt"
        try Data(repeating: UInt8(ascii: "a"), count: 2_000_000).write(to: URL(fileURLWithPath: big))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: big)
        defer { try? FileManager.default.removeItem(atPath: big) }
        let new = ["--as", "ana", "new", "--client", "acme", "--title", "T"]
        let table: [([String], Int32, String)] = [
            (
                new + ["--body", "B", "--publish-at", "2026-02-30T10:00:00Z"], 64,
                "names a day the calendar does not have"
            ),
            (new + ["--body", "B", "--publish-at", "2020-05-01T10:00:00Z"], 1, "is in the past: give a time to come"),
            (new + ["--body", "B", "--publish-at", "2020-05-01"], 1, "is in the past"),
            (new + ["--body", "B", "--publish-at", "2030-11-25 25:00"], 64, "is not a time like"),
            (new + ["--body", "B", "--now", "--publish-at", "2030-11-25"], 64, "not both"),
            (["--as", "carl", "away", "set", "carl", "--until", "2027-02-30"], 64, "is not a day of the calendar"),
            (["--as", "pia", "publish", "1", "--url", "notaurl"], 1, "is not an absolute https address"),
            (["--as", "pia", "publish", "1", "--url", "http://x.com/1"], 1, "is not an absolute https address"),
            (new + ["--body-file", big], 64, "more than 256 KiB, the most flowd takes for a post"),
            (["help", "nosuch"], 64, "no verb 'nosuch' to help with"),
            (["shwo", "1"], 64, "unknown verb 'shwo' (did you mean show?)"),
            (new + ["--titel", "x"], 64, "unknown option '--titel' (did you mean --title?)"),
            // Without --title the verb's own rule spoke first, and said nothing of the typo.
            (["new", "--client", "acme", "--titel", "x"], 64, "unknown option '--titel' (did you mean --title?)"),
            (["away", "set", "--untl", "2027-01-01"], 64, "unknown option '--untl' (did you mean --until?)"),
            // A local time needs the draft's zone first: a draft that is not there is exit 4 there too.
            (["--as", "ana", "edit", "99", "--publish-at", "2030-11-25 10:00"], 4, "no draft 99"),
            // An alias is a verb (`acknowledge` is `ack`): listed by --help, so taken.
            (["acknowledge", "1", "--bye", "10:00"], 64, "unknown option '--bye' (did you mean --by?)"),
        ]
        for (arguments, code, reason) in table {
            let outcome = try daemon.ctl(arguments)
            #expect(outcome.code == code, "\(arguments): \(outcome.code) \(outcome.stderr)")
            #expect(outcome.stderr.contains(reason), "\(arguments): \(outcome.stderr)")
        }
        #expect(try daemon.actions(1) == ["create", "submit", "approve"], "no refusal changed the draft")
        #expect(try daemon.ctl(["acknowledge", "--help"]).code == 0)
        let missing = try daemon.ctl(["--json", "--as", "ana", "edit", "99", "--publish-at", "2030-11-25"])
        #expect(missing.stdout.contains("\"code\" : \"not_found\""), "the error envelope: \(missing.stdout)")
        #expect((try daemon.json(["ls"])["drafts"] as? [[String: Any]])?.count == 1, "no draft was made")
        #expect(try daemon.ctl(["--as", "pia", "publish", "1", "--url", "https://x.com/p/1"]).code == 0)
        // What is right goes in: a local day and time, and "as soon as it is approved".
        let local = try daemon.json(new + ["--body", "B", "--publish-at", "2030-11-25 10:00"])
        #expect((local["publish_at"] as? String)?.hasPrefix("2030-11-25") == true, "\(local)")
        let soon = try daemon.json(new + ["--body", "B", "--now"])
        #expect(soon["publish_at"] != nil)
        // One format for every verb that takes a time: a day, or a day and a local time.
        for arguments in [
            ["report", "--from", "2026-12-01 10:00"], ["calendar", "--from", "2030-11-25"],
            ["policy", "explain", "--client", "acme", "--from", "2030-11-25 10:00"],
        ] {
            let outcome = try daemon.ctl(arguments)
            #expect(outcome.code == 0, "\(arguments): \(outcome.stderr)")
        }
        #expect(try daemon.ctl(["report", "--from", "2026-02-30"]).code == 64)
        // A 500-character post on x is written, and refused for review with the channel's own count.
        let long = try daemon.json(new + ["--channel", "x", "--body", String(repeating: "a", count: 500)])
        let id = try #require(long["id"] as? Int)
        let refused = try daemon.ctl(["--as", "ana", "submit", "\(id)"])
        #expect(refused.code == 1 && refused.stderr.contains("x: 500 of 280 characters"), "\(refused.stderr)")
        #expect(try daemon.json(["show", "\(id)"])["state"] as? String == "draft")
    }

    /// `approve 1 2 3`: each draft judged alone, one line each, the worst outcome's exit code; and flowd names the
    /// config file it looked for and how to give another.
    @Test func severalDraftsAreJudgedEachAloneAndAMissingConfigIsNamed() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        for id in 1...3 {
            _ = try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "T\(id)", "--body", "B"])
            if id != 2 { #expect(try daemon.ctl(["--as", "ana", "submit", "\(id)"]).code == 0) }
        }
        let several = try daemon.ctl(["--as", "carl", "approve", "1", "2", "3"])
        #expect(several.code == 3, "draft 2 is not in review: \(several.stdout)")
        let lines = several.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("draft 1: approved") && lines[2].hasPrefix("draft 3: approved"))
        #expect(lines[1].hasPrefix("draft 2: cannot approve draft 2: it is in state draft"))
        let missing = try daemon.ctl(["--as", "carl", "comment", "1", "99", "-m", "x"])
        #expect(missing.code == 4 && missing.stdout.contains("draft 99: no draft 99"))
        let json = try daemon.ctl(["--as", "carl", "comment", "1", "99", "-m", "y", "--json"])
        let array = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(array?.count == 2 && (array?.last?["error"] as? [String: Any])?["code"] as? String == "not_found")
        #expect(try daemon.ctl(["--as", "carl", "approve", "1", "3", "--revision", "1"]).code == 64)

        let config = try runProgram(daemon.flowd, ["check-config", "--config", "/nonexistent/flowd.toml"])
        #expect(config.code == 1)
        #expect(config.stderr.contains("no config file at /nonexistent/flowd.toml (--config)"))
        #expect(config.stderr.contains("FLOWD_CONFIG=PATH"))
    }

    /// A publish time typed as people type it is in the client's time zone, wherever flowctl runs: Berlin's 10:00
    /// in summer is 08:00 UTC. A time the clocks skip is refused, never moved.
    @Test func aLocalPublishTimeIsInTheClientsZone() throws {
        let daemon = try RunningDaemon(
            users: RunningDaemon.standardUsers.replacingOccurrences(
                of: "backup_approvers = [\"dora\"]\n",
                with: "backup_approvers = [\"dora\"]\ntimezone = \"Europe/Berlin\"\n"))
        try daemon.start()
        defer { _ = daemon.stop() }
        let created = try daemon.json([
            "--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B", "--publish-at", "2030-06-03 10:00",
        ])
        #expect(created["publish_at"] as? String == "2030-06-03T08:00:00.000Z")
        let edited = try daemon.json(["--as", "ana", "edit", "1", "--publish-at", "2030-12-03 10:00"])
        #expect(edited["publish_at"] as? String == "2030-12-03T09:00:00.000Z", "winter: an hour ahead of UTC")
        let skipped = try daemon.ctl(["--as", "ana", "edit", "1", "--publish-at", "2030-03-31 02:30"])
        #expect(skipped.code == 64 && skipped.stderr.contains("does not happen in Europe/Berlin"), "\(skipped.stderr)")
        #expect(try daemon.json(["show", "1"])["publish_at"] as? String == "2030-12-03T09:00:00.000Z")
    }
}
