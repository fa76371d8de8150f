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

/// A notifier whose jitter is always one half, on an engine with one command sink that fails until `ok` exists.
private func commandSinkEngine() throws -> (Engine, ManualTime, String) {
    let dir = temporaryDirectory()
    let (engine, time) = try makeEngine(
        dir,
        extra: """
            [[notify]]
            name = "relay"
            command = "cat > \(dir)/payload.json && printf %s \\"$WEBHOOK_ID $FLOWD_EVENT_TYPE\\" > \(dir)/env && test -f \(dir)/ok"
            backoff = "10s"
            max_backoff = "1m"
            max_attempts = 3
            """)
    return (engine, time, dir)
}

@Suite struct NotifierTests {
    @Test func backoffIsMeasuredOnTheInjectedClockWithTheInjectedJitter() async throws {
        let (engine, time, dir) = try commandSinkEngine()
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let notifier = Notifier(engine: engine, logger: Logger(label: "test"), unit: { 0.5 })
        let sink = try #require(engine.config.sinks.first)
        let ana = try engine.identify(uid: 5001, actAs: nil)
        let draft = try await engine.create(CreateRequest(client: "acme", title: "Launch", body: "B"), by: ana)
        _ = try await engine.act("submit", on: draft.id, ActionRequest(), by: ana)

        let start = time.now()
        let row = try #require(try await engine.store.dueDelivery(sink: "relay", now: start))
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
        let dir = temporaryDirectory()
        let (engine, time) = try makeEngine(
            dir,
            extra: """
                [[notify]]
                name = "slow"
                command = ["/bin/sleep", "30"]
                timeout = "200ms"
                """)
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let ana = try engine.identify(uid: 5001, actAs: nil)
        let draft = try await engine.create(CreateRequest(client: "acme", title: "T", body: "B"), by: ana)
        _ = try await engine.act("submit", on: draft.id, ActionRequest(), by: ana)
        let row = try #require(try await engine.store.dueDelivery(sink: "slow", now: time.now()))
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
