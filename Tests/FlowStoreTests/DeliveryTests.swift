import FlowCore
import Foundation
import Testing

@testable import FlowStore

@Suite struct DeliveryTests {
    /// Delivers `request` twice under one delivery id: the first is the transition (its event `kind`), the second
    /// is answered with the first's outcome and changes nothing. The first outcome, for the caller's own checks.
    private static func deliveredTwice(_ request: Request, kind: EventKind) async throws -> DeliveryOutcome? {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        _ = try await submitted(store)
        func deliver() async throws -> Store.TransitionResult {
            try await store.apply(draftID: 1, receipt: DeliveryReceipt(source: "chat", id: "d-1", at: t0)) { draft, _ in
                try Workflow.decide(request, on: draft, by: Actor(user: approver), directory: ladderRules, now: t0)
            }
        }
        let first = try await deliver()
        guard case .fresh = first else {
            Issue.record("first delivery was not fresh")
            return nil
        }
        let outcome = first.outcome
        #expect(outcome.action == kind.rawValue)
        guard case .duplicate(let again) = try await deliver() else {
            Issue.record("redelivery was not a duplicate")
            return nil
        }
        #expect(again == outcome)
        #expect(try await store.receiptCount() == 1)
        #expect(try await store.events(draftID: 1).map(\.kind) == [.create, .submit, kind])
        return outcome
    }

    @Test func aDeliveryIdIsStoredWithItsTransitionAndARedeliveryChangesNothing() async throws {
        let outcome = try await Self.deliveredTwice(Request(.approve), kind: .approve)
        #expect(outcome?.state == "approved")
    }

    /// A comment's decision would not refuse a second copy, as an approval's does: the receipt must, and the copy
    /// adds no comment.
    @Test func aRedeliveredCommentIsOneComment() async throws {
        let outcome = try await Self.deliveredTwice(Request(.comment, message: "looks good"), kind: .comment)
        #expect(outcome?.state == "review")
    }

    /// Copies that arrive together share a batch: one is the transition, the others its duplicates, and a delivery
    /// of its own in the same batch is not disturbed.
    @Test func copiesOfADeliveryInOneBatchMakeOneTransition() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        let batches = CommitCount(store)
        _ = try await submitted(store)
        let busy = Task { await store.holdForTesting(seconds: 0.5) }
        try await Task.sleep(for: .milliseconds(50))
        let results = try await withThrowingTaskGroup(of: (String, Store.TransitionResult).self) { group in
            for index in 0..<9 {
                let id = index == 8 ? "c-other" : "c-copy"
                group.addTask {
                    let receipt = DeliveryReceipt(source: "chat", id: id, at: t0)
                    let result = try await store.apply(draftID: 1, receipt: receipt) { draft, _ in
                        try Workflow.decide(
                            Request(.comment, message: id), on: draft, by: Actor(user: approver),
                            directory: ladderRules, now: t0)
                    }
                    return (id, result)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        await busy.value
        func fresh(_ id: String) -> Int {
            results.filter { if case .fresh = $0.1, $0.0 == id { true } else { false } }.count
        }
        #expect(fresh("c-copy") == 1)
        #expect(fresh("c-other") == 1)
        let outcomes = Set(
            results.filter { $0.0 == "c-copy" }.map(\.1.outcome.event))
        #expect(outcomes.count == 1, "every copy is answered with the one transition's event")
        #expect(try await store.receiptCount() == 2)
        #expect(try await store.events(draftID: 1).map(\.kind) == [.create, .submit, .comment, .comment])
        #expect(batches.value < 9, "the copies were not batched")
    }

    @Test func aRefusedDeliveryIsNotRemembered() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        _ = try await submitted(store)
        await #expect(throws: Refusal.self) {
            let receipt = DeliveryReceipt(source: "chat", id: "d-2", at: t0)
            _ = try await store.apply(draftID: 1, receipt: receipt) { draft, _ in
                try Workflow.decide(
                    Request(.approve), on: draft, by: Actor(user: author), directory: ladderRules, now: t0)
            }
        }
        #expect(try await store.receiptCount() == 0)
    }
}

extension Store {
    fileprivate func receiptTimes() throws -> [Int64] {
        var times: [Int64] = []
        try db.query("SELECT at FROM webhook_receipts ORDER BY id") { times.append($0.int(0)) }
        return times
    }

    /// The receipts as the flowd before `DeliveryReceipt` dated them, at their draft's last change, in a database
    /// of the schema version before the migration that dates them by their event (the later ones run again on
    /// reopening); and a receipt whose outcome is not JSON, which the upgrade must leave alone.
    fileprivate func datedByTheirDraft() throws {
        let dating = try #require(migrations.firstIndex { $0.contains("UPDATE webhook_receipts SET at = max(at") })
        try db.exec(
            """
            UPDATE webhook_receipts SET at = (SELECT updated_at FROM drafts WHERE drafts.id = draft_id);
            INSERT INTO webhook_receipts (source, id, draft_id, outcome, at) VALUES ('chat', 'x-bad', 1, 'not json', 5);
            \(Store.undoMigrations(from: dating))
            PRAGMA user_version = \(dating);
            """)
    }
}

/// A receipt lives as long as the retention from its delivery, whatever the age of its draft.
@Suite struct ReceiptTimeTests {
    static let later = t0.addingTimeInterval(40 * 86_400)

    private static func commentLater(_ store: Store, id: String) async throws -> Store.TransitionResult {
        try await store.apply(draftID: 1, receipt: DeliveryReceipt(source: "chat", id: id, at: later)) { draft, _ in
            try Workflow.decide(
                Request(.comment, message: "seen"), on: draft, by: Actor(user: approver), directory: ladderRules,
                now: later)
        }
    }

    private static func purge(_ store: Store, before: Date) async throws -> Int {
        try await store.retentionBatch(
            deliveredBefore: before, receivedBefore: before, sinks: [], orphanedBefore: t0, limit: 100
        ).receiptsPurged
    }

    @Test func aCommentOnAnOldDraftKeepsItsReceiptForTheRetention() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        _ = try await submitted(store)
        guard case .fresh = try await Self.commentLater(store, id: "c-1") else {
            Issue.record("first delivery was not fresh")
            return
        }
        #expect(try await store.draft(1)?.updatedAt == t0, "a comment leaves the draft's time as it was")
        #expect(try await store.receiptTimes() == [Self.later.millis])
        #expect(try await Self.purge(store, before: Self.later.addingTimeInterval(-86_400)) == 0)
        guard case .duplicate = try await Self.commentLater(store, id: "c-1") else {
            Issue.record("a redelivery within the retention was taken as new")
            return
        }
        #expect(try await store.events(draftID: 1).map(\.kind) == [.create, .submit, .comment])
        #expect(try await Self.purge(store, before: Self.later.addingTimeInterval(1)) == 1)
    }

    @Test func anUpgradeDatesOldReceiptsByTheirEvent() async throws {
        let dir = TempDir()
        do {
            let store = try Store(path: dir.database)
            _ = try await submitted(store)
            _ = try await Self.commentLater(store, id: "c-1")
            _ = try await store.apply(draftID: 1, receipt: DeliveryReceipt(source: "chat", id: "c-2", at: t0)) {
                draft, _ in
                try Workflow.decide(
                    Request(.approve), on: draft, by: Actor(user: approver), directory: ladderRules, now: t0)
            }
            try await store.datedByTheirDraft()
            #expect(try await store.receiptTimes() == [t0.millis, t0.millis, 5])
        }
        let store = try Store(path: dir.database)
        #expect(try await store.pragma("user_version") == "\(Store.schemaVersion)")
        #expect(try await store.receiptTimes() == [Self.later.millis, t0.millis, 5])
    }
}
