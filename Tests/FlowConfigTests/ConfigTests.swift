import FlowConfig
import FlowCore
import Foundation
import Testing

func parse(_ text: String) throws(ConfigError) -> DaemonConfig {
    try ConfigLoader.parse(text, path: "test.toml", baseDirectory: "/srv/flowd")
}

func issues(_ text: String) -> [ConfigIssue] {
    do {
        _ = try parse(text)
        return []
    } catch {
        return error.issues
    }
}

let validUsers = """
    [[users]]
    name = "ana"
    side = "agency"
    roles = ["author"]
    uid = 1001

    [[users]]
    name = "carl"
    side = "company"
    roles = ["approver"]

    """

@Suite struct ConfigTests {
    @Test func theReferenceConfigIsValid() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let config = try ConfigLoader.load(path: root.appendingPathComponent("config.toml").path)
        #expect(config.socket.hasSuffix("/var/flowd.sock"))
        #expect(config.database.hasSuffix("/var/flowd.db"))
        #expect(config.directory.clients["acme"]?.approvers == ["carl"])
        #expect(config.directory.policy(for: .crisis, client: "acme").clock == .always)
        #expect(config.directory.policy(for: .urgent, client: "acme").reviewSLA == TimeSpan("1h30m"))
        #expect(config.directory.lanes[.urgent]?.reviewSLA == TimeSpan("2h"))
        #expect(config.directory.clients["acme"]?.hours?.timeZone.identifier == "Europe/Berlin")
        #expect(config.directory.lanes[.normal]?.ladder.count == 4)
        #expect(config.directory.policy(for: .normal, client: "acme").autonomy?.after == 20)
        #expect(config.directory.policy(for: .normal, client: "acme").ladder.count == 4)
        #expect(config.directory.policy(for: .crisis, client: "acme").allowTemplates)
        #expect(config.user(uid: getuid())?.has(.admin) == true)
    }

    @Test func relativePathsResolveAgainstTheConfigDirectory() throws {
        let config = try parse("[daemon]\nsocket = \"run/s.sock\"\ndatabase = \"/abs/db\"\n")
        #expect(config.socket == "/srv/flowd/run/s.sock")
        #expect(config.database == "/abs/db")
    }

    @Test func usersMapByUidAndClientsKeepTheirLists() throws {
        let config = try parse(
            validUsers + """
                [[clients]]
                id = "acme"
                approvers = ["carl"]

                [lanes.urgent]
                required_approvals = 3
                """)
        #expect(config.user(uid: 1001)?.name == "ana")
        #expect(config.user(named: "carl")?.side == .company)
        #expect(config.directory.clients["acme"]?.name == "acme")
        #expect(config.directory.policy(for: .urgent, client: "acme").requiredApprovals == 3)
        #expect(config.directory.policy(for: .normal, client: "acme").requiredApprovals == 1)
    }

    @Test func aClientsCadenceIsItsWeekdaysAndABadDayIsReportedOnItsLine() throws {
        let config = try parse(
            validUsers + "[[clients]]\nid = \"acme\"\napprovers = [\"carl\"]\ncadence = [\"mon\", \"Fri\"]\n")
        #expect(config.directory.clients["acme"]?.cadence == [2, 6])
        let found = issues(validUsers + "[[clients]]\nid = \"acme\"\napprovers = [\"carl\"]\ncadence = [\"monday\"]\n")
        #expect(found.count == 1)
        #expect(found.first?.line == 14)
        #expect(found.first?.message.contains("unknown day \"monday\"") == true)
    }

    @Test func aCrisisRosterNamesKnownPeople() throws {
        let config = try parse(
            validUsers + "[[clients]]\nid = \"acme\"\napprovers = [\"carl\"]\ncrisis_roster = [\"carl\", \"ana\"]\n")
        #expect(config.directory.clients["acme"]?.crisisRoster == ["carl", "ana"])
        let found = issues(
            validUsers + "[[clients]]\nid = \"acme\"\napprovers = [\"carl\"]\ncrisis_roster = [\"zed\"]\n")
        #expect(found.count == 1)
        #expect(found.first?.message.contains("crisis_roster names unknown user \"zed\"") == true)
    }

    @Test func anUnknownKeyIsReportedOnItsLine() {
        let found = issues("[daemon]\nsocket = \"s\"\nsockett = \"t\"\n")
        #expect(found.count == 1)
        #expect(found.first?.line == 3)
        #expect(found.first?.message.contains("unknown key \"daemon.sockett\"") == true)
    }

    @Test func aWrongTypeIsReportedOnItsLine() {
        let found = issues(validUsers + "[lanes.normal]\nrequired_approvals = \"two\"\n")
        #expect(found.count == 1)
        #expect(found.first?.line == 12)
        #expect(found.first?.message.contains("must be an integer") == true)
    }

    @Test func anUnknownUserInAClientListIsReportedOnItsLine() {
        let found = issues(
            validUsers + "[[clients]]\nid = \"acme\"\napprovers = [\"carl\"]\nbackup_approvers = [\"zoe\"]\n")
        #expect(found.count == 1)
        #expect(found.first?.line == 14)
        #expect(found.first?.message.contains("unknown user \"zoe\"") == true)
    }

    @Test func everyProblemIsReportedAtOnce() {
        let text = """
            [[users]]
            name = "ana"
            side = "agnecy"
            roles = ["author", "boss"]

            [[users]]
            name = "ana"
            side = "company"

            [lanes.slow]
            required_approvals = 1
            """
        let found = issues(text)
        #expect(found.map(\.line) == [3, 4, 7, 10])
        #expect(found[0].message.contains("\"agnecy\""))
        #expect(found[1].message.contains("unknown role \"boss\""))
        #expect(found[2].message.contains("defined twice"))
        #expect(found[3].message.contains("unknown lane \"slow\""))
    }

    @Test func aSyntaxErrorNamesItsLine() {
        let found = issues("[daemon]\nsocket = \"unterminated\n")
        #expect(found.count == 1)
        #expect(found.first?.line == 2)
        #expect(found.first?.message.hasPrefix("syntax") == true)
    }

    @Test func twoUsersOnOneUidAreRefused() {
        let found = issues(validUsers + "[[users]]\nname = \"bob\"\nside = \"agency\"\nuid = 1001\n")
        #expect(found.first?.message.contains("same uid 1001") == true)
    }

    @Test func anUnknownUnixUserIsRefused() {
        let found = issues("[[users]]\nname = \"x\"\nside = \"agency\"\nunix_user = \"no-such-account-here\"\n")
        #expect(found.first?.line == 4)
    }

    @Test func aClientApproverNeedsTheRole() {
        let found = issues(validUsers + "[[clients]]\nid = \"acme\"\napprovers = [\"ana\"]\n")
        #expect(found.first?.message.contains("lacks role approver") == true)
    }
}

let ladderUsers =
    validUsers + """
        [[users]]
        name = "dora"
        side = "company"
        roles = ["approver"]

        """

@Suite struct PolicyConfigTests {
    @Test func aFullPolicyParses() throws {
        let config = try parse(
            ladderUsers + """
                [groups]
                leads = ["ana"]

                [lanes.normal]
                review_sla = "4h"
                rework_sla = "1d"
                publish_grace = "30m"
                clock = "always"
                max_acknowledge = "2h"
                auto_approve = true
                ladder = [
                    { after = "1h", action = "remind", every = "30m", max = 4 },
                    { after = "2h", action = "warn" },
                    { after = "3h", action = "escalate", to = "leads" },
                    { after = "4h", action = "auto_approve" },
                ]

                [[clients]]
                id = "acme"
                approvers = ["carl"]
                backup_approvers = ["dora"]
                timezone = "America/New_York"

                [clients.hours]
                days = ["mon", "tue", "wed", "thu"]
                start = "08:30"
                end = "17:00"
                holidays = ["2026-07-03"]

                [clients.lanes.normal]
                review_sla = "2h"
                """)
        let policy = try #require(config.directory.lanes[.normal])
        #expect(policy.reviewSLA == TimeSpan("4h"))
        #expect(policy.clock == .always)
        #expect(policy.allowAutoApprove)
        #expect(policy.ladder.map(\.action) == [.remind, .warn, .escalate, .autoApprove])
        #expect(policy.ladder[0].every == TimeSpan("30m"))
        #expect(policy.ladder[0].max == 4)
        #expect(policy.ladder[2].to == "leads")
        let acme = config.directory.policy(for: .normal, client: "acme")
        #expect(acme.reviewSLA == TimeSpan("2h"))
        #expect(acme.ladder == policy.ladder)  // inherited
        let hours = try #require(config.directory.clients["acme"]?.hours)
        #expect(hours.days == [2, 3, 4, 5])
        #expect(hours.start == TimeOfDay("08:30"))
        #expect(hours.holidays == ["2026-07-03"])
        #expect(config.directory.groups["leads"] == ["ana"])
    }

    @Test func autoApproveNeedsTheLaneToAllowIt() {
        let found = issues(
            validUsers + "[lanes.urgent]\nladder = [ { after = \"1h\", action = \"auto_approve\" } ]\n")
        #expect(found.count == 1)
        #expect(found.first?.line == 12)
        #expect(found.first?.message.contains("needs auto_approve = true") == true)
    }

    @Test func ladderProblemsAreNamed() {
        let text =
            validUsers + """
                [lanes.normal]
                ladder = [
                    { after = "2h", action = "remind" },
                    { after = "1h", action = "warn" },
                    { after = "3h", action = "explode" },
                    { after = "soon", action = "warn" },
                    { after = "4h", action = "escalate", to = "nobody" },
                    { after = "5h", action = "warn", every = "1h" },
                ]
                """
        let messages = issues(text).map(\.message)
        #expect(messages.count == 5)
        #expect(messages.contains { $0.contains("must be in order") })
        #expect(messages.contains { $0.contains("action must be one of") })
        #expect(messages.contains { $0.contains("after must be a duration") })
        #expect(messages.contains { $0.contains("\"nobody\"") })
        #expect(messages.contains { $0.contains("remind steps only") })
        #expect(issues(text).allSatisfy { $0.line == 12 })
    }

    @Test func badTimezonesAndHoursAreRefused() {
        let text =
            validUsers + """
                [[clients]]
                id = "acme"
                timezone = "Mars/Olympus"

                [clients.hours]
                days = ["mon", "funday"]
                start = "18:00"
                end = "9:00"
                holidays = ["2026-02-30"]
                """
        let found = issues(text)
        #expect(found.contains { $0.line == 13 && $0.message.contains("unknown timezone") })
        #expect(found.contains { $0.line == 16 && $0.message.contains("funday") })
        #expect(found.contains { $0.line == 18 && $0.message.contains("not a time") })
        #expect(found.contains { $0.line == 19 && $0.message.contains("2026-02-30") })
    }

    @Test func malformedDurationsAndClocksAreRefused() {
        let found = issues(validUsers + "[lanes.crisis]\nreview_sla = \"fast\"\nclock = \"sometimes\"\n")
        #expect(found.map(\.line) == [12, 13])
    }
}

@Suite struct WebhookConfigTests {
    @Test func sourcesParseWithTheirSecretsActorsAndActions() throws {
        let config = try parse(
            validUsers + """
                [webhooks]
                listen = "127.0.0.1:9000"
                max_body_bytes = 2048

                [[webhooks.sources]]
                name = "chat"
                scheme = "github"
                secrets = ["old secret", "new secret"]
                actors = { "gh-carl" = "carl" }
                actions = ["approve", "request-changes"]
                """)
        let hooks = try #require(config.webhooks)
        #expect(hooks.host == "127.0.0.1")
        #expect(hooks.port == 9000)
        #expect(hooks.maxBodyBytes == 2048)
        let chat = try #require(hooks.sources["chat"])
        #expect(chat.scheme == .github)
        #expect(chat.secrets.count == 2)
        #expect(chat.actors == ["gh-carl": "carl"])
        #expect(chat.actions == [.approve, .requestChanges])
    }

    @Test func emptySecretsAreErrorsThatDoNotEchoSecrets() {
        let found = issues(
            validUsers + """
                [[webhooks.sources]]
                name = "chat"
                scheme = "standard"
                secrets = ["whsec_c2VjcmV0", "", "whsec_!!notbase64"]
                actor = "ana"
                actions = ["approve"]
                """)
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.line == 14 })
        #expect(found.map(\.message).allSatisfy { !$0.contains("notbase64") && !$0.contains("c2VjcmV0") })
    }

    @Test func aSourceNeedsASecretAnActorAndKnownActions() {
        let messages = issues(
            validUsers + """
                [[webhooks.sources]]
                name = "chat"
                scheme = "carrier-pigeon"
                actor = "zoe"
                actions = ["create", "dance"]
                """
        ).map(\.message)
        #expect(messages.contains { $0.contains("must be standard, github or slack") })
        #expect(messages.contains { $0.contains("has no secret") })
        #expect(messages.contains { $0.contains("unknown user \"zoe\"") })
        #expect(messages.contains { $0.contains("unknown action \"create\"") })
        #expect(messages.contains { $0.contains("unknown action \"dance\"") })
    }

    @Test func credentialsComeFromTheCredentialsDirectory() throws {
        // Without $CREDENTIALS_DIRECTORY (as in this test run) the reference is an error, not a silent skip.
        let found = issues(
            validUsers + """
                [[webhooks.sources]]
                name = "chat"
                scheme = "slack"
                credentials = ["slack-secret"]
                actions = ["approve"]
                """)
        #expect(found.contains { $0.message.contains("CREDENTIALS_DIRECTORY") })
    }

    @Test func aMalformedListenAddressIsRefused() {
        let found = issues("[webhooks]\nlisten = \"8787\"\n")
        #expect(found.first?.line == 2)
    }
}
