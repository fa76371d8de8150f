public import FlowCore
public import Foundation

/// Crises by client: at most one running per client (a unique index says so too).
extension Store {
    /// Starts a crisis and writes the notices `notices` makes of it, in one transaction; nil when one is running for
    /// the client already (the running one stays as it is, and nothing is sent).
    public func startCrisis(
        client: String, message: String, by actor: String, at now: Date, notices: (Crisis) -> [OutboxMessage]
    ) async throws -> Crisis? {
        try await writing {
            if try runningCrisis(client) != nil { return nil }
            try db.run(
                "INSERT INTO crises (client, message, started_at, started_by) VALUES (?, ?, ?, ?)",
                [.text(client), .text(message), .int(now.millis), .text(actor)])
            let crisis = Crisis(
                id: db.lastInsertID, client: client, message: message, startedAt: now, startedBy: actor)
            for notice in notices(crisis) { try enqueue(notice, at: now) }
            return crisis
        }
    }

    /// Ends the client's running crisis and returns it; nil when none runs.
    public func endCrisis(client: String, by actor: String, at now: Date) async throws -> Crisis? {
        try await writing {
            guard var crisis = try runningCrisis(client) else { return nil }
            try db.run(
                "UPDATE crises SET ended_at = ?, ended_by = ? WHERE id = ?",
                [.int(now.millis), .text(actor), .int(crisis.id)])
            crisis.endedAt = now
            crisis.endedBy = actor
            return crisis
        }
    }

    /// Running crises, of the given clients only when `clients` is set.
    public func runningCrises(clients: Set<String>? = nil) async throws -> [Crisis] {
        var out: [Crisis] = []
        let scope = Self.scopeFilter(clients, column: "client")
        try db.query(
            "SELECT \(Self.crisisColumns) FROM crises WHERE ended_at IS NULL\(scope.sql) ORDER BY client", scope.params
        ) { out.append(Self.decodeCrisis($0)) }
        return out
    }

    /// The client's running crisis, if any.
    public func runningCrisis(client: String) async throws -> Crisis? {
        return try runningCrisis(client)
    }

    private func runningCrisis(_ client: String) throws -> Crisis? {
        var out: Crisis?
        try db.query(
            "SELECT \(Self.crisisColumns) FROM crises WHERE client = ? AND ended_at IS NULL", [.text(client)]
        ) { out = Self.decodeCrisis($0) }
        return out
    }

    static let crisisColumns = "id, client, message, started_at, started_by, ended_at, ended_by"

    static func decodeCrisis(_ row: Row) -> Crisis {
        Crisis(
            id: row.int(0), client: row.text(1), message: row.text(2), startedAt: Date(millis: row.int(3)),
            startedBy: row.text(4), endedAt: row.optionalInt(5).map(Date.init(millis:)), endedBy: row.optionalText(6))
    }
}
