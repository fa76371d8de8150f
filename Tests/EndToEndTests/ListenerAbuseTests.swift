import Foundation
import Testing

/// Runs a Python probe against the public listener; returns its standard output.
private func probe(_ script: String) throws -> String {
    let outcome = try runProgram("/usr/bin/env", ["python3", "-c", script])
    #expect(outcome.code == 0, "\(outcome.stderr)")
    return outcome.stdout
}

@Suite struct ListenerAbuseEndToEnd {
    @Test func aFloodOfBadSignaturesIsCutOffAndLoggedOnce() throws {
        let hooks = try WebhookDaemon(listener: #"trusted_proxies = ["127.0.0.1"]"#)
        try hooks.daemon.start()
        try hooks.draftInReview()
        // 100 forged requests from one address (behind the loopback proxy), on one keep-alive connection.
        let statuses = try probe(
            """
            import http.client, collections
            c = http.client.HTTPConnection("127.0.0.1", \(hooks.port))
            seen = collections.Counter()
            for i in range(100):
                c.request("POST", "/hooks/review", body='{"draft": 1, "action": "approve"}',
                          headers={"X-Hub-Signature-256": "sha256=" + "0" * 64, "X-Forwarded-For": "203.0.113.9",
                                   "Content-Type": "application/json"})
                r = c.getresponse(); r.read()
                seen[(r.status, r.getheader("Retry-After"))] += 1
            print(sorted(seen.items()))
            """)
        #expect(statuses.contains("((401, None), 30)") && statuses.contains("((429, '60'), 70)"), "\(statuses)")
        // Another address is not affected, and a good request still acts.
        let approve = #"{"draft": 1, "action": "approve", "actor": "gh-carl", "revision": 1}"#
        #expect(try hooks.send("review", scheme: "github", ["--body", approve]).map(\.0) == [200])
        let lines = hooks.daemon.log.split(separator: "\n").filter { $0.contains("webhook refused") }
        #expect(lines.count == 1, "\(lines)")
        #expect(lines.first?.contains("address=203.0.113.9") == true && lines.first?.contains("failures=1") == true)
    }

    @Test func aFloodOfUnknownReviewLinksIsCutOffAndLoggedOnce() throws {
        let (daemon, url, port) = try reviewedDraft(webhooks: #"trusted_proxies = ["127.0.0.1"]"# + "\n")
        let live = String(url.dropFirst("http://127.0.0.1:\(port)".count))
        // 35 well-formed guesses from one address (behind the loopback proxy) on one keep-alive connection, then
        // a live link from that address, then the live link and a guess from another address.
        let seen = try probe(
            """
            import http.client, collections, secrets
            c = http.client.HTTPConnection("127.0.0.1", \(port))
            seen = collections.Counter()
            def get(path, address):
                c.request("GET", path, headers={"X-Forwarded-For": address})
                r = c.getresponse(); r.read()
                return f"{r.status} {r.getheader('Retry-After')}"
            for i in range(35):
                seen["guess " + get("/r/" + secrets.token_urlsafe(32), "203.0.113.7")] += 1
            seen["guesser's live " + get("\(live)", "203.0.113.7")] += 1
            seen["other's live " + get("\(live)", "198.51.100.4")] += 1
            seen["other's guess " + get("/r/" + secrets.token_urlsafe(32), "198.51.100.4")] += 1
            for key in sorted(seen): print(f"{key}: {seen[key]}")
            """)
        let expected = [
            "guess 404 None: 30", "guess 429 60: 5", "guesser's live 429 60: 1", "other's guess 404 None: 1",
            "other's live 200 None: 1",
        ]
        #expect(seen.split(separator: "\n").map(String.init) == expected, "\(seen)")
        // One line for the whole flood, naming the first address; the rest are counted for the next line.
        let lines = daemon.log.split(separator: "\n").filter { $0.contains("unknown review link") }
        #expect(lines.count == 1, "\(lines)")
        #expect(lines.first?.contains("address=203.0.113.7") == true && lines.first?.contains("failures=1") == true)
        #expect(try daemon.actions(1) == ["create", "submit", "link-shown"])
    }

    @Test func badSignaturesToOneSourceLockTheAddressOutOfThatSourceOnly() throws {
        let hooks = try WebhookDaemon(listener: #"trusted_proxies = ["127.0.0.1"]"#)
        try hooks.daemon.start()
        try hooks.draftInReview()
        // 40 forged deliveries to the publisher from one address; then, from the same address, a forged and a
        // well signed delivery to the review source, and one more to the publisher.
        let seen = try probe(
            """
            import http.client, hmac, hashlib
            c = http.client.HTTPConnection("127.0.0.1", \(hooks.port))
            def post(source, body, headers):
                headers.update({"X-Forwarded-For": "203.0.113.9", "Content-Type": "application/json"})
                c.request("POST", "/hooks/" + source, body=body, headers=headers)
                r = c.getresponse(); r.read()
                return r.status
            forged = {"webhook-id": "msg_x", "webhook-timestamp": "1", "webhook-signature": "v1,AAAA"}
            publisher = [post("publisher", '{"draft": 1, "action": "publish"}', dict(forged)) for _ in range(40)]
            print("publisher", publisher.count(401), publisher.count(429))
            print("review forged", post("review", '{"draft": 1, "action": "comment"}',
                                        {"X-Hub-Signature-256": "sha256=" + "0" * 64}))
            body = b'{"draft": 1, "action": "comment", "actor": "gh-carl", "message": "still heard"}'
            mac = hmac.new(b"\(hooks.githubSecret)", body, hashlib.sha256).hexdigest()
            print("review signed", post("review", body, {"X-Hub-Signature-256": "sha256=" + mac}))
            print("publisher again", post("publisher", '{"draft": 1, "action": "publish"}', dict(forged)))
            """)
        let expected = ["publisher 30 10", "review forged 401", "review signed 200", "publisher again 429"]
        #expect(seen.split(separator: "\n").map(String.init) == expected, "\(seen)")
        #expect(try hooks.daemon.actions(1) == ["create", "submit", "comment"])
    }

    @Test func idleConnectionsBeyondTheLimitWaitAndTheListenerRecovers() throws {
        let hooks = try WebhookDaemon(listener: "max_connections = 2")
        try hooks.daemon.start()
        // Two silent connections take both places; a third request is answered only once the idle timeout
        // (request_timeout = 1s) has closed one of them.
        let waited = try probe(
            """
            import socket, time
            idle = [socket.create_connection(("127.0.0.1", \(hooks.port))) for _ in range(2)]
            time.sleep(0.2)
            s = socket.create_connection(("127.0.0.1", \(hooks.port)))
            start = time.monotonic()
            s.sendall(b"GET /hooks/none HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n")
            s.settimeout(10)
            data = s.recv(200)
            print(f"{time.monotonic() - start:.2f} {data.split(b' ')[1].decode()}")
            """)
        let parts = waited.split(separator: " ")
        let seconds = Double(parts.first ?? "") ?? 0
        #expect(seconds >= 0.5 && seconds < 5, "\(waited)")
        #expect(parts.last?.hasPrefix("404") == true, "\(waited)")
        #expect(try hooks.daemon.ctl(["status"]).code == 0)
    }
}
