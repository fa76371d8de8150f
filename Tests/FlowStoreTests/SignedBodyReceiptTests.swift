import FlowCore
import Foundation
import Testing

@testable import FlowStore

/// A delivery whose id is its signed body (the GitHub scheme) never expires at the sender, so its receipt must not
/// expire here either: retention purges every other receipt and keeps these.
@Suite struct SignedBodyReceiptTests {
    static let later = t0.addingTimeInterval(400 * 86_400)
    static let bodyID = DeliveryReceipt.signedBodyPrefix + String(repeating: "ab", count: 32)

    private static func comment(_ store: Store, id: String, source: String) async throws -> Store.TransitionResult {
        try await store.apply(draftID: 1, receipt: DeliveryReceipt(source: source, id: id, at: t0)) { draft, _ in
            try Workflow.decide(
                Request(.comment, message: "from \(source)"), on: draft, by: Actor(user: approver),
                directory: ladderRules, now: t0)
        }
    }

    @Test func aSignedBodysReceiptOutlivesTheRetentionAndItsReplayChangesNothing() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        _ = try await submitted(store)
        guard case .fresh = try await Self.comment(store, id: Self.bodyID, source: "gh"),
            case .fresh = try await Self.comment(store, id: "msg_1", source: "std")
        else {
            Issue.record("the first deliveries were not fresh")
            return
        }
        // Long after any retention: the standard receipt goes, the signed body's stays.
        let batch = try await store.retentionBatch(
            deliveredBefore: Self.later, receivedBefore: Self.later, sinks: [], orphanedBefore: t0, limit: 100)
        #expect(batch.receiptsPurged == 1)
        #expect(try await store.receiptCount() == 1)
        guard case .duplicate = try await Self.comment(store, id: Self.bodyID, source: "gh") else {
            Issue.record("a replayed signed body acted again after the retention")
            return
        }
        #expect(try await store.events(draftID: 1).map(\.kind) == [.create, .submit, .comment, .comment])
        // Nothing left to purge: the kept receipt does not keep retention busy either.
        let again = try await store.retentionBatch(
            deliveredBefore: Self.later, receivedBefore: Self.later, sinks: [], orphanedBefore: t0, limit: 100)
        #expect(again.receiptsPurged == 0 && !again.more)
    }

    @Test func retentionReadsTheIndexThatLeavesKeptReceiptsOut() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        #expect(Store.expiringReceipt.contains("'\(DeliveryReceipt.signedBodyPrefix)'"))
        let plan = try await store.retentionPlan()
        #expect(plan.contains { $0.contains("INDEX webhook_receipts_by_at (at<?)") }, "\(plan)")
        let definition = try await store.receiptIndex()
        #expect(definition.hasSuffix("WHERE " + Store.expiringReceipt), "\(definition)")
    }
}

extension Store {
    /// How SQLite runs retention's choice of receipts.
    fileprivate func retentionPlan() throws -> [String] {
        var plan: [String] = []
        try db.query(
            """
            EXPLAIN QUERY PLAN SELECT source, id FROM webhook_receipts WHERE at < 1 AND \(Self.expiringReceipt)
            ORDER BY at LIMIT 10
            """
        ) { plan.append($0.text(3)) }
        return plan
    }

    fileprivate func receiptIndex() throws -> String {
        var definition = ""
        try db.query("SELECT sql FROM sqlite_master WHERE name = 'webhook_receipts_by_at'") { definition = $0.text(0) }
        return definition
    }
}
