public import FlowCore
public import Foundation

/// Templates: drafts with a name, found by it, and their uses counted through `from_template`.
extension Store {
    func context(_ lookup: ContextLookup, draft: Draft?) throws -> DecisionContext {
        var context = DecisionContext()
        if let draft, let size = lookup.autonomyRecord?(draft.client, draft.lane) {
            context.autonomy = try readAutonomyRecord(client: draft.client, lane: draft.lane, size: size)
        }
        guard let (client, name) = lookup.template else { return context }
        context.template = try loadTemplate(client: client, name: name)
        if let since = lookup.usesSince, let template = context.template {
            context.usesToday = Int(try uses(of: template.id, since: since))
        }
        return context
    }

    /// The live template of that name, else the newest withdrawn one (so that a revoked template says so).
    func loadTemplate(client: String, name: String) throws -> Draft? {
        var out: Draft?
        try db.query(
            """
            SELECT \(draftColumns) FROM drafts WHERE client = ? AND template = ?
            ORDER BY state = 'withdrawn', id DESC LIMIT 1
            """, [.text(client), .text(name)]
        ) { out = try decodeDraft($0) }
        return out
    }

    func uses(of template: Int64, since: Date) throws -> Int64 {
        try db.scalar(
            "SELECT count(*) FROM drafts WHERE from_template = ? AND created_at >= ?",
            [.int(template), .int(since.millis)]) ?? 0
    }

    /// The live template of that name, else the newest withdrawn one.
    public func template(client: String, name: String) async throws -> Draft? {
        return try loadTemplate(client: client, name: name)
    }

    /// Every template of the given clients (nil: all), live ones first, with the uses of each since `since`.
    public func templates(clients: Set<String>?, includeWithdrawn: Bool, usesSince since: (String) -> Date)
        async throws -> [(template: Draft, usesToday: Int)]
    {
        var drafts: [Draft] = []
        // The scope in SQL, so that the limit counts only what the caller may see.
        let only = clients.map { Array($0) } ?? []
        let inScope = clients == nil ? "" : "AND client IN (\(only.map { _ in "?" }.joined(separator: ", ")))"
        try db.query(
            """
            SELECT \(draftColumns) FROM drafts WHERE template IS NOT NULL \(inScope)
            \(includeWithdrawn ? "" : "AND state != 'withdrawn'") ORDER BY client, template, id DESC LIMIT 1000
            """, only.map { .text($0) }
        ) { drafts.append(try decodeDraft($0)) }
        return try drafts.map { ($0, Int(try uses(of: $0.id, since: since($0.client)))) }
    }
}
