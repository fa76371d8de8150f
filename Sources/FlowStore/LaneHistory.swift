public import FlowCore
public import Foundation

/// The history `flowctl policy simulate` fits its model to: the events since a time of one client's drafts in one
/// lane, read like the report on a read-only connection of its own inside one read transaction, so it never holds up
/// the store's writer. Not thread-safe; the owner runs it on a thread of the blocking pool.
public enum LaneHistory {
    /// Each draft's events since `since`, in the order recorded, by draft id; events of kinds this flowd does not
    /// know (a newer database) are left out.
    public static func read(database path: String, client: String, lane: Lane, since: Date) throws -> [[Event]] {
        let db = try Connection(path: path, readOnly: true)
        try db.exec("PRAGMA busy_timeout=5000; BEGIN")
        defer { try? db.exec("COMMIT") }
        var drafts: [[Event]] = []
        var current: Int64 = -1
        try db.query(
            """
            SELECT e.draft_id, e.at, e.actor, e.action, e.to_state FROM drafts d
            CROSS JOIN events e ON e.draft_id = d.id AND e.at >= ?3
            WHERE d.client = ?1 AND d.lane = ?2 ORDER BY e.draft_id, e.id
            """, [.text(client), .text(lane.rawValue), .int(since.millis)]
        ) { row in
            guard let kind = EventKind(rawValue: row.text(3)), let to = DraftState(rawValue: row.text(4)) else {
                return
            }
            let event = Event(
                draftID: row.int(0), at: Date(millis: row.int(1)), actor: row.text(2), kind: kind, from: nil, to: to,
                revision: 0)
            if event.draftID != current {
                current = event.draftID
                drafts.append([])
            }
            drafts[drafts.count - 1].append(event)
        }
        return drafts
    }
}
