import FlowConfig
import FlowCore
import FlowRender
import Foundation
import Testing

private func parsed(_ text: String, host: TableHost = TableHost()) throws(ConfigError) -> DaemonConfig {
    try ConfigLoader.parse(text, path: "test.toml", baseDirectory: "/srv/flowd", host: host)
}

private func problems(_ text: String, host: TableHost = TableHost()) -> [ConfigIssue] {
    do {
        _ = try parsed(text, host: host)
        return []
    } catch {
        return error.issues
    }
}

private let people = """
    [[users]]
    name = "ana"
    side = "agency"
    roles = ["author", "approver"]
    clients = ["acme"]

    [[users]]
    name = "carl"
    side = "company"
    roles = ["approver"]

    [[users]]
    name = "cora"
    side = "company"
    roles = ["author"]

    """

@Suite struct ScopeConfigTests {
    @Test func membersAndAgencyNarrowingsBecomeTheDirectory() throws {
        let config = try parsed(
            people + """
                [[clients]]
                id = "acme"
                approvers = ["carl"]
                members = ["cora"]

                [[clients]]
                id = "globex"
                """)
        #expect(config.warnings.isEmpty)
        let directory = config.directory
        #expect(directory.clients["acme"]?.members == ["cora"])
        #expect(directory.users["ana"]?.clients == ["acme"])
        #expect(directory.scope(of: directory.users["ana"]!) == .clients(["acme"]))
        #expect(directory.scope(of: directory.users["cora"]!) == .clients(["acme"]))
    }

    @Test func anAgencyMemberIsAnErrorOnItsLine() {
        let found = problems(
            people + """
                [[clients]]
                id = "acme"
                approvers = ["carl"]
                members = ["cora", "ana"]
                """)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.line == 19)
        #expect(found.first?.message.contains(#"members names "ana", who is on the agency side"#) == true)
    }

    @Test func aCompanyUserInNoClientIsReportedWithItsLine() throws {
        let config = try parsed(
            people + """
                [[clients]]
                id = "acme"
                approvers = ["carl"]
                """)
        #expect(config.warnings.count == 1)
        #expect(config.warnings.first?.line == 13)
        #expect(config.warnings.first?.message.contains(#"company-side user "cora" belongs to no client"#) == true)
    }

    @Test func narrowingsNameRealClientsAndOnlyAgencyUsersHaveThem() {
        let found = problems(
            """
            [[users]]
            name = "ana"
            side = "agency"
            clients = ["acme", "nope"]

            [[users]]
            name = "carl"
            side = "company"
            roles = ["approver"]
            clients = ["acme"]

            [[clients]]
            id = "acme"
            approvers = ["carl"]
            """)
        #expect(found.map(\.line) == [4, 10])
        #expect(found[0].message.contains(#"names unknown client "nope""#))
        #expect(found[1].message.contains("narrows agency users only"))
    }
}

/// Parsing asks the machine only through `ConfigHost`: these run against a table, whatever this machine has.
@Suite struct ConfigHostTests {
    static let host = TableHost(
        users: ["alice": 4242], groups: ["flowctl": 777], currentUserID: 31, credentialsDirectory: "/creds",
        files: [
            "/srv/flowd/ok.secret": (Data("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".utf8), 0o600),
            "/srv/flowd/open.secret": (Data("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".utf8), 0o644),
            "/creds/hook": (Data("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".utf8), 0o444),
        ])

    @Test func accountsGroupsAndTheCurrentUserComeFromTheHost() throws {
        let config = try parsed(
            """
            [daemon]
            socket_group = "flowctl"

            [[users]]
            name = "alice"
            side = "agency"
            unix_user = "alice"

            [[users]]
            name = "me"
            side = "agency"
            unix_user = "@self"
            """, host: Self.host)
        #expect(config.socketGroup == 777)
        #expect(config.user(uid: 4242)?.name == "alice")
        #expect(config.user(uid: 31)?.name == "me")
        let missing = problems("[daemon]\nsocket_group = \"wheel\"\n", host: Self.host)
        #expect(missing.first?.message.contains(#"group "wheel" does not exist"#) == true)
    }

    @Test func secretFilesAndCredentialsComeFromTheHost() {
        let sources = """
            [[users]]
            name = "bot"
            side = "agency"
            roles = ["approver"]

            [webhooks]
            [[webhooks.sources]]
            name = "a"
            scheme = "standard"
            actor = "bot"
            actions = ["approve"]
            secret_files = ["ok.secret"]
            credentials = ["hook"]

            [[webhooks.sources]]
            name = "b"
            scheme = "standard"
            actor = "bot"
            actions = ["approve"]
            secret_files = ["open.secret"]
            """
        let found = problems(sources, host: Self.host).map(\.message)
        #expect(found.count == 2, "\(found)")
        #expect(found.contains("secret file /srv/flowd/open.secret is readable by group or others; chmod 600 it"))
        #expect(found.contains { $0.contains(#"webhook source "b" has no secret"#) })
        let fixed = sources.replacingOccurrences(of: "open.secret", with: "ok.secret")
        #expect(throws: Never.self) { try parsed(fixed, host: Self.host) }
    }
}

@Suite struct PublicURLConfigTests {
    @Test func aPublicAddressTurnsReviewLinksOn() throws {
        let config = try parsed(
            """
            [webhooks]
            listen = "127.0.0.1:8787"
            public_url = "https://flowd.example.com/"
            link_max_age = "2d"
            """)
        #expect(config.webhooks?.publicURL == "https://flowd.example.com")
        #expect(config.directory.reviewLinks)
        #expect(config.directory.linkMaxAge == TimeSpan("2d"))
        #expect(config.outboxPlanner(rendering: NoticeRenderer()).publicURL == "https://flowd.example.com")
        #expect(try parsed("[webhooks]\nlisten = \"127.0.0.1:8787\"\n").directory.reviewLinks == false)
    }

    @Test func aBadPublicAddressOrAgeIsRefusedOnItsLine() {
        let found = problems(
            """
            [webhooks]
            listen = "127.0.0.1:8787"
            public_url = "flowd.example.com"
            link_max_age = "0s"
            """)
        #expect(found.map(\.line) == [3, 4])
        #expect(found.first?.message.contains("must be an https:// URL") == true)
    }
}

@Suite struct SlackReplyConfigTests {
    static let source = """
        [[users]]
        name = "bot"
        side = "agency"
        roles = ["approver"]

        [webhooks]
        listen = "127.0.0.1:8787"

        [[webhooks.sources]]
        name = "chat"
        scheme = "slack"
        secrets = ["s3cret"]
        actions = ["approve"]
        """

    @Test func aSlackSourceRepliesThroughItsOwnSink() throws {
        let config = try parsed(Self.source + "\nresponse_url_prefix = \"https://slack.example/hooks/\"\n")
        let sink = try #require(config.deliverySinks.last)
        #expect(sink.name == "slack-replies:chat")
        #expect(sink.target == .url("https://slack.example/hooks/"))
        #expect(sink.secret == nil)
        #expect(try parsed(Self.source).webhooks?.sources["chat"]?.responseURLPrefix == "https://hooks.slack.com/")
    }

    @Test func aPrefixMustBeAURLEndingInASlash() {
        let found = problems(Self.source + "\nresponse_url_prefix = \"https://slack.example/hooks\"\n")
        #expect(found.map(\.line) == [14])
        #expect(found.first?.message.contains("must be a URL ending in /") == true)
    }
}

@Suite struct EscalationScopeConfigTests {
    static let twoClients =
        people + """
            [[users]]
            name = "gil"
            side = "company"
            roles = ["approver"]

            [[clients]]
            id = "acme"
            approvers = ["carl"]

            [[clients]]
            id = "globex"
            approvers = ["gil"]

            """

    @Test func aGroupWithCompanyUsersAndAStepThatAddsNobodyAreWarnings() throws {
        let config = try parsed(
            Self.twoClients + """
                [groups]
                legal = ["gil"]

                [lanes.normal]
                ladder = [ { after = "4h", action = "escalate", to = "legal" } ]
                """)
        let messages = config.warnings.map(\.message)
        #expect(messages.contains { $0.hasPrefix("group \"legal\" holds company users (gil)") })
        #expect(
            messages.contains(
                "lane normal, client \"acme\": escalate to legal after 4h adds no reviewer: gil is not in client "
                    + "\"acme\"'s scope"))
        // For globex, gil is in scope: the step adds him there, so no warning names globex.
        #expect(!messages.contains { $0.contains("client \"globex\"") })
        #expect(config.directory.members(of: "legal", client: "acme") == [])
        #expect(config.directory.members(of: "legal", client: "globex") == ["gil"])
        #expect(config.directory.members(of: "all", client: "acme") == ["carl"])
    }
}
