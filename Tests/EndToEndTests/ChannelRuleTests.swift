import FlowAPI
import Foundation
import Testing

/// The channels' rules, through the built flowd and flowctl: a submit that breaks one is refused with the rule and
/// its figure and changes nothing, and `show` counts the text as each channel does.
@Suite struct ChannelRulesEndToEnd {
    @Test func aPostTooLongForXIsRefusedAtSubmitAndChangesNothing() throws {
        let daemon = try RunningDaemon()
        try daemon.start()
        defer { _ = daemon.stop() }
        let body = String(repeating: "a", count: 290) + " https://example.com/" + String(repeating: "p", count: 40)
        let created = try daemon.json(
            [
                "--as", "ana", "new", "--client", "acme", "--title", "Launch", "--channel", "x", "--channel",
                "linkedin",
                "--body", body,
            ])
        #expect(created["state"] as? String == "draft")
        let before = try daemon.ctl(["show", "1", "--json"])
        let logBefore = try daemon.ctl(["log", "1", "--json"])

        let refused = try daemon.ctl(["--as", "ana", "submit", "1"])
        #expect(refused.code != 0)
        #expect(refused.stderr.contains("x: 314 of 280 characters"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("linkedin:"))
        #expect(try daemon.ctl(["show", "1", "--json"]).stdout == before.stdout)
        #expect(try daemon.ctl(["log", "1", "--json"]).stdout == logBefore.stdout)

        let shown = try daemon.ctl(["show", "1"])
        #expect(shown.stdout.contains("x 314/280 (34 over), linkedin \(body.utf16.count)/3000"), "\(shown.stdout)")

        let edited = try daemon.ctl(["--as", "ana", "edit", "1", "--body", "We launch on May 1: https://example.com/"])
        #expect(edited.code == 0)
        #expect(try daemon.ctl(["--as", "ana", "submit", "1"]).code == 0)
        #expect(try daemon.json(["show", "1"])["state"] as? String == "review")
    }
}
