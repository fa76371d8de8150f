import FlowAPI
import FlowCore
import FlowDaemon
import FlowStore
import Foundation
import Logging
import Testing

func ladderEngine(_ directory: String) throws -> (Engine, ManualTime) {
    try makeEngine(
        directory,
        extra: """
            [lanes.normal]
            clock = "always"
            ladder = [ { after = "1h", action = "remind" }, { after = "2h", action = "warn" } ]
            """)
}

@Suite struct EscalatorTests {
    @Test func fireDueTimersFiresWhatIsDueByTheInjectedClock() async throws {
        let (engine, time) = try ladderEngine(temporaryDirectory())
        let ana = try engine.identify(uid: 5001, actAs: nil)
        let draft = try await engine.wire.create(CreateRequest(client: "acme", title: "T", body: "B"), by: ana)
        _ = try await engine.wire.act("submit", on: draft.id, ActionRequest(), by: ana)
        #expect(try await engine.fireDueTimers() == 0)
        time.advance(3600)
        #expect(try await engine.fireDueTimers() == 1)
        #expect(try await engine.fireDueTimers() == 0)
        time.advance(3600)
        #expect(try await engine.fireDueTimers() == 1)
        let actions = try await engine.wire.events(draft.id, for: ana).events.map(\.action)
        #expect(actions == ["create", "submit", "remind", "warn"])
        let warn = try #require(try await engine.wire.events(draft.id, for: ana).events.last)
        #expect(warn.at == time.now())
    }

    @Test func theEscalatorWakesEarlyWhenATransactionSetsATimer() async throws {
        let (engine, time) = try ladderEngine(temporaryDirectory())
        let ana = try engine.identify(uid: 5001, actAs: nil)
        let escalator = Escalator(engine: engine, logger: Logger(label: "test"))
        let task = Task { try await escalator.run() }
        defer { task.cancel() }
        // With nothing pending the escalator sleeps with no time limit; the submit must wake it.
        try await Task.sleep(for: .milliseconds(50))
        let draft = try await engine.wire.create(CreateRequest(client: "acme", title: "T", body: "B"), by: ana)
        time.advance(-3600)  // submit an hour in the past, so the reminder is due at once
        _ = try await engine.wire.act("submit", on: draft.id, ActionRequest(), by: ana)
        time.advance(3600)
        engine.nudge.signal()
        var actions: [String] = []
        for _ in 0..<100 {
            actions = try await engine.wire.events(draft.id, for: ana).events.map(\.action)
            if actions.contains("remind") { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(actions == ["create", "submit", "remind"])
    }

    @Test func aNudgeBeforeTheWaitIsNotLost() async {
        let nudge = Nudge()
        nudge.signal()
        let start = ContinuousClock.now
        await nudge.wait(atMost: 60)
        #expect(ContinuousClock.now - start < .seconds(20))
    }

    @Test func aWaitEndsAtItsTimeLimit() async {
        let nudge = Nudge()
        let start = ContinuousClock.now
        await nudge.wait(atMost: 0.05)
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(40))
        // A bound against a wait that never ends, not a timing: under TSan with every suite running on two cores,
        // a 50 ms wait has taken 5.4 s.
        #expect(elapsed < .seconds(20))
    }

    @Test func aWaitEndsOnCancellation() async {
        let nudge = Nudge()
        let task = Task { await nudge.wait(atMost: nil) }
        try? await Task.sleep(for: .milliseconds(20))
        task.cancel()
        let start = ContinuousClock.now
        await task.value
        #expect(ContinuousClock.now - start < .seconds(20))
    }
}

/// Counts calls from any thread.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

@Suite struct WatchdogTests {
    @Test func theEscalatorLoopBeatsAtLeastAsOftenAsAsked() async throws {
        let (engine, _) = try ladderEngine(temporaryDirectory())
        let beats = Counter()
        let escalator = Escalator(
            engine: engine, logger: Logger(label: "test"), heartbeatEvery: 0.02, heartbeat: { beats.increment() })
        let running = Task { try await escalator.run() }
        // No timer is pending, so without the heartbeat interval the loop would sleep for good after one beat. The
        // wait is long because in the whole suite, on two cores, the loop's first beat (after loading the absences
        // and re-planning) came 6-11 s late; alone it takes 0.2 s.
        let deadline = Date().addingTimeInterval(60)
        while beats.value < 5 && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        running.cancel()
        _ = try? await running.value
        #expect(beats.value >= 5)
        let after = beats.value
        try await Task.sleep(for: .milliseconds(100))
        #expect(beats.value == after, "a stopped escalator must not ping")
    }
}
