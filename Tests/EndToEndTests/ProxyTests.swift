import Foundation
import Testing

/// Sends `count` forged webhook deliveries and then one more from each of `then`, every request claiming an
/// address in `X-Forwarded-For`; prints the statuses in order.
private func forged(port: Int, from claimed: String, count: Int, then others: [String]) throws -> [String] {
    let script = """
        import http.client
        c = http.client.HTTPConnection("127.0.0.1", \(port))
        def post(address):
            c.request("POST", "/hooks/review", body='{"draft": 1, "action": "comment"}',
                      headers={"X-Hub-Signature-256": "sha256=" + "0" * 64, "X-Forwarded-For": address,
                               "Content-Type": "application/json"})
            r = c.getresponse(); r.read()
            return str(r.status)
        print(" ".join(sorted(set(post("\(claimed)") for _ in range(\(count))))))
        for address in \(others): print(address, post(address))
        """
    let outcome = try runProgram("/usr/bin/env", ["python3", "-c", script])
    #expect(outcome.code == 0, "\(outcome.stderr)")
    return outcome.stdout.split(separator: "\n").map(String.init)
}

@Suite struct ProxyEndToEnd {
    /// Without `trusted_proxies` the header is anyone's to write, so it is ignored: every sender on loopback is
    /// one address, and a sender cannot escape its failures by claiming another.
    @Test func xForwardedForIsIgnoredFromPeersThatAreNoTrustedProxy() throws {
        let hooks = try WebhookDaemon()
        try hooks.daemon.start()
        try hooks.draftInReview()
        let seen = try forged(port: hooks.port, from: "203.0.113.9", count: 30, then: ["198.51.100.4"])
        #expect(seen == ["401", "198.51.100.4 429"], "\(seen)")
        let lines = hooks.daemon.log.split(separator: "\n").filter { $0.contains("webhook refused") }
        #expect(lines.first?.contains("address=127.0.0.1") == true, "\(lines)")
        #expect(!hooks.daemon.log.contains("203.0.113.9"))
    }

    /// From a trusted proxy the last entry is the client: each client is counted on its own.
    @Test func aTrustedProxysClientsAreCountedApart() throws {
        let hooks = try WebhookDaemon(listener: #"trusted_proxies = ["::1", "127.0.0.0/8"]"#)
        try hooks.daemon.start()
        try hooks.draftInReview()
        let seen = try forged(
            port: hooks.port, from: "10.0.0.1, 203.0.113.9", count: 30, then: ["203.0.113.9", "198.51.100.4"])
        #expect(seen == ["401", "203.0.113.9 429", "198.51.100.4 401"], "\(seen)")
        let lines = hooks.daemon.log.split(separator: "\n").filter { $0.contains("webhook refused") }
        #expect(lines.first?.contains("address=203.0.113.9") == true, "\(lines)")
        #expect(try hooks.daemon.actions(1) == ["create", "submit"])
    }

    @Test func aBadProxyEntryKeepsTheDaemonFromStartingAndNamesItsLine() throws {
        let hooks = try WebhookDaemon(listener: #"trusted_proxies = ["127.0.0.1", "proxy.internal"]"#)
        let outcome = try runProgram(hooks.daemon.flowd, ["check-config", "--config", hooks.daemon.configPath])
        #expect(outcome.code == 1)
        let config = try String(contentsOfFile: hooks.daemon.configPath, encoding: .utf8)
        let line = try #require(
            config.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                $0.contains("trusted_proxies")
            })
        #expect(
            outcome.stderr.contains(
                "line \(line + 1): webhooks.trusted_proxies: \"proxy.internal\" is not an IP address or CIDR range"),
            "\(outcome.stderr)")
    }
}
