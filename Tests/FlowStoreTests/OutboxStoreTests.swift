import FlowCore
import FlowRender
import Foundation
import Testing

@testable import FlowStore

private let everything = OutboxPlanner(
    routes: [SinkRoute(name: "hook", format: .json), SinkRoute(name: "chat", format: .slack, types: [.submitted])],
    contacts: [:], directory: ladderRules, rendering: NoticeRenderer())

private func submit(_ store: Store, outbox: OutboxPlanner = everything) async throws -> Draft {
    let created = try await store.apply(draftID: nil, outbox: outbox) { draft, id in
        try Workflow.decide(
            Request(
                .create(
                    client: "acme", lane: .normal,
                    content: Content(title: "T", body: "B", channels: [], publishAt: nil),
                    labels: [])),
            on: draft, by: Actor(user: author), directory: ladderRules, now: t0, newID: id)
    }
    return try await store.apply(draftID: created.draft.id, outbox: outbox) { draft, _ in
        try Workflow.decide(Request(.submit), on: draft, by: Actor(user: author), directory: ladderRules, now: t0)
    }.draft
}

@Suite struct OutboxStoreTests {
    @Test func notificationsAreWrittenInTheTransactionOfTheirEvent() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        let draft = try await submit(store)
        let rows = try await store.outbox()
        #expect(rows.map(\.sink).sorted() == ["chat", "hook"])
        let submitEvent = try #require(try await store.events(draftID: draft.id).last)
        #expect(rows.allSatisfy { $0.eventID == submitEvent.id && $0.state == "pending" && $0.attempts == 0 })
        #expect(rows.allSatisfy { $0.nextAttemptAt == t0 && $0.webhookID.hasPrefix("msg_") })
        #expect(Set(rows.map(\.webhookID)).count == 2)

        // A refused transition writes no notification either.
        await #expect(throws: Refusal.self) {
            try await store.apply(draftID: draft.id, outbox: everything) { draft, _ in
                try Workflow.decide(
                    Request(.submit), on: draft, by: Actor(user: author), directory: ladderRules, now: t0)
            }
        }
        #expect(try await store.outbox().count == 2)
    }

    @Test func firedLadderStepsNotifyInTheirOwnTransaction() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        _ = try await submit(
            store, outbox: OutboxPlanner(routes: [], contacts: [:], directory: ladderRules, rendering: NoticeRenderer())
        )
        #expect(try await store.outbox().isEmpty)
        let now = t0.addingTimeInterval(3600)
        _ = try await store.fireDue(now: now, outbox: everything) { timer, draft, pending in
            Deadlines.fire(timer, on: draft, pending: pending, directory: ladderRules, now: now)
        }
        let rows = try await store.outbox()
        #expect(rows.map(\.type) == ["draft.reminder"])
        #expect(rows.first?.nextAttemptAt == now)
    }

    @Test func attemptsFollowThePolicyOnTheInjectedClock() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        _ = try await submit(store)
        let policy = DeliveryPolicy(maxAttempts: 3, baseDelay: 10, maxDelay: 60)
        let row = try #require(try await store.dueDelivery(sink: "hook", now: t0))

        // Attempt 1 fails with 500; half jitter of a 10 s ceiling: due again 5 s later, not before.
        let first = t0.addingTimeInterval(1)
        let verdict1 = policy.judge(
            status: 500, retryAfter: nil, attempt: 1, firstAttemptAt: first, now: first, unit: 0.5)
        try await store.recordAttempt(id: row.id, at: first, status: 500, error: "HTTP 500", verdict: verdict1)
        #expect(try await store.dueDelivery(sink: "hook", now: first.addingTimeInterval(4.9)) == nil)
        let again = try #require(try await store.dueDelivery(sink: "hook", now: first.addingTimeInterval(5)))
        #expect(again.id == row.id && again.attempts == 1 && again.webhookID == row.webhookID)
        #expect(again.firstAttemptAt == first && again.lastStatus == 500 && again.lastError == "HTTP 500")
        #expect(try await store.outbox(failedOnly: true).map(\.id) == [row.id])

        // Attempt 2: 429 with Retry-After wins over jitter.
        let second = first.addingTimeInterval(5)
        let verdict2 = policy.judge(
            status: 429, retryAfter: "30", attempt: 2, firstAttemptAt: first, now: second, unit: 0.1)
        try await store.recordAttempt(id: row.id, at: second, status: 429, error: nil, verdict: verdict2)
        #expect(try await store.outboxRow(row.id)?.nextAttemptAt == second.addingTimeInterval(30))

        // Attempt 3 is the last: dead-lettered, never due again, and still listed as failed.
        let third = second.addingTimeInterval(30)
        let verdict3 = policy.judge(
            status: 503, retryAfter: nil, attempt: 3, firstAttemptAt: first, now: third, unit: 0.5)
        try await store.recordAttempt(id: row.id, at: third, status: 503, error: nil, verdict: verdict3)
        let dead = try #require(try await store.outboxRow(row.id))
        #expect(dead.state == "dead" && dead.attempts == 3 && dead.nextAttemptAt == nil)
        #expect(dead.lastError?.contains("3 attempts failed") == true)
        #expect(try await store.dueDelivery(sink: "hook", now: third.addingTimeInterval(86_400)) == nil)

        // An operator's retry starts over with the same webhook-id.
        let retried = try #require(try await store.retryDelivery(row.id, now: third))
        #expect(retried.state == "pending" && retried.attempts == 0 && retried.webhookID == row.webhookID)
        try await store.recordAttempt(id: row.id, at: third, status: 204, error: nil, verdict: .delivered)
        let delivered = try #require(try await store.outboxRow(row.id))
        #expect(delivered.state == "delivered" && delivered.deliveredAt == third && delivered.lastError == nil)
        #expect(try await store.outbox(failedOnly: true).isEmpty)
        #expect(try await store.retryDelivery(999, now: third) == nil)
    }

    @Test func goneDisablesTheSinkUntilAnOperatorRetries() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        let draft = try await submit(store)
        _ = try await store.apply(draftID: draft.id, outbox: everything) { draft, _ in
            try Workflow.decide(
                Request(.approve), on: draft, by: Actor(user: approver), directory: ladderRules, now: t0)
        }
        let hook = try await store.outbox(sink: "hook")
        #expect(hook.count == 2)
        let oldest = try #require(hook.last)
        try await store.recordAttempt(id: oldest.id, at: t0, status: 410, error: nil, verdict: .sinkGone)
        #expect(try await store.disabledSinks().map(\.name) == ["hook"])
        // What the sink still had pending is dead-lettered, and so is what comes while it is disabled.
        #expect(try await store.outbox(sink: "hook").allSatisfy { $0.state == "dead" })
        #expect(try await store.dueDelivery(sink: "hook", now: t0.addingTimeInterval(60)) == nil)
        _ = try await submit(store)
        #expect(try await store.outbox(sink: "chat").allSatisfy { $0.state == "pending" })
        #expect(try await store.outboxCounts()["hook"] == ["dead": 3])
        #expect(try await store.outbox(sink: "hook").first?.lastError == "sink disabled: HTTP 410 Gone")

        _ = try await store.retryDelivery(oldest.id, now: t0)
        #expect(try await store.disabledSinks().isEmpty)
        #expect(try await store.dueDelivery(sink: "hook", now: t0)?.id == oldest.id)
    }
}

@Suite struct RetentionStoreTests {
    @Test func oldDeliveredRowsAndReceiptsGoInBatchesAndNothingElseDoes() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        _ = try await submit(store)
        _ = try await submit(store)
        // Four rows: two per draft (hook, chat). Deliver three: two a long time ago, one just now; one stays pending.
        let rows = try await store.outbox().sorted { $0.id < $1.id }
        let old = t0.addingTimeInterval(-40 * 86_400)
        for (row, at) in zip(rows.prefix(3), [old, old, t0]) {
            try await store.recordAttempt(id: row.id, at: at, status: 200, error: nil, verdict: .delivered)
        }
        try await store.execute(
            """
            INSERT INTO webhook_receipts (source, id, draft_id, outcome, at) VALUES
            ('gh', 'a', 1, 'ok', \(old.millis)), ('gh', 'b', 1, 'ok', \(old.millis)), ('gh', 'c', 1, 'ok', \(t0.millis))
            """)
        let cutoff = t0.addingTimeInterval(-30 * 86_400)
        let first = try await store.retentionBatch(
            deliveredBefore: cutoff, receivedBefore: cutoff, sinks: ["hook", "chat"], orphanedBefore: cutoff, limit: 1)
        #expect(first.deliveredPurged == 1 && first.receiptsPurged == 1 && first.more)
        let second = try await store.retentionBatch(
            deliveredBefore: cutoff, receivedBefore: cutoff, sinks: ["hook", "chat"], orphanedBefore: cutoff, limit: 1)
        #expect(second.deliveredPurged == 1 && second.receiptsPurged == 1)
        let third = try await store.retentionBatch(
            deliveredBefore: cutoff, receivedBefore: cutoff, sinks: ["hook", "chat"], orphanedBefore: cutoff, limit: 1)
        #expect(third == RetentionBatch())
        let left = try await store.outbox().sorted { $0.id < $1.id }
        #expect(left.map(\.id) == [rows[2].id, rows[3].id])
        #expect(left.map(\.state) == ["delivered", "pending"])
        #expect(try await store.receiptCount() == 1)
    }

    @Test func pendingRowsOfARemovedSinkAreDeadLetteredOnceOld() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        _ = try await submit(store)
        let far = t0.addingTimeInterval(-86_400)
        // "chat" is no longer configured: its row is dead-lettered once older than the cutoff, "hook"'s is not.
        let young = try await store.retentionBatch(
            deliveredBefore: far, receivedBefore: far, sinks: ["hook"], orphanedBefore: t0, limit: 10)
        #expect(young.orphansDeadLettered == 0)
        let due = try await store.retentionBatch(
            deliveredBefore: far, receivedBefore: far, sinks: ["hook"], orphanedBefore: t0.addingTimeInterval(1),
            limit: 10)
        #expect(due.orphansDeadLettered == 1)
        let rows = try await store.outbox()
        #expect(rows.first { $0.sink == "chat" }?.state == "dead")
        #expect(rows.first { $0.sink == "chat" }?.lastError == "sink chat is no longer in the config")
        #expect(rows.first { $0.sink == "hook" }?.state == "pending")
    }
}
