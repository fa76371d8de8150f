public import FlowCore
public import Foundation

/// Queries: drafts, events, counts, the agenda, overdue and orphaned drafts, each filtered by the caller's scope.
extension Store {
    public func draft(_ id: Int64) async throws -> Draft? {
        return try loadDraft(id)
    }

    /// A draft's history, oldest first; `after` and `limit` page through a long one.
    public func events(draftID: Int64, after: Int64 = 0, limit: Int = Int(Int32.max)) async throws -> [Event] {
        var out: [Event] = []
        try db.query(
            """
            SELECT id, draft_id, at, actor, via, action, from_state, to_state, revision, message, data
            FROM events WHERE draft_id = ? AND id > ? ORDER BY id LIMIT ?
            """, [.int(draftID), .int(after), .int(Int64(limit))]
        ) { row in out.append(try decodeEvent(row)) }
        return out
    }

    /// A review round's comments for a page: the newest `limit` (oldest first) since `since`, when the draft entered
    /// review, read with a limit; and how many came before them in the round.
    public func roundComments(draftID: Int64, since: Date?, limit: Int) async throws -> RoundComments {
        var newest: [Event] = []
        let start = Int64(since?.millis ?? 0)
        try db.query(
            """
            SELECT id, draft_id, at, actor, via, action, from_state, to_state, revision, message, data
            FROM events WHERE draft_id = ? AND action = 'comment' AND at >= ? ORDER BY id DESC LIMIT ?
            """, [.int(draftID), .int(start), .int(Int64(limit))]
        ) { row in newest.append(try decodeEvent(row)) }
        var earlier = 0
        if newest.count == limit, let oldest = newest.last {
            earlier = Int(
                try db.scalar(
                    "SELECT count(*) FROM events WHERE draft_id = ? AND action = 'comment' AND at >= ? AND id < ?",
                    [.int(draftID), .int(start), .int(oldest.id)]) ?? 0)
        }
        return RoundComments(newest: newest.reversed(), earlier: earlier)
    }

    /// How many comments `actor` made through review links on `revision` of a draft: a link's person's share of the
    /// round (`LinkCommentBudget.perRound`).
    public func linkComments(draftID: Int64, actor: String, revision: Int) async throws -> Int {
        Int(
            try db.scalar(
                """
                SELECT count(*) FROM events WHERE draft_id = ? AND action = 'comment' AND actor = ? AND revision = ?
                AND via = ?
                """, [.int(draftID), .text(actor), .int(Int64(revision)), .text(Actor.reviewLink)]) ?? 0)
    }

    /// Whether `actor` did `kind` on `revision` of a draft: what a page's outcome (`?done=`) reads, in place of the
    /// whole history.
    public func hasEvent(draftID: Int64, actor: String, revision: Int, kind: EventKind) async throws -> Bool {
        try db.scalar(
            """
            SELECT count(*) FROM (SELECT 1 FROM events WHERE draft_id = ? AND actor = ? AND revision = ? AND action = ?
            LIMIT 1)
            """, [.int(draftID), .text(actor), .int(Int64(revision)), .text(kind.rawValue)]) == 1
    }

    /// The outcome a delivery's transition stored, if it made one: a redelivery is answered from it, before any
    /// work the delivery would start (a medium's fetch) is done again.
    public func deliveryOutcome(source: String, id: String) async throws -> DeliveryOutcome? {
        try storedOutcome(source: source, id: id)
    }

    /// `webhook_receipts`' outcome of a delivery, read in the caller's transaction when it has one.
    func storedOutcome(source: String, id: String) throws -> DeliveryOutcome? {
        var stored: String?
        try db.query(
            "SELECT outcome FROM webhook_receipts WHERE source = ? AND id = ?", [.text(source), .text(id)]
        ) { stored = $0.text(0) }
        return stored.map { DeliveryOutcome(storedText: $0) }
    }

    public func countsByState(clients: Set<String>? = nil) async throws -> [DraftState: Int] {
        var out: [DraftState: Int] = [:]
        let scope = Self.scopeFilter(clients, column: "client")
        try db.query("SELECT state, count(*) FROM drafts WHERE 1\(scope.sql) GROUP BY state", scope.params) { row in
            if let state = DraftState(rawValue: row.text(0)) { out[state] = Int(row.int(1)) }
        }
        return out
    }

    /// Pending timers due before `until`, soonest first, with their drafts; `clients` is the caller's scope.
    public func agenda(until: Date, limit: Int, clients: Set<String>? = nil) async throws -> [(PendingTimer, Draft)] {
        var timers: [PendingTimer] = []
        let scope = Self.scopeFilter(clients, column: "d.client")
        let columns = timerColumns.split(separator: ",").map { "t." + $0.trimmingCharacters(in: .whitespaces) }
        try db.query(
            """
            SELECT \(columns.joined(separator: ", ")) FROM timers t JOIN drafts d ON d.id = t.draft_id
            WHERE t.due_at <= ?\(scope.sql) ORDER BY t.due_at, t.id LIMIT ?
            """,
            [.int(until.millis)] + scope.params + [.int(Int64(limit))]
        ) { timers.append(decodeTimer($0)) }
        return try timers.compactMap { timer in try loadDraft(timer.draftID).map { (timer, $0) } }
    }

    /// Drafts with a publish time in `[from, to)`, soonest first, for the editorial calendar; at most `limit`.
    public func planned(from: Date, to: Date, limit: Int, clients: Set<String>? = nil) async throws -> [Draft] {
        var out: [Draft] = []
        let scope = Self.scopeFilter(clients, column: "client")
        try db.query(
            """
            SELECT \(draftColumns) FROM drafts WHERE publish_at IS NOT NULL AND publish_at >= ? AND publish_at < ?
            AND state != 'withdrawn'\(scope.sql) ORDER BY publish_at, id LIMIT ?
            """, [.int(from.millis), .int(to.millis)] + scope.params + [.int(Int64(limit))]
        ) { out.append(try decodeDraft($0)) }
        return out
    }

    public func pendingTimerCount(clients: Set<String>? = nil) async throws -> Int {
        let scope = Self.scopeFilter(clients, column: "d.client")
        return Int(
            try db.scalar(
                "SELECT count(*) FROM timers t JOIN drafts d ON d.id = t.draft_id WHERE 1\(scope.sql)", scope.params)
                ?? 0)
    }

    /// Open drafts whose client is not among `known` (the config's): the count and the first `limit` ids.
    public func orphans(known: Set<String>, limit: Int = 20) async throws -> (count: Int, ids: [Int64]) {
        let names = known.sorted()
        let list = names.isEmpty ? "" : " AND client NOT IN (" + names.map { _ in "?" }.joined(separator: ", ") + ")"
        let filter = "state IN ('draft', 'review', 'approved')" + list
        let params = names.map { SQLValue.text($0) }
        let count = Int(try db.scalar("SELECT count(*) FROM drafts WHERE \(filter)", params) ?? 0)
        var ids: [Int64] = []
        try db.query("SELECT id FROM drafts WHERE \(filter) ORDER BY id LIMIT ?", params + [.int(Int64(limit))]) {
            ids.append($0.int(0))
        }
        return (count, ids)
    }

    /// ` AND column IN (…)` for a scope's clients; nothing for no scope, and a filter that matches nothing
    /// for an empty one.
    static func scopeFilter(_ clients: Set<String>?, column: String) -> (sql: String, params: [SQLValue]) {
        guard let clients else { return ("", []) }
        guard !clients.isEmpty else { return (" AND 0", []) }
        let names = clients.sorted()
        return (
            " AND \(column) IN (" + names.map { _ in "?" }.joined(separator: ", ") + ")", names.map { .text($0) }
        )
    }
}
