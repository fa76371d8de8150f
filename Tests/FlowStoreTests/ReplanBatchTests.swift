import FlowCore
import Foundation
import Testing

@testable import FlowStore

/// Re-planning reads and writes one batch of drafts in review per call, so that transitions are served between
/// batches; the cursor walks every draft in review once.
@Suite struct ReplanBatchTests {
    @Test func eachCallTakesOneBatchAndTheCursorWalksEveryDraftInReviewOnce() async throws {
        let dir = TempDir()
        let store = try Store(path: dir.database)
        var inReview: [Int64] = []
        for index in 0..<5 {
            let id = try await create(store, title: "T\(index)").draft.id
            _ = try await act(store, id, .submit, by: author)
            inReview.append(id)
        }
        _ = try await create(store, title: "still a draft")
        let offered = Shared<[Int64]>([])
        var cursor: Int64? = 0
        var calls = 0
        while let after = cursor {
            let batch = try await store.replanReviews(after: after, batch: 2) { draft, _, _ in
                offered.withLock { $0.append(draft.id) }
                return nil
            }
            #expect(batch.decisions.isEmpty)
            cursor = batch.next
            calls += 1
        }
        let seen = offered.withLock { $0 }
        #expect(seen == inReview)
        #expect(calls == 3, "batches of 2, 2 and 1")
    }
}
