import FlowCore
import FlowDaemon
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
        #expect(config.rules.clients["acme"]?.approvers == ["carl"])
        #expect(config.rules.policy(for: .crisis, client: "acme").requiredApprovals == 2)
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
        #expect(config.rules.clients["acme"]?.name == "acme")
        #expect(config.rules.policy(for: .urgent, client: "acme").requiredApprovals == 3)
        #expect(config.rules.policy(for: .normal, client: "acme").requiredApprovals == 1)
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
