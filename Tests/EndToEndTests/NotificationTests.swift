import FlowAPI
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// scripts/test-sink on a loopback port: verifies every request with PyPI's standardwebhooks and records it.
final class TestSink {
    let directory: String
    let secretPath: String
    let logPath: String
    let modesPath: String
    let port: Int
    private let process: Process

    init(modes: [String: String] = [:]) throws {
        directory = NSTemporaryDirectory() + "flowd-sink-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        secretPath = directory + "/sink.secret"
        logPath = directory + "/requests.jsonl"
        modesPath = directory + "/modes.json"
        let secret = "whsec_" + Data((0..<24).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        _ = FileManager.default.createFile(
            atPath: secretPath, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600])
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", repositoryRoot + "/scripts/test-sink", "--secret-file", secretPath, "--log", logPath, "--modes",
            modesPath,
        ]
        try JSONSerialization.data(withJSONObject: modes).write(to: URL(fileURLWithPath: modesPath))
        port = try runReportingPort(process)
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func setModes(_ modes: [String: String]) throws {
        try JSONSerialization.data(withJSONObject: modes).write(to: URL(fileURLWithPath: modesPath), options: .atomic)
    }

    /// Every request so far, in arrival order.
    var requests: [[String: Any]] {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    func requests(to path: String) -> [[String: Any]] { requests.filter { $0["path"] as? String == path } }

    /// A `[[notify]]` table for a path of this sink.
    func sink(_ name: String, path: String, _ extra: String = "", maxBackoff: String = "200ms") -> String {
        """
        [[notify]]
        name = "\(name)"
        url = "http://127.0.0.1:\(port)\(path)"
        secret_file = "\(secretPath)"
        backoff = "20ms"
        max_backoff = "\(maxBackoff)"
        \(extra)

        """
    }
}

extension RunningDaemon {
    func deliveries(_ extra: [String] = []) throws -> [[String: Any]] {
        try json(["deliveries"] + extra)["deliveries"] as? [[String: Any]] ?? []
    }
}

private let contactUsers = RunningDaemon.standardUsers.replacingOccurrences(
    of: "name = \"carl\"\nside = \"company\"\nroles = [\"approver\"]\n",
    with:
        "name = \"carl\"\nside = \"company\"\nroles = [\"approver\"]\nslack_id = \"U0CARL\"\nemail = \"carl@acme.example\"\n"
)

@Suite(.serialized) struct NotificationEndToEnd {
    @Test func everyEventTypeIsDeliveredSignedToTheSinksThatWantIt() throws {
        let sink = try TestSink()
        let daemon = try RunningDaemon(
            users: contactUsers,
            extra: """
                [lanes.normal]
                clock = "always"
                auto_approve = true
                ladder = [
                    { after = "1s", action = "remind" },
                    { after = "1s", action = "warn" },
                    { after = "2s", action = "escalate", to = "backup_approvers" },
                    { after = "3s", action = "auto_approve" },
                ]

                [lanes.urgent]
                clock = "always"
                review_sla = "1s"
                ladder = [ { after = "2s", action = "return" } ]

                [lanes.crisis]
                required_approvals = 2
                max_acknowledge = "1h"

                \(sink.sink("all", path: "/all"))
                \(sink.sink("chat", path: "/chat", "format = \"slack\"\nevents = [\"submitted\", \"escalated\"]\nclients = [\"acme\"]"))
                """)
        try daemon.start()
        try Self.fourDraftsTakeEveryPath(daemon)
        try Self.everyTypeArrivesSignedOnce(daemon, sink)
    }

    /// Four drafts between them cause every notification type: the ladder, a missed deadline, a crisis round
    /// with changes and a promise, and a person's approval.
    private static func fourDraftsTakeEveryPath(_ daemon: RunningDaemon) throws {
        func ok(_ arguments: [String]) throws {
            let outcome = try daemon.ctl(arguments)
            #expect(outcome.code == 0, "flowctl \(arguments): \(outcome.stderr)")
        }
        // 1: the ladder runs its course to auto-approval; then it is published.
        try ok([
            "--as", "ana", "new", "--client", "acme", "--title", "Launch post", "--body", "B", "--channel", "linkedin",
        ])
        try ok(["--as", "ana", "submit", "1"])
        // 2: urgent, misses its deadline and goes back to draft.
        try ok(["--as", "ana", "new", "--client", "acme", "--lane", "urgent", "--title", "Hotfix", "--body", "B"])
        try ok(["--as", "ana", "submit", "2"])
        // 3: crisis needs two approvals; changes, a second round, a promise, then withdrawn.
        try ok(["--as", "ana", "new", "--client", "acme", "--lane", "crisis", "--title", "Statement", "--body", "B"])
        try ok(["--as", "ana", "submit", "3"])
        try ok(["--as", "carl", "approve", "3"])
        try ok(["--as", "carl", "request-changes", "3", "-m", "tone it down"])
        try ok(["--as", "ana", "submit", "3"])
        try ok(["--as", "carl", "ack", "3", "--for", "30m"])
        try ok(["--as", "ana", "withdraw", "3"])
        // 4: approved by a person.
        try ok(["--as", "ana", "new", "--client", "acme", "--title", "Teaser", "--body", "B"])
        try ok(["--as", "ana", "submit", "4"])
        try ok(["--as", "carl", "approve", "4"])
        #expect(try daemon.waitFor(10) { try daemon.json(["show", "1"])["state"] as? String == "approved" })
        try ok(["--as", "pia", "publish", "1", "--url", "https://example.com/p/1"])
    }

    /// Every type reached the sink that takes all, signed and once each; the chat sink got only its own.
    private static func everyTypeArrivesSignedOnce(_ daemon: RunningDaemon, _ sink: TestSink) throws {
        let all = Set(
            [
                "submitted", "approval_given", "changes_requested", "approved", "published", "withdrawn", "reminder",
                "warning", "escalated", "auto_approved", "returned", "acknowledged", "deadline_missed",
            ].map { "draft." + $0 })
        let types = { Set(sink.requests(to: "/all").compactMap { ($0["body"] as? [String: Any])?["type"] as? String }) }
        #expect(daemon.waitFor(10) { types() == all }, "missing \(all.subtracting(types()))")
        let received = sink.requests
        #expect(received.allSatisfy { $0["verified"] as? Bool == true })
        #expect(received.allSatisfy { ($0["user_agent"] as? String)?.hasPrefix("flowd/") == true })
        // One request per notification: no duplicates while every answer is a success.
        let ids = received.compactMap { $0["webhook_id"] as? String }
        #expect(Set(ids).count == ids.count)

        let escalated = try #require(
            sink.requests(to: "/all").compactMap { $0["body"] as? [String: Any] }.first {
                $0["type"] as? String == "draft.escalated"
            })
        let data = try #require(escalated["data"] as? [String: Any])
        #expect((data["notify"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["dora"])
        let mustAct = (data["must_act"] as? [[String: Any]]) ?? []
        #expect(mustAct.contains { $0["name"] as? String == "carl" && $0["slack_id"] as? String == "U0CARL" })
        #expect(mustAct.contains { $0["name"] as? String == "carl" && $0["email"] as? String == "carl@acme.example" })

        // The chat sink got Slack messages for its two types only: five submissions and one escalation.
        let chat = sink.requests(to: "/chat").compactMap { ($0["body"] as? [String: Any])?["text"] as? String }
        #expect(chat.count == 6)
        #expect(chat.filter { $0.contains("waits for your approval") }.count == 5)
        #expect(chat.contains { $0.hasPrefix("<@U0CARL>: ACME · LinkedIn · “Launch post” waits for your approval — ") })

        let listed = try daemon.deliveries(["--limit", "100"])
        #expect(listed.count == received.count)
        #expect(listed.allSatisfy { $0["state"] as? String == "delivered" && $0["attempts"] as? Int == 1 })
        let human = try daemon.ctl(["deliveries", "--sink", "chat"])
        // The event kind's one spelling, as flowctl log and events write it; --json keeps the receivers' type.
        #expect(human.code == 0 && human.stdout.contains("  escalate  ") && !human.stdout.contains("draft.escalated"))
        #expect(listed.contains { $0["type"] as? String == "draft.escalated" })
        #expect(try daemon.ctl(["deliveries", "--sink", "nope"]).code == 4)
    }

    @Test func failuresAreRetriedWithTheSameIdAndRetryAfterIsHonoured() throws {
        let sink = try TestSink(modes: ["/flaky": "fail:2", "/busy": "retry-after:1:1"])
        let daemon = try RunningDaemon(
            extra: sink.sink("flaky", path: "/flaky", "events = [\"submitted\"]")
                + sink.sink("busy", path: "/busy", "events = [\"submitted\"]", maxBackoff: "5s"))
        try daemon.start()
        _ = try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"])
        _ = try daemon.ctl(["--as", "ana", "submit", "1"])
        #expect(try daemon.waitFor(10) { try daemon.deliveries().allSatisfy { $0["state"] as? String == "delivered" } })

        let flaky = sink.requests(to: "/flaky")
        #expect(flaky.compactMap { $0["status"] as? Int } == [500, 500, 200])
        #expect(Set(flaky.compactMap { $0["webhook_id"] as? String }).count == 1)
        #expect(flaky.allSatisfy { $0["verified"] as? Bool == true })
        // With a 20 ms backoff the retries come fast; the 429 asked for a second and got it.
        let busy = sink.requests(to: "/busy")
        #expect(busy.compactMap { $0["status"] as? Int } == [429, 200])
        let gap = ((busy.last?["at"] as? Double) ?? 0) - ((busy.first?["at"] as? Double) ?? 0)
        #expect(gap >= 0.95 && gap < 3, "Retry-After: 1 gave a gap of \(gap)s")
        let rows = try daemon.deliveries()
        #expect(Set(rows.compactMap { $0["attempts"] as? Int }) == [3, 2])
    }

    @Test func goneDisablesASinkAndDeadLettersCanBeRetried() throws {
        let sink = try TestSink(modes: ["/gone": "status:410", "/down": "status:500", "/moved": "status:302"])
        let daemon = try RunningDaemon(
            extra: sink.sink("gone", path: "/gone")
                + sink.sink("down", path: "/down", "max_attempts = 3\nevents = [\"submitted\"]")
                + sink.sink("moved", path: "/moved", "max_attempts = 1\nevents = [\"submitted\"]"))
        try daemon.start()
        _ = try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"])
        _ = try daemon.ctl(["--as", "ana", "submit", "1"])
        #expect(try daemon.waitFor(10) { try daemon.deliveries().allSatisfy { $0["state"] as? String == "dead" } })

        let sinks = try daemon.json(["status"])["sinks"] as? [[String: Any]] ?? []
        let gone = try #require(sinks.first { $0["name"] as? String == "gone" })
        #expect(gone["state"] as? String == "disabled")
        #expect(gone["reason"] as? String == "HTTP 410 Gone")
        #expect(sinks.filter { $0["state"] as? String == "active" }.count == 2)
        #expect(try daemon.ctl(["status"]).stdout.contains("gone (json → http://127.0.0.1:\(sink.port)): DISABLED"))
        #expect(sink.requests(to: "/down").count == 3)
        #expect(sink.requests(to: "/moved").count == 1)
        let failed = try daemon.deliveries(["--failed"])
        #expect(failed.count == 3)
        let moved = try #require(failed.first { $0["sink"] as? String == "moved" })
        #expect((moved["last_error"] as? String)?.contains("redirects are not followed") == true)
        let down = try #require(failed.first { $0["sink"] as? String == "down" })
        #expect((down["last_error"] as? String)?.contains("3 attempts failed") == true)

        // While disabled, the gone sink is not called again: its new notifications are dead on arrival.
        _ = try daemon.ctl(["--as", "carl", "approve", "1"])
        #expect(try daemon.waitFor(5) { try daemon.deliveries(["--sink", "gone"]).count == 2 })
        usleep(300_000)
        #expect(sink.requests(to: "/gone").count == 1)
        #expect(try daemon.deliveries(["--sink", "gone"]).allSatisfy { $0["state"] as? String == "dead" })

        // The receivers recover; an operator retries. Same webhook-id, and the gone sink is active again.
        try sink.setModes([:])
        for row in failed {
            let id = try #require(row["id"] as? Int)
            let retried = try daemon.ctl(["deliveries", "retry", "\(id)"])
            #expect(retried.code == 0, "\(retried.stderr)")
        }
        #expect(try daemon.waitFor(10) { try daemon.deliveries(["--failed"]).count == 1 })
        for row in failed {
            let id = row["webhook_id"] as? String
            #expect(sink.requests.contains { $0["webhook_id"] as? String == id && $0["status"] as? Int == 204 })
        }
        let after = try daemon.json(["status"])["sinks"] as? [[String: Any]] ?? []
        #expect(after.allSatisfy { $0["state"] as? String == "active" })
        let refused = try daemon.ctl(["--as", "ana", "deliveries", "retry", "1"])
        #expect(refused.code == 1 && refused.stderr.contains("needs role admin"))
        #expect(try daemon.ctl(["deliveries", "retry", "999"]).code == 4)
    }

    @Test func aHangingSinkSlowsNeitherTransitionsNorOtherSinks() throws {
        let sink = try TestSink(modes: ["/hang": "hang"])
        let daemon = try RunningDaemon(
            extra: sink.sink("stuck", path: "/hang", "timeout = \"10s\"") + sink.sink("fast", path: "/fast"))
        try daemon.start()
        var slowest = 0.0
        for id in 1...8 {
            for arguments in [
                ["--as", "ana", "new", "--client", "acme", "--title", "T\(id)", "--body", "B"],
                ["--as", "ana", "submit", "\(id)"], ["--as", "carl", "approve", "\(id)"],
            ] {
                let started = Date()
                #expect(try daemon.ctl(arguments).code == 0)
                slowest = max(slowest, Date().timeIntervalSince(started))
            }
        }
        #expect(slowest < 1, "slowest transition took \(slowest)s")
        // 16 notifications for the fast sink, all there while the stuck one still holds its first request.
        #expect(daemon.waitFor(3) { sink.requests(to: "/fast").count == 16 })
        #expect(sink.requests(to: "/hang").count == 1)
        // Shutdown does not wait for the hanging request either.
        let started = Date()
        #expect(daemon.stop() == 0)
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func aSinkThatTimesOutIsKilledWithItsChildrenAndNeverSeesFlowdsEnvironment() throws {
        let directory = NSTemporaryDirectory() + "flowd-slow-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let daemon = try RunningDaemon(
            extra: """
                [[notify]]
                name = "slow"
                command = "env > \(directory)/env; sleep 300 & echo $! > \(directory)/child; sleep 300"
                timeout = "500ms"
                max_attempts = 1
                """)
        daemon.environment = ["CREDENTIALS_DIRECTORY": directory, "FLOWD_SECRET_PROBE": "leak"]
        try daemon.start()
        _ = try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"])
        _ = try daemon.ctl(["--as", "ana", "submit", "1"])
        #expect(try daemon.waitFor(10) { try daemon.deliveries().first?["state"] as? String == "dead" })
        #expect((try daemon.deliveries().first?["last_error"] as? String)?.contains("did not finish") == true)
        let child = try #require(
            Int32(
                try String(contentsOfFile: directory + "/child", encoding: .utf8).trimmingCharacters(
                    in: .whitespacesAndNewlines)))
        // Gone, or at most a zombie waiting for a reaper: either way no longer running.
        func running(_ pid: Int32) -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
            return !(stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? true)
        }
        #expect(daemon.waitFor(3) { !running(child) }, "the sink's child \(child) outlived the timeout")
        let environment = try String(contentsOfFile: directory + "/env", encoding: .utf8)
        #expect(environment.contains("FLOWD_DRAFT=1") && environment.contains("WEBHOOK_ID=msg_"))
        #expect(!environment.contains("CREDENTIALS_DIRECTORY") && !environment.contains("FLOWD_SECRET_PROBE"))
    }

    @Test func commandSinksGetThePayloadOnStandardInput() throws {
        let directory = NSTemporaryDirectory() + "flowd-relay-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let daemon = try RunningDaemon(
            extra: """
                [[notify]]
                name = "relay"
                command = "cat >> \(directory)/mail; echo >> \(directory)/mail; echo \\"$WEBHOOK_ID $FLOWD_EVENT_TYPE\\" >> \(directory)/ids"
                events = ["submitted", "approved"]

                [[notify]]
                name = "broken"
                command = ["/bin/sh", "-c", "exit 3"]
                max_attempts = 2
                backoff = "20ms"
                """)
        try daemon.start()
        _ = try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "T", "--body", "B"])
        _ = try daemon.ctl(["--as", "ana", "submit", "1"])
        _ = try daemon.ctl(["--as", "carl", "approve", "1"])
        #expect(
            try daemon.waitFor(10) {
                try daemon.deliveries().allSatisfy { ["delivered", "dead"].contains($0["state"] as? String) }
            })
        let mail = (try? String(contentsOfFile: directory + "/mail", encoding: .utf8)) ?? ""
        let bodies = mail.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(bodies.compactMap { $0["type"] as? String } == ["draft.submitted", "draft.approved"])
        let ids = ((try? String(contentsOfFile: directory + "/ids", encoding: .utf8)) ?? "").split(separator: "\n")
            .map(String.init)
        let relayRows = try daemon.deliveries(["--sink", "relay"]).reversed()
        #expect(
            ids
                == relayRows.compactMap { row in "\(row["webhook_id"] as? String ?? "") \(row["type"] as? String ?? "")"
                })
        let broken = try daemon.deliveries(["--sink", "broken"])
        #expect(broken.count == 2)
        #expect(broken.allSatisfy { $0["state"] as? String == "dead" && $0["attempts"] as? Int == 2 })
        #expect(broken.allSatisfy { ($0["last_error"] as? String)?.contains("exited with 3") == true })
    }

    @Test func deliveriesPendingAtAKill9AreSentAfterTheRestartWithTheSameId() throws {
        let sink = try TestSink(modes: ["/p": "hang"])
        let daemon = try RunningDaemon(extra: sink.sink("p", path: "/p", "events = [\"submitted\"]"))
        try daemon.start()
        for id in 1...3 {
            _ = try daemon.ctl(["--as", "ana", "new", "--client", "acme", "--title", "T\(id)", "--body", "B"])
            _ = try daemon.ctl(["--as", "ana", "submit", "\(id)"])
        }
        // The first is in flight (the sink holds it), the other two wait behind it.
        #expect(daemon.waitFor(5) { sink.requests(to: "/p").count == 1 })
        let inFlight = try #require(sink.requests(to: "/p").first?["webhook_id"] as? String)
        let queued = try daemon.deliveries().compactMap { $0["webhook_id"] as? String }
        #expect(queued.count == 3 && queued.contains(inFlight))
        daemon.crash()

        try sink.setModes([:])
        try daemon.start()
        #expect(try daemon.waitFor(10) { try daemon.deliveries().allSatisfy { $0["state"] as? String == "delivered" } })
        let answered = sink.requests(to: "/p").filter { $0["status"] as? Int == 204 }
        #expect(Set(answered.compactMap { $0["webhook_id"] as? String }) == Set(queued))
        #expect(answered.contains { $0["webhook_id"] as? String == inFlight })
        #expect(sink.requests.allSatisfy { $0["verified"] as? Bool == true })
    }
}
