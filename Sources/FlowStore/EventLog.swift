public import FlowCore
import Foundation

/// Events across drafts in id order: one writer gives each new event the largest id plus one, and events are never
/// deleted, so committed order is id order, and a reader that asks for "after N" never skips one.
extension Store {
    public func events(after id: Int64, limit: Int) async throws -> [LoggedEvent] {
        var out: [LoggedEvent] = []
        try db.query(
            """
            SELECT e.id, e.draft_id, e.at, e.actor, e.via, e.action, e.from_state, e.to_state, e.revision, e.message,
                e.data, d.client
            FROM events e JOIN drafts d ON d.id = e.draft_id WHERE e.id > ? ORDER BY e.id LIMIT ?
            """, [.int(id), .int(Int64(limit))]
        ) { row in out.append(LoggedEvent(event: try decodeEvent(row), client: row.text(11))) }
        return out
    }

    /// The newest event's id (0 when there is none).
    public func lastEventID() async throws -> Int64 {
        return try db.scalar("SELECT coalesce(max(id), 0) FROM events") ?? 0
    }

    /// The newest event's id among the drafts of `clients` (0 when there is none): all that someone narrowed to
    /// those clients may learn of the history's length.
    public func lastEventID(clients: Set<String>) async throws -> Int64 {
        let scope = Self.scopeFilter(clients, column: "d.client")
        return try db.scalar(
            "SELECT coalesce(max(e.id), 0) FROM drafts d JOIN events e ON e.draft_id = d.id WHERE 1\(scope.sql)",
            scope.params) ?? 0
    }
}

extension Store {
    /// Draft counts by client and state, for the metrics.
    public func countsByClientAndState() async throws -> [String: [DraftState: Int]] {
        var out: [String: [DraftState: Int]] = [:]
        try db.query("SELECT client, state, count(*) FROM drafts GROUP BY client, state") { row in
            if let state = DraftState(rawValue: row.text(1)) { out[row.text(0), default: [:]][state] = Int(row.int(2)) }
        }
        return out
    }
}
