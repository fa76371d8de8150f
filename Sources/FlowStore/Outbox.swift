public import FlowCore
public import Foundation

extension Store {
    private static let outboxColumns = """
        id, sink, webhook_id, type, draft_id, event_id, payload, state, created_at, next_attempt_at, attempts,
        first_attempt_at, last_attempt_at, last_status, last_error, delivered_at, target, skipped
        """

    private func decodeOutbox(_ row: Row) -> OutboxRow {
        OutboxRow(
            id: row.int(0), sink: row.text(1), webhookID: row.text(2), type: row.text(3), draftID: row.int(4),
            eventID: row.int(5), payload: row.text(6), state: row.text(7), createdAt: Date(millis: row.int(8)),
            nextAttemptAt: row.optionalInt(9).map(Date.init(millis:)), attempts: Int(row.int(10)),
            firstAttemptAt: row.optionalInt(11).map(Date.init(millis:)),
            lastAttemptAt: row.optionalInt(12).map(Date.init(millis:)), lastStatus: row.optionalInt(13).map { Int($0) },
            lastError: row.optionalText(14), deliveredAt: row.optionalInt(15).map(Date.init(millis:)),
            target: row.optionalText(16), skipped: row.int(17) != 0)
    }

    /// Queues one message to an address of its own (a Slack `response_url`) through `sink`'s delivery rules, in
    /// a transaction of its own: the reply to an interaction, after the transition it answers committed.
    public func enqueueReply(
        sink: String, type: String, draftID: Int64, eventID: Int64, payload: String, target: String, at now: Date
    ) async throws {
        try await writing {
            try db.run(
                """
                INSERT INTO outbox (sink, webhook_id, type, draft_id, event_id, payload, state, created_at,
                    next_attempt_at, target)
                VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)
                """,
                [
                    .text(sink), .text(Self.newWebhookID()), .text(type), .int(draftID), .int(eventID), .text(payload),
                    .int(now.millis), .int(now.millis), .text(target),
                ])
        }
    }

    /// The oldest delivery of `sink` that is due by `now`.
    public func dueDelivery(sink: String, now: Date) async throws -> OutboxRow? {
        var out: OutboxRow?
        try db.query(
            """
            SELECT \(Self.outboxColumns) FROM outbox WHERE sink = ? AND state = 'pending' AND next_attempt_at <= ?
            ORDER BY next_attempt_at, id LIMIT 1
            """, [.text(sink), .int(now.millis)]
        ) { out = decodeOutbox($0) }
        return out
    }

    /// When the next pending delivery of any of `sinks` comes due.
    public func nextDeliveryDue(sinks: [String]) async throws -> Date? {
        var earliest: Int64?
        for sink in sinks {
            if let due = try db.scalar(
                "SELECT min(next_attempt_at) FROM outbox WHERE sink = ? AND state = 'pending'", [.text(sink)])
            {
                earliest = min(earliest ?? due, due)
            }
        }
        return earliest.map(Date.init(millis:))
    }

    /// Records the outcome of one attempt. A 410 also disables the sink and dead-letters what it still had pending.
    /// `skipped`: the sink took it, and it reached nobody (kept with the delivered rows, counted apart).
    public func recordAttempt(
        id: Int64, at: Date, status: Int?, error: String?, verdict: AttemptVerdict, skipped: Bool = false
    ) async throws {
        try db.exec("BEGIN IMMEDIATE")
        do {
            func update(_ changes: String, error: String?, extra: [SQLValue] = []) throws {
                try db.run(
                    """
                    UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?2, last_status = ?3, last_error = ?4,
                    first_attempt_at = coalesce(first_attempt_at, ?2), \(changes) WHERE id = ?1
                    """,
                    [
                        .int(id), .int(at.millis), status.map { .int(Int64($0)) } ?? .null,
                        error.map { .text($0) } ?? .null,
                    ]
                        + extra)
            }
            switch verdict {
            case .delivered:
                // On a delivered row the column holds what the sink said ("exit 0: mailed …"), if anything.
                try update(
                    "state = 'delivered', delivered_at = ?2, next_attempt_at = NULL, skipped = ?5", error: error,
                    extra: [.int(skipped ? 1 : 0)])
            case .retry(let next):
                try update("next_attempt_at = ?5", error: error, extra: [.int(next.millis)])
            case .deadLetter(let reason):
                try update("state = 'dead', next_attempt_at = NULL", error: reason)
            case .sinkGone:
                let reason = "HTTP 410 Gone"
                try update("state = 'dead', next_attempt_at = NULL", error: "\(reason): the sink is disabled")
                var sink = ""
                try db.query("SELECT sink FROM outbox WHERE id = ?", [.int(id)]) { sink = $0.text(0) }
                try db.run(
                    "INSERT OR REPLACE INTO sinks (name, disabled_at, reason) VALUES (?, ?, ?)",
                    [.text(sink), .int(at.millis), .text(reason)])
                try db.run(
                    """
                    UPDATE outbox SET state = 'dead', next_attempt_at = NULL, last_error = 'sink disabled: ' || ?2
                    WHERE sink = ?1 AND state = 'pending'
                    """, [.text(sink), .text(reason)])
            }
            try db.exec("COMMIT")
        } catch {
            try? db.exec("ROLLBACK")
            throw error
        }
    }

    /// Outbox rows, newest first; `failedOnly` keeps those not delivered that have failed at least once.
    /// `clients` is the caller's scope: rows of drafts of other clients are left out.
    public func outbox(
        sink: String? = nil, failedOnly: Bool = false, limit: Int = 50, before: Int64? = nil,
        clients: Set<String>? = nil
    ) async throws -> [OutboxRow] {
        var conditions: [String] = []
        var params: [SQLValue] = []
        if let clients {
            let scope = Self.scopeFilter(clients, column: "client")
            conditions.append("draft_id IN (SELECT id FROM drafts WHERE 1\(scope.sql))")
            params += scope.params
        }
        if let sink {
            conditions.append("sink = ?")
            params.append(.text(sink))
        }
        if failedOnly { conditions.append("(state = 'dead' OR (state = 'pending' AND attempts > 0))") }
        if let before {
            conditions.append("id < ?")
            params.append(.int(before))
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        var out: [OutboxRow] = []
        try db.query(
            "SELECT \(Self.outboxColumns) FROM outbox \(filter) ORDER BY id DESC LIMIT ?", params + [.int(Int64(limit))]
        ) { out.append(decodeOutbox($0)) }
        return out
    }

    func loadOutboxRow(_ id: Int64) throws -> OutboxRow? {
        var out: OutboxRow?
        try db.query("SELECT \(Self.outboxColumns) FROM outbox WHERE id = ?", [.int(id)]) { out = decodeOutbox($0) }
        return out
    }

    /// Sends a delivery again from a clean slate (same webhook-id), and re-enables its sink if a 410 disabled it.
    /// Nil when there is no such row; a delivered row is left alone and returned as is.
    public func retryDelivery(_ id: Int64, now: Date) async throws -> OutboxRow? {
        try db.exec("BEGIN IMMEDIATE")
        do {
            guard let row = try loadOutboxRow(id) else {
                try db.exec("COMMIT")
                return nil
            }
            if row.state != "delivered" {
                try db.run(
                    """
                    UPDATE outbox SET state = 'pending', attempts = 0, first_attempt_at = NULL, next_attempt_at = ?2
                    WHERE id = ?1
                    """, [.int(id), .int(now.millis)])
                try db.run("DELETE FROM sinks WHERE name = ?", [.text(row.sink)])
            }
            try db.exec("COMMIT")
            return try loadOutboxRow(id)
        } catch {
            try? db.exec("ROLLBACK")
            throw error
        }
    }

    public func disabledSinks() async throws -> [DisabledSink] {
        var out: [DisabledSink] = []
        try db.query("SELECT name, disabled_at, reason FROM sinks ORDER BY name") {
            out.append(DisabledSink(name: $0.text(0), disabledAt: Date(millis: $0.int(1)), reason: $0.text(2)))
        }
        return out
    }

    /// Outbox row counts by sink and state.
    public func outboxCounts() async throws -> [String: [String: Int]] {
        var out: [String: [String: Int]] = [:]
        try db.query(
            "SELECT sink, CASE WHEN skipped THEN 'skipped' ELSE state END AS shown, count(*) FROM outbox GROUP BY 1, 2"
        ) {
            out[$0.text(0), default: [:]][$0.text(1)] = Int($0.int(2))
        }
        return out
    }
}
