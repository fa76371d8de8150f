import FlowAPI
import FlowCore
import FlowStore
import Foundation
import Testing

@testable import FlowDaemon

@Suite struct EventFeedTests {
    @Test func memoryHoldsTheNewestEventsUpToItsByteBoundAndOlderOnesComeFromTheStore() async throws {
        let (engine, _) = try makeEngine(temporaryDirectory())
        let ana = try engine.identify(uid: 5001, actAs: nil)
        let feed = engine.feed
        try await feed.start()
        feed.followerStarted()
        let draft = try await engine.wire.create(CreateRequest(client: "acme", title: "T", body: "B"), by: ana)
        // 700 events of about 16 KB: more than the feed keeps in memory (8 MB), fewer than its count bound.
        let message = String(repeating: "m", count: 16_000)
        for _ in 0..<700 {
            _ = try await engine.wire.act("comment", on: draft.id, ActionRequest(message: message), by: ana)
        }
        try await feed.catchUp()
        let head = feed.head
        #expect(head == 701)
        // The newest are in memory, oldest first; far enough back, memory no longer reaches.
        let newest = try #require(feed.recent(after: head - 400, limit: 1000))
        #expect(newest.map(\.logged.event.id) == Array((head - 399)...head))
        #expect(newest.reduce(0) { $0 + $1.line.count } < EventFeed.capacityBytes)
        #expect(feed.recent(after: head - 600, limit: 1000) == nil)
        #expect(feed.recent(after: 0, limit: 1000) == nil)
        // Each line is the event's JSON, the same the Codable form decodes to.
        let last = try #require(newest.last)
        let decoded = try EventView(jsonData: Data(last.line.dropLast()))
        #expect(decoded.id == head && decoded.client == "acme" && decoded.message == message)
        // What memory does not hold, the store does, in order.
        let older = try await engine.store.events(after: 0, limit: 3).map(\.event.id)
        #expect(older == [1, 2, 3])
    }

    @Test func withoutFollowersTheFeedReadsNothingAndTheFirstFollowerStartsItAfresh() async throws {
        let (engine, _) = try makeEngine(temporaryDirectory())
        let ana = try engine.identify(uid: 5001, actAs: nil)
        let feed = engine.feed
        try await feed.start()
        let draft = try await engine.wire.create(CreateRequest(client: "acme", title: "T", body: "B"), by: ana)
        for _ in 0..<5 { _ = try await engine.wire.act("comment", on: draft.id, ActionRequest(message: "m"), by: ana) }
        try await feed.catchUp()
        // Nobody follows: nothing was read, and memory says it cannot answer (readers go to the store).
        #expect(feed.head == 0)
        #expect(feed.recent(after: 0, limit: 10) == nil)
        #expect(feed.recent(after: 6, limit: 10) == nil)

        feed.followerStarted()
        try await feed.catchUp()
        // Afresh from the newest event: memory holds what commits from now on, the store everything before.
        #expect(feed.head == 6)
        #expect(feed.recent(after: 6, limit: 10)?.isEmpty == true)
        #expect(feed.recent(after: 5, limit: 10) == nil)
        _ = try await engine.wire.act("comment", on: draft.id, ActionRequest(message: "live"), by: ana)
        try await feed.catchUp()
        #expect(feed.recent(after: 6, limit: 10)?.map(\.logged.event.message) == ["live"])
        feed.followerEnded()
    }

    @Test func everyWaiterWakesOnASignalAndAWaitEndsOnItsTimeout() async throws {
        let changes = Changes()
        let seen = changes.generation
        async let first: Void = changes.wait(since: seen, atMost: 10)
        async let second: Void = changes.wait(since: seen, atMost: 10)
        try await Task.sleep(for: .milliseconds(50))
        let started = ContinuousClock.now
        changes.signal()
        _ = await (first, second)
        #expect(ContinuousClock.now - started < .seconds(5))
        // A waiter that comes after the signal does not wait at all; one with nothing to wait for times out.
        await changes.wait(since: seen, atMost: 10)
        let timed = ContinuousClock.now
        await changes.wait(since: changes.generation, atMost: 0.05)
        #expect(ContinuousClock.now - timed >= .milliseconds(40))
    }
}

@Suite struct TimerMetricsTests {
    @Test func aFiredTimerIsMeasuredFromItsDueTime() async throws {
        let (engine, time) = try ladderEngine(temporaryDirectory())
        let ana = try engine.identify(uid: 5001, actAs: nil)
        let draft = try await engine.wire.create(CreateRequest(client: "acme", title: "T", body: "B"), by: ana)
        _ = try await engine.wire.act("submit", on: draft.id, ActionRequest(), by: ana)
        // The reminder was due an hour after submitting; it fires 30 s late.
        time.advance(3630)
        #expect(try await engine.fireDueTimers() == 1)
        let text = String(decoding: engine.metrics.scrape(drafts: [:], deliveries: [:]), as: UTF8.self)
        #expect(text.contains("flowd_timer_lag_seconds_count 1"))
        #expect(text.contains("flowd_timer_lag_seconds_sum 30.0"), "\(text)")
        #expect(text.contains("flowd_transitions_total{action=\"remind\"} 1"))
    }
}
