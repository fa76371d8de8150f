import AsyncHTTPClient
import FlowAPI
import FlowCore
import FlowStore
import Foundation
import Logging
import NIOPosix
import Testing

@testable import FlowDaemon

@Suite struct NotifyConfigTests {
    @Test func aSinkTakesItsTargetFormatEventsClientsAndRetryRules() throws {
        let config = try parse(
            validUsers + """
                [[clients]]
                id = "acme"

                [[notify]]
                name = "relay"
                command = ["/usr/local/bin/mail-relay", "--to", "ops"]
                events = ["draft.escalated", "deadline_missed"]
                clients = ["acme"]
                timeout = "2s"
                max_attempts = 4
                max_age = "2h"
                backoff = "250ms"
                max_backoff = "1m"

                [[notify]]
                name = "chat"
                url = "https://hooks.slack.com/services/T0/B0/xyz"
                format = "slack"

                [[notify]]
                name = "hook"
                url = "http://127.0.0.1:9000/flowd"
                secret = "whsec_c2VjcmV0"
                """)
        #expect(config.sinks.map(\.name) == ["relay", "chat", "hook"])
        let relay = config.sinks[0]
        #expect(relay.target == .command(["/usr/local/bin/mail-relay", "--to", "ops"]))
        #expect(relay.route.types == [.escalated, .deadlineMissed])
        #expect(relay.route.clients == ["acme"])
        #expect(relay.timeout == 2)
        #expect(relay.policy == DeliveryPolicy(maxAttempts: 4, maxAge: TimeSpan("2h")!, baseDelay: 0.25, maxDelay: 60))
        let chat = config.sinks[1]
        #expect(chat.route.format == .slack && chat.secret == nil && chat.timeout == 10)
        #expect(chat.route.types == Set(NotificationType.allCases) && chat.route.clients == nil)
        #expect(config.sinks[2].secret != nil)
        #expect(config.outboxPlanner.routes.count == 3)
    }

    @Test func badSinksAreRefusedLineByLine() {
        let found = issues(
            validUsers + """
                [[notify]]
                name = "a"
                url = "ftp://example.com/x"

                [[notify]]
                name = "b"
                url = "http://127.0.0.1:9/x"
                command = "cat"
                secret = "whsec_c2VjcmV0"

                [[notify]]
                name = "c"
                url = "http://127.0.0.1:9/x"

                [[notify]]
                name = "d"
                command = ["relative/path"]
                events = ["submitted", "exploded"]
                clients = ["globex"]
                timeout = "5x"

                [[notify]]
                name = "a"
                format = "xml"
                """)
        let messages = found.map(\.message)
        #expect(messages.contains { $0.contains("notify[0].url must be an http:// or https:// URL") })
        #expect(messages.contains { $0.contains("sets both url and command") })
        #expect(messages.contains { $0.contains("json sink \"c\" needs a signing secret") })
        #expect(messages.contains { $0.contains("absolute path") })
        #expect(messages.contains { $0.contains("unknown event \"exploded\"") })
        #expect(messages.contains { $0.contains("unknown client \"globex\"") })
        #expect(messages.contains { $0.contains("\"5x\" is not a duration") })
        #expect(messages.contains { $0.contains("defined twice") })
        #expect(messages.contains { $0.contains("must be json or slack") })
        #expect(messages.contains { $0.contains("needs url or command") })
        #expect(found.allSatisfy { $0.line != nil })
    }
}

/// An engine with the one sink `sink(dir)` describes, and a draft submitted, so the sink has a row due.
private func submittedWithSink(_ sink: (String) -> String) async throws -> (Engine, ManualTime, String, OutboxRow) {
    let dir = temporaryDirectory()
    let (engine, time) = try makeEngine(dir, extra: sink(dir))
    let ana = try engine.identify(uid: 5001, actAs: nil)
    let draft = try await engine.create(CreateRequest(client: "acme", title: "Launch", body: "B"), by: ana)
    _ = try await engine.act("submit", on: draft.id, ActionRequest(), by: ana)
    let name = try #require(engine.config.sinks.first?.name)
    let row = try #require(try await engine.store.dueDelivery(sink: name, now: time.now()))
    return (engine, time, dir, row)
}

@Suite struct NotifierTests {
    @Test func backoffIsMeasuredOnTheInjectedClockWithTheInjectedJitter() async throws {
        // A command sink that fails until `ok` exists; the jitter is always one half.
        let (engine, time, dir, row) = try await submittedWithSink { dir in
            """
            [[notify]]
            name = "relay"
            command = "cat > \(dir)/payload.json && printf %s \\"$WEBHOOK_ID $FLOWD_EVENT_TYPE\\" > \(dir)/env && test -f \(dir)/ok"
            backoff = "10s"
            max_backoff = "1m"
            max_attempts = 3
            """
        }
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let notifier = Notifier(engine: engine, logger: Logger(label: "test"), unit: { 0.5 })
        let sink = try #require(engine.config.sinks.first)
        let start = time.now()
        await notifier.deliver(row, to: sink, client: client)
        // The program got the payload on stdin and the headers in its environment, then failed.
        #expect(try String(contentsOfFile: dir + "/payload.json", encoding: .utf8) == row.payload)
        #expect(try String(contentsOfFile: dir + "/env", encoding: .utf8) == "\(row.webhookID) draft.submitted")
        let failed = try #require(try await engine.store.outboxRow(row.id))
        #expect(failed.attempts == 1 && failed.state == "pending")
        #expect(failed.lastError?.contains("exited with 1") == true)
        // Ceiling 10 s after the first failure, jitter one half: 5 s on the injected clock, to the millisecond.
        #expect(failed.nextAttemptAt == start.addingTimeInterval(5))
        #expect(try await engine.store.dueDelivery(sink: "relay", now: start.addingTimeInterval(4.999)) == nil)

        time.advance(5)
        let second = try #require(try await engine.store.dueDelivery(sink: "relay", now: time.now()))
        await notifier.deliver(second, to: sink, client: client)
        // Second failure: ceiling 20 s, so 10 s.
        #expect(try await engine.store.outboxRow(row.id)?.nextAttemptAt == time.now().addingTimeInterval(10))

        time.advance(10)
        #expect(FileManager.default.createFile(atPath: dir + "/ok", contents: nil))
        let third = try #require(try await engine.store.dueDelivery(sink: "relay", now: time.now()))
        await notifier.deliver(third, to: sink, client: client)
        let delivered = try #require(try await engine.store.outboxRow(row.id))
        #expect(delivered.state == "delivered" && delivered.attempts == 3 && delivered.deliveredAt == time.now())
        #expect(delivered.webhookID == row.webhookID)
        try await client.shutdown()
    }

    @Test func aCommandThatHangsIsStoppedAtTheTimeout() async throws {
        let (engine, _, _, row) = try await submittedWithSink { _ in
            "[[notify]]\nname = \"slow\"\ncommand = [\"/bin/sleep\", \"30\"]\ntimeout = \"200ms\"\n"
        }
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let started = Date()
        await Notifier(engine: engine, logger: Logger(label: "test"), unit: { 0 }).deliver(
            row, to: try #require(engine.config.sinks.first), client: client)
        #expect(Date().timeIntervalSince(started) < 5)
        let failed = try #require(try await engine.store.outboxRow(row.id))
        #expect(failed.lastError?.contains("did not finish within 0.2s") == true)
        #expect(failed.state == "pending" && failed.attempts == 1)
        try await client.shutdown()
    }
}

@Suite struct TOMLHazardTests {
    @Test(arguments: [
        "[ },\n", "[[ }]]\n", "[\t}\n", "[ =]\n", "x = [ 1, }\n", "x = [ \n}\n", "x = [ # c\n}\n",
        "[daemon]\nlog_level = \"notice\"\n[ },\n    { after = \"1h\" },\n]\n",
    ])
    func inputsThatWouldAbortTheTOMLParserAreSyntaxErrors(text: String) {
        let found = issues(text)
        #expect(found.count == 1)
        #expect(found.first?.message.hasPrefix("syntax:") == true)
        #expect(found.first?.line != nil)
    }

    @Test func stringsCommentsAndArraysOfTablesAreNotMistakenForThem() throws {
        let config = try parse(
            validUsers + """
                # [ } in a comment
                [[clients]]
                id = "acme"
                name = "ACME [ } \\" '''"
                approvers = [ "carl" ]

                [ "lanes" . normal ]
                ladder = [
                    # a comment
                    { after = "1h", action = "remind" },
                ]
                """)
        #expect(config.directory.clients["acme"]?.name == "ACME [ } \" '''")
        #expect(config.directory.lanes[.normal]?.ladder.count == 1)
    }
}
