public import FlowCore
import Foundation

extension Store {
    /// Offers the next `batch` drafts in review after `cursor` (an id) to `decide`, with each one's pending timers
    /// and the rules of the steps that fired in its current review round, and writes what it returns, in one
    /// transaction. Returns the cursor for the next batch, nil after the last. One batch per call: the caller's
    /// next call queues behind whatever else waits for the store, so transitions are served between batches
    /// instead of after all of them (one pass over every draft in review held the writer far longer than a request
    /// may wait). A batch re-plans at most `batch` drafts, about 100 µs each when each is rewritten; they stay out of
    /// the draft cache, which holds the drafts people act on.
    public func replanReviews(
        after cursor: Int64, batch: Int = 16, outbox: OutboxPlanner? = nil,
        _ decide: (Draft, _ pending: [PendingTimer], _ fired: Set<String>) -> Decision?
    ) async throws -> (decisions: [Decision], next: Int64?) {
        try await writing {
            var drafts: [Draft] = []
            try db.query(
                "SELECT \(draftColumns) FROM drafts WHERE state = 'review' AND id > ? ORDER BY id LIMIT ?",
                [.int(cursor), .int(Int64(batch))]
            ) { drafts.append(try decodeDraft($0)) }
            var out: [Decision] = []
            for draft in drafts {
                guard var decision = decide(draft, try loadTimers(draftID: draft.id), try firedThisRound(draft))
                else { continue }
                try persist(&decision, previous: draft, remember: false)
                try enqueueNotifications(
                    for: decision, pending: try loadTimers(draftID: draft.id), outbox: outbox)
                out.append(decision)
            }
            return (out, drafts.count == batch ? drafts.last?.id : nil)
        }
    }

    /// The rules of ladder steps (and `Deadlines.deadlineRule`) that fired since the draft entered its state.
    func firedThisRound(_ draft: Draft) throws -> Set<String> {
        guard let entered = draft.enteredAt else { return [] }
        var out: Set<String> = []
        let kinds: [EventKind] = [.remind, .warn, .escalate, .deadlineMissed]
        try db.query(
            """
            SELECT action, data FROM events WHERE draft_id = ? AND at >= ?
            AND action IN (\(kinds.map { _ in "?" }.joined(separator: ", ")))
            """, [.int(draft.id), .int(entered.millis)] + kinds.map { .text($0.rawValue) }
        ) { row in
            let event = Event(
                draftID: draft.id, at: entered, actor: "", kind: try eventKind(row.text(0)), from: nil, to: .review,
                revision: 0, data: try JSONColumns.map(row.text(1)))
            if let missed = event.missedTimer {
                if missed != .acknowledgement { out.insert(Deadlines.deadlineRule) }
            } else if let rule = event.data["rule"] {
                out.insert(rule)
            }
        }
        return out
    }
}
