import Foundation
import Testing

/// Templates against the built binaries: approved once through the normal workflow, then used with different
/// values (approved at once where the client's lane allows templates), refused when a value breaks its
/// placeholder or the day's cap is reached, recorded in the template's history, offered first in a crisis, and
/// revoked.
@Suite(.serialized) struct TemplateEndToEnd {
    static let body = "We know {{service:text:30}} is down. Next update at {{eta:time}}: {{url:url:status.acme.com}}"

    /// The values of three uses, each approved at once and bound to its own filled text.
    static let uses: [[String: String]] = [
        ["service": "Checkout", "eta": "14:00", "url": "https://status.acme.com/i/1"],
        ["service": "Login", "eta": "15:30", "url": "https://status.acme.com/i/2"],
        ["service": "Search", "eta": "09:05", "url": "https://eu.status.acme.com/"],
    ]

    static func use(_ daemon: RunningDaemon, _ values: [String: String], lane: String = "crisis") throws -> Outcome {
        try daemon.ctl(
            ["--as", "ana", "new", "--template", "acme/outage", "--lane", lane]
                + values.sorted { $0.key < $1.key }.flatMap { ["--set", "\($0.key)=\($0.value)"] })
    }

    @Test func aTemplateApprovedOnceIsUsedThreeTimesAndRefusedWhereItMust() throws {
        // ACME allows templates in its crisis lane only.
        let daemon = try RunningDaemon(
            users: RunningDaemon.standardUsers + "[clients.lanes.crisis]\ntemplates = true\n\n" + RunningDaemon.globex)
        try daemon.start()
        try Self.madeAndApprovedOnce(daemon)
        try Self.offeredFirstInACrisis(daemon)
        try Self.usedThreeTimes(daemon)
        try Self.refusedWhereItMust(daemon)
        try Self.listedAndRevoked(daemon)
    }

    /// Two templates made; bad ones refused; the outage template approved through the normal workflow.
    private static func madeAndApprovedOnce(_ daemon: RunningDaemon) throws {
        let holiday = try daemon.ctl([
            "--as", "ana", "template", "new", "--client", "acme", "--name", "holiday", "--title", "Closed",
            "--body", "Closed on {{day:text:20}}.",
        ])
        #expect(holiday.code == 0, "\(holiday.stderr)")
        let created = try daemon.ctl([
            "--as", "ana", "template", "new", "--client", "acme", "--name", "outage", "--title", "Service notice",
            "--body", Self.body, "--channel", "x", "--max-per-day", "4", "--crisis",
        ])
        #expect(created.code == 0, "\(created.stderr)")
        #expect(created.stdout.contains("template acme/outage"))
        #expect(try daemon.json(["show", "2"])["template"] as? String == "acme/outage")

        // Bad templates, and using one before it is approved: refused, nothing made.
        let badType = try daemon.ctl([
            "--as", "ana", "template", "new", "--client", "acme", "--name", "bad", "--title", "T", "--body",
            "At {{eta:clock}}",
        ])
        #expect(badType.code == 1)
        #expect(badType.stderr.contains("unknown type"))
        let again = try daemon.ctl([
            "--as", "ana", "template", "new", "--client", "acme", "--name", "outage", "--title", "T", "--body", "B",
        ])
        #expect(again.code == 3)
        #expect(again.stderr.contains("template acme/outage exists already (draft 2"))
        let early = try Self.use(daemon, ["service": "Checkout", "eta": "14:00", "url": "https://status.acme.com/"])
        #expect(early.code == 3)
        #expect(early.stderr.contains("used once it is approved"))

        // Approved once, through the normal workflow; never published.
        #expect(try daemon.ctl(["--as", "ana", "submit", "2"]).code == 0)
        #expect(try daemon.ctl(["--as", "carl", "approve", "2"]).code == 0)
        let publishTemplate = try daemon.ctl(["--as", "pia", "publish", "2"])
        #expect(publishTemplate.code == 3)
        #expect(publishTemplate.stderr.contains("never published"))
        // Ready to use: nobody must act on it and publishing is not offered (issue 33).
        let shown = try daemon.json(["show", "2"])
        #expect((shown["must_act"] as? [String] ?? []).isEmpty, "\(shown["must_act"] ?? "")")
        #expect((shown["allowed_actions"] as? [String])?.contains("publish") == false)
    }

    /// Outside a crisis the list goes by name; a crisis offers its usable crisis templates at once.
    private static func offeredFirstInACrisis(_ daemon: RunningDaemon) throws {
        let calm = try daemon.json(["template", "ls"])["templates"] as? [[String: Any]] ?? []
        #expect(calm.compactMap { $0["name"] as? String } == ["acme/holiday", "acme/outage"])
        let crisis = try daemon.ctl(["--as", "ana", "crisis", "start", "--client", "acme", "-m", "Outage"])
        #expect(crisis.code == 0)
        #expect(
            crisis.stdout.contains("ready: flowctl new --template acme/outage --set service=… --set eta=… --set url=…"))
        #expect(!crisis.stdout.contains("holiday"))
    }

    /// Three uses with different values, each approved at once and bound to its own filled text.
    private static func usedThreeTimes(_ daemon: RunningDaemon) throws {
        for (index, values) in Self.uses.enumerated() {
            let outcome = try Self.use(daemon, values)
            #expect(outcome.code == 0, "\(outcome.stderr)")
            #expect(outcome.stdout.contains("approved by its template"))
            let draft = try daemon.json(["show", "\(index + 3)"])
            #expect(draft["state"] as? String == "approved")
            #expect(
                draft["body"] as? String
                    == "We know \(values["service"]!) is down. Next update at \(values["eta"]!): \(values["url"]!)")
            #expect(draft["title"] as? String == "Service notice")
            #expect(draft["channels"] as? [String] == ["x"])
            #expect(draft["approved_hash"] as? String == draft["content_hash"] as? String)
            #expect(draft["from_template"] as? Int == 2)
            let log = try daemon.ctl(["log", "\(index + 3)"]).stdout
            #expect(log.contains("approved by template acme/outage, approved by carl on"))
        }
        #expect(Set(try (3...5).map { try daemon.json(["show", "\($0)"])["content_hash"] as? String }).count == 3)
    }

    /// Values that break a placeholder: refused, nothing made.
    private static func refusedWhereItMust(_ daemon: RunningDaemon) throws {
        for (values, message) in [
            (["service": "Checkout", "eta": "25:00", "url": "https://status.acme.com/"], "eta must be a time"),
            (["service": "Checkout", "eta": "14:00", "url": "https://evil.example/"], "url must be an https URL"),
            (["service": "Checkout", "eta": "14:00"], "missing --set url"),
            (
                ["service": "Checkout", "eta": "14:00", "url": "https://status.acme.com/", "tone": "calm"],
                "no placeholder"
            ),
            (
                ["service": String(repeating: "x", count: 31), "eta": "14:00", "url": "https://status.acme.com/"],
                "1 to 30"
            ),
        ] {
            let refused = try Self.use(daemon, values)
            #expect(refused.code == 1, "\(values)")
            #expect(refused.stderr.contains(message), "\(refused.stderr)")
        }
        // Another client's people find nothing, exactly as for a template that does not exist.
        let foreign = try daemon.ctl(["--as", "gil", "new", "--template", "acme/outage", "--set", "eta=14:00"])
        let missing = try daemon.ctl(["--as", "gil", "new", "--template", "acme/nothing", "--set", "eta=14:00"])
        #expect(foreign.code == 4)
        #expect(foreign.stderr.replacingOccurrences(of: "outage", with: "nothing") == missing.stderr)

        // A lane without templates: the filled draft goes to review like any other. That is the day's fourth use.
        let normal = try Self.use(daemon, Self.uses[0], lane: "normal")
        #expect(normal.code == 0)
        #expect(try daemon.json(["show", "6"])["state"] as? String == "draft")
        let capped = try Self.use(daemon, Self.uses[1])
        #expect(capped.code == 3)
        #expect(capped.stderr.contains("used 4 times today; its cap is 4 a day"))
        #expect((try daemon.json(["ls"])["drafts"] as? [Any])?.count == 6)
    }

    /// Every use is in the template's history.
    private static func listedAndRevoked(_ daemon: RunningDaemon) throws {
        let history = try daemon.json(["log", "2"])["events"] as? [[String: Any]] ?? []
        let used = history.filter { $0["action"] as? String == "template-used" }
        #expect(used.compactMap { ($0["data"] as? [String: String])?["draft"] } == ["3", "4", "5", "6"])
        #expect(used.allSatisfy { $0["actor"] as? String == "ana" })

        // The list says what each needs and whether it may be used; in a crisis, crisis templates come first.
        let listed = try daemon.json(["template", "ls"])["templates"] as? [[String: Any]] ?? []
        #expect(listed.compactMap { $0["name"] as? String } == ["acme/outage", "acme/holiday"])
        let outage = try #require(listed.first)
        #expect(outage["usable"] as? Bool == false)
        #expect(outage["uses_today"] as? Int == 4)
        #expect(
            (outage["placeholders"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == [
                "service", "eta", "url",
            ])
        #expect((try daemon.json(["--as", "gil", "template", "ls"])["templates"] as? [Any])?.isEmpty == true)

        // Revoked: no more uses; the history keeps it.
        let revoked = try daemon.ctl(["--as", "ana", "template", "revoke", "acme/outage", "-m", "new wording"])
        #expect(revoked.code == 0, "\(revoked.stderr)")
        #expect(try daemon.json(["show", "2"])["state"] as? String == "withdrawn")
        let afterRevoke = try Self.use(daemon, Self.uses[0])
        #expect(afterRevoke.code == 3)
        #expect(afterRevoke.stderr.contains("was revoked "))
        #expect(
            try daemon.ctl(["--as", "ana", "template", "revoke", "acme/outage"]).stderr.contains("revoked already"))
        #expect((try daemon.json(["template", "ls"])["templates"] as? [Any])?.count == 1)
        #expect((try daemon.json(["template", "ls", "--all"])["templates"] as? [Any])?.count == 2)
        // Its name is free again for new wording.
        let renewed = try daemon.ctl([
            "--as", "ana", "template", "new", "--client", "acme", "--name", "outage", "--title", "Service notice",
            "--body", Self.body,
        ])
        #expect(renewed.code == 0, "\(renewed.stderr)")

        // What was made from it stays approved and bound to its text: it publishes.
        #expect(try daemon.ctl(["--as", "pia", "publish", "3"]).code == 0)
    }
}
