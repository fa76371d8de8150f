public import FlowCore
public import Foundation

/// The listings of drafts `flowctl ls` pages through: newest first, or most overdue first, narrowed by a
/// `DraftFilter` and the caller's scope. Each condition has an index to read: the state's, the author's, the publish
/// time's, `draft_names` for labels and channels, and `drafts_text` (FTS5) for words.
extension Store {
    /// Drafts in id order, newest first; `before` pages through older ones.
    public func drafts(
        _ filter: DraftFilter = DraftFilter(), limit: Int = 100, before: Int64? = nil, clients: Set<String>? = nil
    ) async throws -> [Draft] {
        var (sql, params) = Self.conditions(filter, clients: clients)
        if let before {
            sql += " AND id < ?"
            params.append(.int(before))
        }
        var out: [Draft] = []
        try db.query(
            "SELECT \(draftColumns) FROM drafts WHERE 1\(sql) ORDER BY id DESC LIMIT ?", params + [.int(Int64(limit))]
        ) { out.append(try decodeDraft($0)) }
        return out
    }

    /// Drafts whose current state's deadline has passed, most overdue first; `after`, the last one of a page, pages
    /// through the rest.
    public func overdue(
        now: Date, limit: Int, after: Draft? = nil, clients: Set<String>? = nil, filter: DraftFilter = DraftFilter()
    ) async throws -> [Draft] {
        var (sql, params) = Self.conditions(filter, clients: clients)
        if let after, let due = after.dueAt {
            sql += " AND (due_at > ? OR (due_at = ? AND id > ?))"
            params += [.int(due.millis), .int(due.millis), .int(after.id)]
        }
        var out: [Draft] = []
        try db.query(
            """
            SELECT \(draftColumns) FROM drafts WHERE due_at IS NOT NULL AND due_at <= ?
            AND state IN ('draft', 'review', 'approved')\(sql) ORDER BY due_at, id LIMIT ?
            """, [.int(now.millis)] + params + [.int(Int64(limit))]
        ) { out.append(try decodeDraft($0)) }
        return out
    }

    /// ` AND …` for each condition of `filter` and for the scope, with the values to bind: nothing a person typed
    /// is ever part of the SQL.
    static func conditions(_ filter: DraftFilter, clients: Set<String>?) -> (sql: String, params: [SQLValue]) {
        var sql = ""
        var params: [SQLValue] = []
        func add(_ condition: String, _ values: SQLValue...) {
            sql += " AND " + condition
            params += values
        }
        if let state = filter.state { add("state = ?", .text(state.rawValue)) }
        if filter.open {
            let open = DraftState.allCases.filter { !$0.isTerminal }
            add("state IN (" + open.map { _ in "?" }.joined(separator: ", ") + ")")
            params += open.map { .text($0.rawValue) }
        }
        if let author = filter.author { add("author = ?", .text(author)) }
        if let label = filter.label {
            add("id IN (SELECT draft_id FROM draft_names WHERE kind = 'label' AND name = ?)", .text(label))
        }
        if let channel = filter.channel {
            add("id IN (SELECT draft_id FROM draft_names WHERE kind = 'channel' AND name = ?)", .text(channel))
        }
        if let from = filter.publishFrom { add("publish_at >= ?", .int(from.millis)) }
        if let to = filter.publishTo { add("publish_at < ?", .int(to.millis)) }
        if let search = filter.search {
            add("id IN (SELECT rowid FROM drafts_text WHERE drafts_text MATCH ?)", .text(search.matchQuery))
        }
        let scope = scopeFilter(clients, column: "client")
        return (sql + scope.sql, params + scope.params)
    }
}

extension DraftSearch {
    /// FTS5's query for the words: each one a string, its quotes doubled, so that `OR`, `NEAR(`, `*`, `-` or `"` in
    /// what a person typed are text to find and never syntax. A draft must hold every word, each as the start of a
    /// word of its title or body ("launch" finds "launches"); case and accents do not count (the table's tokenizer).
    var matchQuery: String {
        words.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\" *" }.joined(separator: " AND ")
    }
}
