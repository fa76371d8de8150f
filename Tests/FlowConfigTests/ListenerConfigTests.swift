import FlowConfig
import FlowCore
import Foundation
import Testing

private let token = "Zm9vYmFyYmF6cXV4LXRva2VuLTAxMjM0NTY3"

private func load(_ text: String, host: TableHost = ListenerConfigTests.host) throws(ConfigError) -> DaemonConfig {
    try ConfigLoader.parse(text, path: "/etc/flowd/config.toml", baseDirectory: "/etc/flowd", host: host)
}

private func problems(_ text: String, host: TableHost = ListenerConfigTests.host) -> [ConfigIssue] {
    do {
        _ = try load(text, host: host)
        return []
    } catch {
        return error.issues
    }
}

@Suite struct ListenerConfigTests {
    static let host = TableHost(
        credentialsDirectory: "/creds",
        files: [
            "/etc/flowd/metrics.token": (Data((token + "\n").utf8), 0o600),
            "/creds/metrics": (Data(token.utf8), 0o400),
            "/etc/flowd/open.token": (Data(token.utf8), 0o640),
            "/etc/flowd/weak.token": (Data("hunter2".utf8), 0o600),
            "/etc/flowd/spaced.token": (Data("a token with spaces in it".utf8), 0o600),
        ])

    @Test func theMetricsListenerTakesItsTokenFromAFileOrACredential() throws {
        for key in ["token_file = \"metrics.token\"", "token_credential = \"metrics\""] {
            let config = try load(validUsers + "[metrics]\nlisten = \"127.0.0.1:9464\"\n\(key)\n")
            let read = try #require(config.metricsToken)
            #expect(read.accepts(authorization: "Bearer " + token))
            #expect(config.metricsListen?.host == "127.0.0.1" && config.metricsListen?.port == 9464)
        }
    }

    @Test func aMetricsListenerWithoutATokenIsAnErrorOnItsLine() {
        let text = validUsers + "[metrics]\nlisten = \"127.0.0.1:9464\"\n"
        let found = problems(text)
        #expect(found.count == 1)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("listen") }
        #expect(found.first?.line == line.map { $0 + 1 })
        #expect(found.first?.message.contains("metrics.listen needs a bearer token") == true, "\(found)")
        // No listener, no token needed: the control socket's /metrics knows who asks.
        #expect(problems(validUsers).isEmpty)
    }

    @Test func aBadTokenIsRefusedAndNeverEchoed() {
        let cases: [(String, String)] = [
            ("token_file = \"open.token\"", "readable by group or others"),
            ("token_file = \"missing.token\"", "cannot read secret file /etc/flowd/missing.token"),
            ("token_file = \"weak.token\"", "is shorter than 16 characters"),
            ("token_file = \"spaced.token\"", "holds characters a bearer token may not"),
            ("token_credential = \"nope\"", "cannot read credential \"nope\""),
            ("token_file = \"metrics.token\"\ntoken_credential = \"metrics\"", "not both"),
        ]
        for (key, message) in cases {
            let found = problems(validUsers + "[metrics]\nlisten = \"127.0.0.1:9464\"\n\(key)\n")
            #expect(found.contains { $0.message.contains(message) && $0.line != nil }, "\(key): \(found)")
            let text = found.map(\.message).joined()
            #expect(!text.contains(token) && !text.contains("hunter2") && !text.contains("spaces in it"))
        }
        var noCredentials = Self.host
        noCredentials.credentialsDirectory = nil
        let found = problems(
            validUsers + "[metrics]\nlisten = \"127.0.0.1:9464\"\ntoken_credential = \"metrics\"\n", host: noCredentials
        )
        #expect(found.contains { $0.message.contains("needs $CREDENTIALS_DIRECTORY") }, "\(found)")
    }

    @Test func aListenerOffLoopbackIsWarnedAbout() throws {
        let config = try load(validUsers + "[metrics]\nlisten = \"0.0.0.0:9464\"\ntoken_file = \"metrics.token\"\n")
        #expect(config.warnings.contains { $0.message.contains("plain HTTP") && $0.line != nil })
        let unused = try load(validUsers + "[metrics]\ntoken_file = \"metrics.token\"\n")
        #expect(unused.metricsListen == nil)
        #expect(unused.warnings.contains { $0.message.contains("the token is not used") })
    }

    @Test func trustedProxiesAreAddressesOrRanges() throws {
        let hooks = """
            [webhooks]
            listen = "127.0.0.1:8787"
            trusted_proxies = ["127.0.0.1", "::1", "10.0.0.0/8"]
            """
        let config = try load(validUsers + hooks)
        let proxies = try #require(config.webhooks?.trustedProxies)
        #expect(proxies.ranges.map(\.description) == ["127.0.0.1", "::1", "10.0.0.0/8"])
        #expect(proxies.contains("10.2.3.4") && !proxies.contains("127.0.0.2"))
        // By default: none.
        let plain = try load(validUsers + "[webhooks]\nlisten = \"127.0.0.1:8787\"\n")
        #expect(plain.webhooks?.trustedProxies == TrustedProxies.none)
    }

    @Test func aBadProxyEntryIsAnErrorOnItsLineThatNamesIt() {
        let text =
            validUsers + """
                [webhooks]
                listen = "127.0.0.1:8787"
                trusted_proxies = ["127.0.0.1", "localhost", "10.1.2.3/8", "::1/200"]
                """
        let found = problems(text)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
            $0.hasPrefix("trusted_proxies")
        }
        #expect(found.count == 3, "\(found)")
        #expect(found.allSatisfy { $0.line == line.map { $0 + 1 } })
        #expect(found.contains { $0.message.contains("\"localhost\" is not an IP address or CIDR range") })
        #expect(found.contains { $0.message.contains("the range is written 10.0.0.0/8") })
        #expect(found.contains { $0.message.contains("\"::1/200\" has a prefix length that is not a number") })
        #expect(
            problems(validUsers + "[webhooks]\ntrusted_proxies = \"127.0.0.1\"\n").contains {
                $0.message.contains("must be an array of strings")
            })
    }

    @Test func aLoopbackListenerBehindHTTPSWithoutTrustedProxiesIsWarnedAbout() throws {
        let behind = "[webhooks]\nlisten = \"127.0.0.1:8787\"\npublic_url = \"https://flowd.example.com\"\n"
        let warned = try load(validUsers + behind)
        #expect(warned.warnings.contains { $0.message.contains("trusted_proxies is empty") && $0.line != nil })
        let trusted = try load(validUsers + behind + "trusted_proxies = [\"127.0.0.1\", \"::1\"]\n")
        #expect(!trusted.warnings.contains { $0.message.contains("trusted_proxies") })
    }

    @Test func trustingEveryPeerIsWarnedAbout() throws {
        let config = try load(validUsers + "[webhooks]\nlisten = \"127.0.0.1:8787\"\ntrusted_proxies = [\"::/0\"]\n")
        #expect(config.warnings.contains { $0.message.contains("trusts every peer") && $0.line != nil })
    }
}
