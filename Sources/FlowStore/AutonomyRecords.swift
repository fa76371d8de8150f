public import FlowCore
import Foundation

/// Earned autonomy's record: the lane's decided drafts since autonomy was last lost, and the losses.
extension Store {
    func readAutonomyRecord(client: String, lane: Lane, size: Int) throws -> AutonomyRecord {
        var record = AutonomyRecord()
        try db.query(
            "SELECT at FROM autonomy_lost WHERE client = ? AND lane = ?", [.text(client), .text(lane.rawValue)]
        ) { record.lostAt = Date(millis: $0.int(0)) }
        try db.query(
            """
            SELECT changes_requested FROM drafts
            WHERE client = ? AND lane = ? AND decided_at IS NOT NULL AND template IS NULL AND from_template IS NULL
                AND decided_at > ?
            ORDER BY decided_at DESC, id DESC LIMIT ?
            """, [.text(client), .text(lane.rawValue), .int(record.lostAt?.millis ?? Int64.min), .int(Int64(size))]
        ) { record.unchanged.append($0.int(0) == 0) }
        return record
    }

    /// The record of one lane, for `policy explain`, `show` and the report.
    public func autonomyRecord(client: String, lane: Lane, size: Int) async throws -> AutonomyRecord {
        return try readAutonomyRecord(client: client, lane: lane, size: size)
    }

    /// Records that the lane lost its autonomy, and sends its other drafts in an objection window back to normal
    /// review, all in the transaction of the request for changes that lost it.
    func recordLoss(
        _ loss: AutonomyLoss, except draftID: Int64, outbox: OutboxPlanner?,
        _ end: (Draft, [PendingTimer], String) -> Decision?
    ) throws -> [Decision] {
        if loss.lost {
            try db.run(
                """
                INSERT INTO autonomy_lost (client, lane, at, reason) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT(client, lane) DO UPDATE SET at = ?3, reason = ?4
                """, [.text(loss.client), .text(loss.lane.rawValue), .int(loss.at.millis), .text(loss.reason)])
        }
        var waiting: [Draft] = []
        try db.query(
            """
            SELECT \(draftColumns) FROM drafts
            WHERE client = ? AND lane = ? AND review_mode = 'unless-objected' AND state = 'review' AND id != ?
            """, [.text(loss.client), .text(loss.lane.rawValue), .int(draftID)]
        ) { waiting.append(try decodeDraft($0)) }
        var out: [Decision] = []
        for draft in waiting {
            guard var decision = end(draft, try loadTimers(draftID: draft.id), loss.reason) else { continue }
            try persist(&decision, previous: draft)
            try enqueueNotifications(for: decision, pending: try loadTimers(draftID: draft.id), outbox: outbox)
            out.append(decision)
        }
        return out
    }
}
