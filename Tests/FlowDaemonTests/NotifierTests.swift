import AsyncHTTPClient
import FlowAPI
import FlowConfig
import FlowCore
import FlowStore
import Foundation
import Logging
import NIOPosix
import Testing

@testable import FlowDaemon

/// An engine with the one sink `sink(dir)` describes, and a draft submitted, so the sink has a row due.
private func submittedWithSink(_ sink: (String) -> String) async throws -> (Engine, ManualTime, String, OutboxRow) {
    let dir = temporaryDirectory()
    let (engine, time) = try makeEngine(dir, extra: sink(dir))
    let ana = try engine.identify(uid: 5001, actAs: nil)
    let draft = try await engine.wire.create(CreateRequest(client: "acme", title: "Launch", body: "B"), by: ana)
    _ = try await engine.wire.act("submit", on: draft.id, ActionRequest(), by: ana)
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
            command = "cat > \(dir)/payload.json && printf %s \\"$WEBHOOK_ID $FLOWD_EVENT_TYPE\\" > \(dir)/env && test -f \(dir)/ok && echo 'told the relay'"
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
        // `flowctl deliveries` says what the command did, never an HTTP status it had none of.
        let view = DeliveryView(delivered)
        #expect(view.outcome == "exit 0: told the relay" && view.lastError == nil && view.lastStatus == nil)
        try await client.shutdown()
    }

    /// A command that says its notification reached nobody (flowd-mail with no address to mail) settles the row, and
    /// is counted apart: the status never counts a mail to nobody as delivered.
    @Test func aCommandThatReachedNobodyIsCountedApart() async throws {
        let (engine, _, _, row) = try await submittedWithSink { _ in
            "[[notify]]\nname = \"mail\"\ncommand = \"cat > /dev/null; echo 'skipped: nobody to mail'\"\n"
        }
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        await Notifier(engine: engine, logger: Logger(label: "test"), unit: { 0 }).deliver(
            row, to: try #require(engine.config.sinks.first), client: client)
        try await client.shutdown()
        let settled = try #require(try await engine.store.outboxRow(row.id))
        #expect(settled.state == "delivered" && settled.skipped && settled.nextAttemptAt == nil)
        let view = DeliveryView(settled)
        #expect(view.state == "skipped" && view.outcome == "exit 0: skipped: nobody to mail")
        let root = try engine.identify(uid: 5000, actAs: nil)
        let mail = try #require(try await engine.sinkStandings(for: root).first { $0.name == "mail" })
        #expect(mail.delivered == 0 && mail.skipped == 1 && mail.pending == 0)
    }

    /// A command that exits 0 leaving a child running, with the command's output open, is done when it exits: the
    /// child neither makes it look alive (Foundation's `Process` did, so such a sink timed out and was sent again)
    /// nor holds up the reading of what it said. The child is left to run: the command started it.
    @Test func aCommandThatLeavesAChildRunningIsDoneWhenItExits() async throws {
        let (engine, _, dir, row) = try await submittedWithSink { dir in
            "[[notify]]\nname = \"relay\"\ncommand = \"cat > /dev/null; echo told; sleep 30 & echo $! > \(dir)/child\"\n"
                + "timeout = \"10s\"\n"
        }
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let started = ContinuousClock.now
        await Notifier(engine: engine, logger: Logger(label: "test"), unit: { 0 }).deliver(
            row, to: try #require(engine.config.sinks.first), client: client)
        try await client.shutdown()
        #expect(ContinuousClock.now - started < .seconds(5))
        let child = try #require(
            Int32(
                try String(contentsOfFile: dir + "/child", encoding: .utf8).trimmingCharacters(
                    in: .whitespacesAndNewlines)))
        defer { kill(child, SIGKILL) }
        #expect(kill(child, 0) == 0, "the child the command started still runs")
        let settled = try #require(try await engine.store.outboxRow(row.id))
        #expect(settled.state == "delivered" && settled.attempts == 1, "\(settled)")
        #expect(DeliveryView(settled).outcome == "exit 0: told")
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
