import Foundation
import Testing

/// `flowctl policy simulate` against the built binaries: a short history replayed under a proposal, said to be too
/// short; a proposal that does not parse or names an unknown group, a lane with no submissions, a client outside the
/// caller's scope: each refused with its reason.
@Suite(.serialized) struct PolicySimulateEndToEnd {
    static func file(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "proposal-" + UUID().uuidString.prefix(8) + ".toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        return path
    }

    @Test func aProposalIsReplayedOnTheLanesHistoryAndBadInputIsRefused() throws {
        let daemon = try RunningDaemon(
            extra: """
                [lanes.normal]
                clock = "always"
                review_sla = "8h"
                ladder = [ { after = "4h", action = "remind" } ]
                """)
        try daemon.start()
        for id in 1...3 {
            _ = try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "Post \(id)", "--body", "B"])
            #expect(try daemon.ctl(["--as", "ana", "submit", "\(id)"]).code == 0)
            #expect(try daemon.ctl(["--as", "carl", "approve", "\(id)"]).code == 0)
        }
        let good = try Self.file(
            #"ladder = [ { after = "1h", action = "remind" }, { after = "2h", action = "escalate" } ]"#)
        defer { try? FileManager.default.removeItem(atPath: good) }
        let base = ["--as", "ana", "policy", "simulate", "--client", "acme", "--since", "1d", "--runs", "20"]
        let human = try daemon.ctl(base + ["--ladder", good])
        #expect(human.code == 0, "\(human.stderr)")
        #expect(human.stdout.contains("CURRENT") && human.stdout.contains("PROPOSAL"))
        #expect(human.stdout.contains("3 submissions, 3 review rounds ended"))
        #expect(human.stdout.contains("note: too little history: 3 review rounds"))
        #expect(human.stdout.contains("proposal: remind after 1h; escalate to backup_approvers after 2h"))

        let json = try daemon.json(base + ["--ladder", good])
        #expect(json["submissions"] as? Int == 3)
        let current = try #require(json["current"] as? [String: Any])
        #expect(current["sla_hit_rate"] as? Double == 1, "every round was decided at once: \(current)")
        #expect((json["model"] as? [String: Any])?["share_unprompted"] as? Double == 1)

        let broken = try Self.file("ladder = [ { after = \"1h\", action = \"remind\" ")
        let unknown = try Self.file(#"ladder = [ { after = "1h", action = "escalate", to = "legal" } ]"#)
        let misspelt = try Self.file(#"ladders = [ ]"#)
        defer { for path in [broken, unknown, misspelt] { try? FileManager.default.removeItem(atPath: path) } }
        let refusals: [([String], Int32, String)] = [
            (base + ["--ladder", broken], 1, "syntax"),
            (base + ["--ladder", unknown], 1, #"escalate to "legal": not backup_approvers, all, or a [groups] name"#),
            (base + ["--ladder", misspelt], 1, #"unknown key "ladders""#),
            (base + ["--ladder", good, "--lane", "urgent"], 1, "nothing to replay"),
            (base + ["--ladder", good, "--runs", "0"], 1, "--runs must be between 1 and 1000"),
            (["--as", "eve", "policy", "simulate", "--client", "acme", "--ladder", good], 4, "no client \"acme\""),
            (base + ["--ladder", "/nonexistent.toml"], 64, "cannot read the ladder file"),
        ]
        for (arguments, code, reason) in refusals {
            let outcome = try daemon.ctl(arguments)
            #expect(outcome.code == code, "\(arguments): \(outcome.code) \(outcome.stderr)")
            #expect(outcome.stderr.contains(reason), "\(arguments): \(outcome.stderr)")
        }
    }
}
