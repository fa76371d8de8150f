import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// A flowd with webhooks on a loopback port, and secret files for each source.
final class WebhookDaemon {
    let daemon: RunningDaemon
    let port: Int
    let standardSecret = "whsec_" + Data((0..<24).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
    let githubSecret = "gh-" + UUID().uuidString
    let slackSecret = "slack-" + UUID().uuidString

    init(
        reviewSecretFrom: String = "secret_files = [\"review.secret\"]", slackReplies: String? = nil,
        listener: String = "", notify: String = "", sources: String = ""
    ) throws {
        port = testPort()
        let users = RunningDaemon.standardUsers.replacingOccurrences(
            of: "name = \"carl\"\nside = \"company\"\nroles = [\"approver\"]\n",
            with: "name = \"carl\"\nside = \"company\"\nroles = [\"approver\"]\nslack_id = \"U2CERLKJA\"\n")
        daemon = try RunningDaemon(
            users: users,
            extra: """
                [webhooks]
                listen = "127.0.0.1:\(port)"
                max_body_bytes = 4096
                request_timeout = "1s"
                \(listener)

                [[webhooks.sources]]
                name = "publisher"
                scheme = "standard"
                secret_files = ["publisher.secret"]
                actor = "pia"
                actions = ["publish"]

                [[webhooks.sources]]
                name = "review"
                scheme = "github"
                \(reviewSecretFrom)
                actors = { "gh-carl" = "carl" }
                actions = ["approve", "request-changes", "comment"]

                [[webhooks.sources]]
                name = "slack"
                scheme = "slack"
                secret_files = ["slack.secret"]
                actions = ["approve"]
                \(slackReplies.map { "response_url_prefix = \"\($0)\"" } ?? "")

                \(notify)

                \(sources)
                """)
        for (file, secret) in [("publisher", standardSecret), ("review", githubSecret), ("slack", slackSecret)] {
            let path = daemon.directory + "/\(file).secret"
            _ = FileManager.default.createFile(
                atPath: path, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600])
        }
    }

    /// Sends through scripts/webhook-send; returns (status, body) per copy.
    func send(_ source: String, scheme: String, _ extra: [String]) throws -> [(Int, String)] {
        let outcome = try runProgram(
            "/usr/bin/env",
            [
                "python3", repositoryRoot + "/scripts/webhook-send", "http://127.0.0.1:\(port)/hooks/\(source)",
                "--scheme", scheme, "--secret-file", daemon.directory + "/\(source).secret",
            ] + extra)
        // Required, not expected: a caller that indexes the copies must not crash the whole run when none came back.
        try #require(outcome.code == 0, "\(outcome.stderr)")
        return outcome.stdout.split(separator: "\n").map { line in
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            return (Int(parts[0]) ?? 0, parts.count > 1 ? parts[1] : "")
        }
    }

    /// A flowd whose Slack answers and `submitted` notifications go to `slack`, a stand-in for Slack.
    static func withSlack(_ slack: TestSink) throws -> WebhookDaemon {
        try WebhookDaemon(
            slackReplies: "http://127.0.0.1:\(slack.port)/",
            notify: """
                [[notify]]
                name = "chat"
                format = "slack"
                url = "http://127.0.0.1:\(slack.port)/chat"
                events = ["submitted"]
                backoff = "20ms"
                """)
    }

    /// A draft in review, written by ana.
    func draftInReview() throws {
        _ = try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"])
        _ = try daemon.ctl(["--as", "ana", "submit", "1"])
    }

    /// Started, with draft 1 in review and gh-carl's comment `message` taken through the review source; returns
    /// the body it sent.
    static func withACommentTaken(_ message: String) throws -> (WebhookDaemon, String) {
        let hooks = try WebhookDaemon()
        try hooks.daemon.start()
        try hooks.draftInReview()
        let comment = #"{"draft": 1, "action": "comment", "actor": "gh-carl", "message": "\#(message)"}"#
        #expect(try hooks.send("review", scheme: "github", ["--body", comment]).map(\.0) == [200])
        return (hooks, comment)
    }
}

@Suite struct WebhooksEndToEnd {
    @Test func signedRequestsMoveDraftsOncePerDelivery() throws {
        let hooks = try WebhookDaemon()
        try hooks.daemon.start()
        try hooks.draftInReview()

        let approve =
            #"{"draft": "1", "action": "approve", "actor": "gh-carl", "message": "from the review tool", "revision": 1}"#
        let first = try hooks.send("review", scheme: "github", ["--body", approve, "--delivery", "d-1"])
        #expect(first.map(\.0) == [200])
        #expect(first[0].1.contains(#""duplicate":false"#))
        let again = try hooks.send("review", scheme: "github", ["--body", approve, "--delivery", "d-1"])
        #expect(again.map(\.0) == [200])
        #expect(again[0].1.contains(#""duplicate":true"#))
        #expect(again[0].1.contains(#""state":"approved""#))
        // A captured request replayed with a fresh delivery id is the same delivery: nothing happens again.
        let replay = try hooks.send("review", scheme: "github", ["--body", approve, "--delivery", "d-forged"])
        #expect(replay.map(\.0) == [200])
        #expect(replay[0].1.contains(#""duplicate":true"#))
        // Without a signed timestamp a decision must name its revision.
        let noRevision = #"{"draft": 1, "action": "approve", "actor": "gh-carl"}"#
        let refused = try hooks.send("review", scheme: "github", ["--body", noRevision])
        #expect(refused.map(\.0) == [400])
        #expect(refused[0].1.contains("must name the revision"))
        // A key no webhook has is refused by name, and changes nothing.
        let misspelt = #"{"draft": 1, "action": "comment", "actor": "gh-carl", "mesage": "typo"}"#
        let unknown = try hooks.send("review", scheme: "github", ["--body", misspelt])
        #expect(unknown.map(\.0) == [400])
        #expect(unknown[0].1.contains("invalid_request") && unknown[0].1.contains(#"unknown field \"mesage\""#))
        // A comment leaves the draft's time as it was: its receipt is dated by the comment, so that retention keeps
        // it as long as any other.
        let comment = #"{"draft": 1, "action": "comment", "actor": "gh-carl", "message": "noted"}"#
        #expect(try hooks.send("review", scheme: "github", ["--body", comment]).map(\.0) == [200])
        let dated = try runProgram(
            "/usr/bin/sqlite3",
            [
                hooks.daemon.database,
                """
                SELECT receipt.at = events.at, receipt.at > drafts.updated_at FROM webhook_receipts AS receipt
                JOIN events ON events.id = json_extract(receipt.outcome, '$.event') JOIN drafts ON drafts.id = 1
                WHERE events.action = 'comment'
                """,
            ])
        #expect(dated.stdout == "1|1\n", "\(dated.stderr)")

        // Eight identical copies of a publish at once, signed by the Standard Webhooks library: one transition.
        let publish = #"{"draft": 1, "action": "publish", "url": "https://li.example/p/1"}"#
        let copies = try hooks.send("publisher", scheme: "standard", ["--body", publish, "--copies", "8"])
        #expect(copies.map(\.0) == Array(repeating: 200, count: 8))
        #expect(copies.filter { $0.1.contains(#""duplicate":false"#) }.count == 1)
        let actions = try hooks.daemon.actions(1)
        #expect(actions == ["create", "submit", "approve", "comment", "publish"])
        let log = try #require(try hooks.daemon.json(["log", "1"])["events"] as? [[String: Any]])
        #expect(log[2]["actor"] as? String == "carl")
        #expect(log[2]["via"] as? String == "webhook:review")
        #expect(log[4]["actor"] as? String == "pia")
        #expect(try hooks.daemon.json(["show", "1"])["published_url"] as? String == "https://li.example/p/1")
    }

    /// Taking [webhooks] out of the file and reloading cuts every source off at once; the listener itself stops at
    /// the next restart, and the reload says so.
    @Test func aReloadWithoutWebhooksCutsEverySourceOff() throws {
        let (hooks, comment) = try WebhookDaemon.withACommentTaken("noted")
        let config = try String(contentsOfFile: hooks.daemon.configPath, encoding: .utf8)
        let cut = try #require(config.range(of: "[webhooks]"))
        try String(config[..<cut.lowerBound]).write(toFile: hooks.daemon.configPath, atomically: true, encoding: .utf8)
        kill(try #require(hooks.daemon.pid), SIGHUP)
        #expect(hooks.daemon.waitFor(5) { hooks.daemon.log.contains("take effect at the next restart") })
        #expect(hooks.daemon.log.contains("settings=webhooks.listen"), "\(hooks.daemon.log)")
        #expect(try hooks.send("review", scheme: "github", ["--body", comment]).map(\.0) == [404])
        #expect(try hooks.daemon.actions(1) == ["create", "submit", "comment"])
    }

    @Test func aSlackButtonApprovesAsTheMappedUser() throws {
        let hooks = try WebhookDaemon()
        try hooks.daemon.start()
        try hooks.draftInReview()
        let answer = try hooks.send(
            "slack", scheme: "slack", ["--slack-user", "U2CERLKJA", "--slack-value", "approve:1:1"])
        #expect(answer.map(\.0) == [200])
        #expect(try hooks.daemon.json(["show", "1"])["state"] as? String == "approved")
        let unknown = try hooks.send(
            "slack", scheme: "slack", ["--slack-user", "UNOBODY", "--slack-value", "approve:1:1"])
        #expect(unknown.map(\.0) == [403])
    }

    @Test func slackMessagesAreUpdatedAfterADecisionAndOldButtonsDecideNothing() throws {
        // Slack's response_url takes unsigned requests, as this stand-in's paths do.
        let slack = try TestSink(modes: [
            "/actions/T1/old": "open", "/actions/T1/stale": "open", "/actions/T1/ok": "open", "/chat": "open",
        ])
        // flowd's own Slack notifications go to the same stand-in, as an incoming webhook would.
        let hooks = try WebhookDaemon.withSlack(slack)
        try hooks.daemon.start()
        // Revision 2 is the one in review: the message's buttons carry it, not the first revision's number.
        _ = try hooks.daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"])
        #expect(try hooks.daemon.ctl(["--as", "ana", "edit", "1", "--body", "B2"]).code == 0)
        _ = try hooks.daemon.ctl(["--as", "ana", "submit", "1"])
        #expect(hooks.daemon.waitFor(30) { slack.requests(to: "/chat").count == 1 })
        let message = try #require(slack.requests(to: "/chat").first?["body"] as? [String: Any])
        #expect((message["text"] as? String)?.hasPrefix("<@U2CERLKJA>: ACME · “T” waits for your approval") == true)
        let blocks = try #require(message["blocks"] as? [[String: Any]])
        let elements = try #require(
            blocks.first { $0["type"] as? String == "actions" }?["elements"] as? [[String: Any]])
        let values = elements.compactMap { $0["value"] as? String }
        #expect(values == ["approve:1:2", "request-changes:1:2"])
        let approveButton = try #require(values.first)
        let respond = "http://127.0.0.1:\(slack.port)/actions/T1/"
        // A button without the revision, or for another one, decides nothing; only the presser hears why.
        for (value, path) in [("approve:1", "old"), ("approve:1:1", "stale")] {
            let answer = try hooks.send(
                "slack", scheme: "slack",
                ["--slack-user", "U2CERLKJA", "--slack-value", value, "--slack-response-url", respond + path])
            #expect(answer.map(\.0) == [409])
        }
        #expect(try hooks.daemon.actions(1) == ["create", "edit", "submit"])
        #expect(hooks.daemon.waitFor(30) { slack.requests(to: "/actions/T1/stale").count == 1 })
        #expect(hooks.daemon.waitFor(30) { slack.requests(to: "/actions/T1/old").count == 1 })
        let stale = try #require(slack.requests(to: "/actions/T1/stale").first?["body"] as? [String: Any])
        #expect(stale["response_type"] as? String == "ephemeral")
        #expect(
            stale["text"] as? String == "This draft changed since this message (now revision 2). Nothing was decided.")

        // The button of the delivered message decides.
        let approved = try hooks.send(
            "slack", scheme: "slack",
            ["--slack-user", "U2CERLKJA", "--slack-value", approveButton, "--slack-response-url", respond + "ok"])
        #expect(approved.map(\.0) == [200])
        #expect(try hooks.daemon.json(["show", "1"])["state"] as? String == "approved")
        #expect(hooks.daemon.waitFor(30) { slack.requests(to: "/actions/T1/ok").count == 1 })
        let update = try #require(slack.requests(to: "/actions/T1/ok").first?["body"] as? [String: Any])
        #expect(update["replace_original"] as? Bool == true)
        #expect((update["text"] as? String)?.hasPrefix("✅ Carl approved revision 2 of “T”") == true)
        // An answer address outside the configured prefix is never called.
        _ = try hooks.send(
            "slack", scheme: "slack",
            [
                "--slack-user", "U2CERLKJA", "--slack-value", approveButton, "--slack-response-url",
                "http://127.0.0.2:9/x",
            ])
        let replies = try hooks.daemon.deliveries().filter { ($0["sink"] as? String) != "chat" }
        #expect(replies.allSatisfy { ($0["sink"] as? String) == "slack-replies:slack" })
        #expect(replies.count == 3)
        #expect(replies.allSatisfy { ($0["state"] as? String) == "delivered" })
    }

    @Test func badRequestsAreRefusedWithTheRightStatusAndChangeNothing() throws {
        let hooks = try WebhookDaemon()
        try hooks.daemon.start()
        try hooks.draftInReview()
        let approve = #"{"draft": 1, "action": "approve", "actor": "gh-carl", "revision": 1}"#

        #expect(try hooks.send("review", scheme: "github", ["--body", approve, "--tamper"]).map(\.0) == [401])
        let stale = Int(Date().timeIntervalSince1970) - 400
        #expect(
            try hooks.send("publisher", scheme: "standard", ["--body", approve, "--timestamp", "\(stale)"]).map(\.0)
                == [401])
        #expect(try hooks.send("review", scheme: "github", ["--body", "not json"]).map(\.0) == [401])
        let publish = #"{"draft": 1, "action": "publish", "actor": "gh-carl"}"#
        #expect(try hooks.send("review", scheme: "github", ["--body", publish]).map(\.0) == [403])
        let stranger = #"{"draft": 1, "action": "approve", "actor": "gh-mallory"}"#
        #expect(try hooks.send("review", scheme: "github", ["--body", stranger]).map(\.0) == [403])
        let missing = #"{"draft": 99, "action": "approve", "actor": "gh-carl", "revision": 1}"#
        #expect(try hooks.send("review", scheme: "github", ["--body", missing]).map(\.0) == [404])
        let tooBig = String(repeating: "x", count: 5000)
        #expect(try hooks.send("review", scheme: "github", ["--body", tooBig]).map(\.0) == [413])
        let stalePublish = #"{"draft": 1, "action": "publish"}"#
        #expect(try hooks.send("publisher", scheme: "standard", ["--body", stalePublish]).map(\.0) == [409])

        #expect(try hooks.daemon.actions(1) == ["create", "submit"])
        #expect(!hooks.daemon.log.contains(hooks.githubSecret))
        #expect(!hooks.daemon.log.contains(hooks.standardSecret))
        #expect(!hooks.daemon.log.contains("critical"))
    }

    @Test func aHalfSentRequestTimesOutAndTheListenerKeepsServing() throws {
        let hooks = try WebhookDaemon()
        try hooks.daemon.start()
        try hooks.draftInReview()
        let probe = """
            import socket, sys
            s = socket.create_connection(("127.0.0.1", \(hooks.port)))
            s.sendall(b"POST /hooks/review HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 100\\r\\n\\r\\n0123456789")
            s.settimeout(10)
            data = s.recv(200)
            print(data.split(b"\\r\\n")[0].decode() if data else "closed")
            """
        let outcome = try runProgram("/usr/bin/env", ["python3", "-c", probe])
        #expect(outcome.code == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("408") || outcome.stdout.contains("closed"))
        let approve = #"{"draft": 1, "action": "approve", "actor": "gh-carl", "revision": 1}"#
        #expect(try hooks.send("review", scheme: "github", ["--body", approve]).map(\.0) == [200])
    }

    @Test func aSecretFromTheCredentialsDirectoryVerifies() throws {
        let hooks = try WebhookDaemon(reviewSecretFrom: "credentials = [\"review-secret\"]")
        let credentials = hooks.daemon.directory + "/credentials"
        try FileManager.default.createDirectory(atPath: credentials, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(
            atPath: credentials + "/review-secret", contents: Data(hooks.githubSecret.utf8))
        hooks.daemon.environment = ["CREDENTIALS_DIRECTORY": credentials]
        try hooks.daemon.start()
        try hooks.draftInReview()
        let approve = #"{"draft": 1, "action": "approve", "actor": "gh-carl", "revision": 1}"#
        #expect(try hooks.send("review", scheme: "github", ["--body", approve]).map(\.0) == [200])
    }

    @Test func aSecretFileOthersCanReadIsAConfigError() throws {
        let hooks = try WebhookDaemon()
        chmod(hooks.daemon.directory + "/review.secret", 0o644)
        let check = try runProgram(hooks.daemon.flowd, ["check-config", "--config", hooks.daemon.configPath])
        #expect(check.code == 1)
        #expect(check.stderr.contains("readable by group or others"))
        #expect(!check.stderr.contains(hooks.githubSecret))
    }
}
