import FlowConfig
import FlowCore
import Foundation
import Testing

private let slackURL = "https://hooks.slack.com/services/T0/B0/abcdefghijklmnop"

private func load(_ text: String, mode: UInt32, host: TableHost) throws(ConfigError) -> DaemonConfig {
    var host = host
    host.files["/etc/flowd/config.toml"] = (Data(text.utf8), mode)
    return try ConfigLoader.load(path: "/etc/flowd/config.toml", host: host)
}

@Suite struct SecretConfigTests {
    let inline =
        validUsers + """
            [[notify]]
            name = "chat"
            format = "slack"
            url = "\(slackURL)"
            """

    @Test func aSlackURLComesFromAFileOrACredentialAndIsNeverEchoed() throws {
        let host = TableHost(
            credentialsDirectory: "/creds",
            files: [
                "/etc/flowd/slack.url": (Data((slackURL + "\n").utf8), 0o600),
                "/creds/slack-url": (Data(slackURL.utf8), 0o400),
                "/etc/flowd/open.url": (Data(slackURL.utf8), 0o644),
            ])
        for key in ["url_file = \"slack.url\"", "url_credential = \"slack-url\""] {
            let config = try load(
                validUsers + "[[notify]]\nname = \"chat\"\nformat = \"slack\"\n\(key)\n", mode: 0o600, host: host)
            #expect(config.sinks.first?.target == .url(slackURL))
            #expect(!config.warnings.contains { $0.message.contains("holds secrets") })
        }
        do {
            _ = try load(
                validUsers + "[[notify]]\nname = \"chat\"\nformat = \"slack\"\nurl_file = \"open.url\"\n", mode: 0o600,
                host: host)
            Issue.record("a URL file others may read was accepted")
        } catch {
            #expect(error.description.contains("readable by group or others"))
            #expect(!error.description.contains("hooks.slack.com"))
        }
    }

    @Test func inlineSecretsInAFileOthersMayReadAreWarnedAbout() throws {
        let host = TableHost(groups: ["flowd": 990, "flowctl": 991])
        // Only the service may read it: no warning.
        #expect(!(try load(inline, mode: 0o600, host: host).warnings.contains { $0.message.contains("holds secrets") }))
        // The world may read it.
        let open = try load(inline, mode: 0o644, host: host).warnings.map(\.message)
        #expect(open.contains { $0.contains("holds secrets (notify[0].url)") && $0.contains("every account") })
        // Its group is the service's alone: fine; a group with people in it: warned.
        var shared = host
        shared.fileGroups["/etc/flowd/config.toml"] = ("flowd", ["flowd"])
        #expect(
            !(try load(inline, mode: 0o640, host: shared).warnings.contains { $0.message.contains("holds secrets") }))
        shared.fileGroups["/etc/flowd/config.toml"] = ("flowd", ["alice", "flowd"])
        let people = try load(inline, mode: 0o640, host: shared).warnings.map(\.message)
        #expect(people.contains { $0.contains("group flowd may read it (alice, flowd)") })
        // The flowctl users' group, even with no listed members.
        shared.fileGroups["/etc/flowd/config.toml"] = ("flowctl", [])
        let socket = try load(
            "[daemon]\nsocket_group = \"flowctl\"\n\n" + inline,
            mode: 0o640, host: shared
        ).warnings.map(\.message)
        #expect(socket.contains { $0.contains("the group that may use flowctl") })
        // Inline webhook secrets count too.
        let hooks = try load(
            validUsers + """
                [webhooks]
                listen = "127.0.0.1:8787"

                [[webhooks.sources]]
                name = "ci"
                scheme = "standard"
                secrets = ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]
                actor = "ana"
                actions = ["comment"]
                """, mode: 0o644, host: host
        ).warnings.map(\.message)
        #expect(hooks.contains { $0.contains("holds secrets (webhooks.sources[0])") })
    }
}
