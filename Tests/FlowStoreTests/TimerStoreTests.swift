import FlowCore
import Foundation
import Testing

@testable import FlowStore

let ladderRules = Directory(
    clients: ["acme": Client(id: "acme", name: "ACME", approvers: ["carl"], backupApprovers: ["dora"])],
    lanes: [
        .normal: LanePolicy(
            reviewSLA: TimeSpan("3h")!, clock: .always, maxAcknowledge: TimeSpan("4h")!, allowAutoApprove: true,
            ladder: [
                LadderStep(after: TimeSpan("1h")!, action: .remind, every: TimeSpan("1h")!, max: 3),
                LadderStep(after: TimeSpan("2h")!, action: .autoApprove),
            ])
    ],
    users: [author, approver])

func submitted(_ store: Store, directory: Directory = ladderRules) async throws -> Draft {
    let created = try await store.apply(draftID: nil) { draft, id in
        try Workflow.decide(
            Request(
                .create(
                    client: "acme", lane: .normal,
                    content: Content(title: "T", body: "B", channels: [], publishAt: nil), labels: [])),
            on: draft, by: Actor(user: author), directory: directory, now: t0, newID: id)
    }
    return try await store.apply(draftID: created.draft.id) { draft, _ in
        try Workflow.decide(Request(.submit), on: draft, by: Actor(user: author), directory: directory, now: t0)
    }.draft
}

func fire(_ store: Store, at now: Date) async throws -> [Decision] {
    try await store.fireDue(now: now) { timer, draft, pending in
        Deadlines.fire(timer, on: draft, pending: pending, directory: ladderRules, now: now)
    }
}

@Suite struct TimerStoreTests {
    @Test func timersAreWrittenWithTheTransition() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        let draft = try await submitted(store)
        let timers = try await store.timers(draftID: draft.id)
        #expect(timers.map(\.kind) == [.step, .step, .deadline])
        #expect(try await store.nextTimerDue() == t0.addingTimeInterval(3600))
    }

    @Test func nothingFiresEarly() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        _ = try await submitted(store)
        #expect(try await fire(store, at: t0.addingTimeInterval(3599)).isEmpty)
    }

    @Test func anOverdueTimerFiresOnceAfterARestart() async throws {
        let dir = TempDir()
        do {
            let store = try Store(path: dir.database)
            _ = try await submitted(store)
        }
        // flowd was down from t0 until 1h30m later: the first reminder is due, once.
        let reopened = try Store(path: dir.database)
        let late = t0.addingTimeInterval(5400)
        let first = try await fire(reopened, at: late)
        #expect(first.flatMap(\.events).map(\.kind) == [.remind])
        #expect(try await fire(reopened, at: late).isEmpty)
        let again = try Store(path: dir.database)
        #expect(try await fire(again, at: late).isEmpty)
        #expect(try await again.events(draftID: 1).map(\.kind) == [.create, .submit, .remind])
    }

    @Test func missedRepeatsCoalesceAcrossARestart() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        _ = try await submitted(store)
        // Down for 1h59m: the reminder at 1h is due; its repeat at 2h is not yet.
        let fired = try await fire(store, at: t0.addingTimeInterval(7140))
        #expect(fired.flatMap(\.events).map(\.kind) == [.remind])
        let repeatTimer = try #require(try await store.timers(draftID: 1).first { $0.kind == .step && $0.step == 0 })
        #expect(repeatTimer.occurrence == 1)
        #expect(repeatTimer.dueAt == t0.addingTimeInterval(7200))
    }

    @Test func aTimerCancelledEarlierInTheSameBatchDoesNotFire() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        _ = try await submitted(store)
        // At 3h the reminder, auto-approve and deadline are all due; auto-approve leaves review first in due order
        // after the reminder, which cancels the review deadline.
        let fired = try await fire(store, at: t0.addingTimeInterval(3 * 3600))
        #expect(fired.flatMap(\.events).map(\.kind) == [.remind, .autoApprove])
        #expect(try await store.draft(1)?.state == .approved)
        #expect(try await store.pendingTimerCount() == 0)
    }

    @Test func aHumanApprovalBeforeTheTimerLeavesNothingToFire() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        _ = try await submitted(store)
        _ = try await act(store, 1, .approve, by: approver)
        #expect(try await store.pendingTimerCount() == 0)
        #expect(try await fire(store, at: t0.addingTimeInterval(7200)).isEmpty)
        #expect(try await store.events(draftID: 1).map(\.kind) == [.create, .submit, .approve])
    }

    @Test func approvalAndAutoApprovalRacingLeaveOneConsistentHistory() async throws {
        for _ in 0..<20 {
            let dir = TempDir()
            let store = try Store(path: dir.database)
            _ = try await submitted(store)
            let due = t0.addingTimeInterval(7200)
            async let human: Decision? = try? await store.apply(draftID: 1) { draft, _ in
                try Workflow.decide(
                    Request(.approve), on: draft, by: Actor(user: approver), directory: ladderRules, now: due)
            }
            async let timer = fire(store, at: due)
            let (h, t) = try await (human, timer)
            let actions = try await store.events(draftID: 1).map(\.kind)
            let approvals = actions.filter { $0 == .approve || $0 == .autoApprove }
            #expect(approvals.count == 1, "\(actions)")
            #expect(try await store.draft(1)?.state == .approved)
            #expect((h != nil) != t.flatMap(\.events).contains { $0.kind == .autoApprove })
            #expect(try await store.pendingTimerCount() == 0)
        }
    }

    @Test func acknowledgeHoldsLadderStepsUntilThePromisedTime() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        _ = try await submitted(store)
        let until = t0.addingTimeInterval(3 * 3600)
        _ = try await store.apply(draftID: 1) { draft, _ in
            try Workflow.decide(
                Request(.acknowledge(until: until)), on: draft, by: Actor(user: approver), directory: ladderRules,
                now: t0.addingTimeInterval(600))
        }
        #expect(try await fire(store, at: t0.addingTimeInterval(2.5 * 3600)).isEmpty)
        let timers = try await store.timers(draftID: 1)
        #expect(timers.filter { $0.kind == .step }.allSatisfy { $0.dueAt == until })
        let fired = try await fire(store, at: until)
        #expect(fired.flatMap(\.events).map(\.kind).contains(.deadlineMissed))
        #expect(fired.flatMap(\.events).map(\.kind).contains(.autoApprove))
    }
}

@Suite struct FailingTimerTests {
    struct Transient: Error {}

    @Test func aTimerThatFailsStaysAndIsTriedAgainLater() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        _ = try await submitted(store)
        let due = t0.addingTimeInterval(3600)
        // The first remind fails (as a busy or I/O error would): nothing is lost, the timer waits 1s, then 2s.
        for (attempt, wait) in [(1, 1.0), (2, 2.0)] {
            let now = due.addingTimeInterval(Double(attempt - 1) * 10)
            do {
                _ = try await store.fireDue(now: now) { _, _, _ in throw Transient() }
                Issue.record("the failure was not reported")
            } catch let failure as TimerFailure {
                #expect(failure.attempts == attempt)
                #expect(failure.retryAt == now.addingTimeInterval(wait))
            }
            let failing = try await store.failingTimers()
            #expect(failing.count == 1)
            #expect(failing.worst?.failures == attempt)
            #expect(failing.worst?.error.contains("Transient") == true)
            #expect(try await store.pendingTimerCount() == 3, "no timer is ever dropped")
        }
        // Once the cause is gone it fires, exactly once.
        let fired = try await fire(store, at: due.addingTimeInterval(20))
        #expect(fired.flatMap(\.events).map(\.kind) == [.remind])
        #expect(try await store.failingTimers().count == 0)
    }
}
