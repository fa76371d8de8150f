extension Store {
    /// Outbox counts by sink and state, of the rows about drafts of `clients` only: what a person narrowed to those
    /// clients may be shown of a sink that also carries other clients' notifications.
    public func outboxCounts(clients: Set<String>) async throws -> [String: [String: Int]] {
        let scope = Self.scopeFilter(clients, column: "client")
        var out: [String: [String: Int]] = [:]
        try db.query(
            """
            SELECT sink, CASE WHEN skipped THEN 'skipped' ELSE state END AS shown, count(*) FROM outbox
            WHERE draft_id IN (SELECT id FROM drafts WHERE 1\(scope.sql)) GROUP BY 1, 2
            """, scope.params
        ) { out[$0.text(0), default: [:]][$0.text(1)] = Int($0.int(2)) }
        return out
    }
}
