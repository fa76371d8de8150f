public import FlowCore
public import Foundation

/// Absences (`Absence`): recorded after the rules have seen the ones already there, in the same transaction, so
/// that two recorded at once cannot overlap or make a chain of stand-ins go round.
extension Store {
    /// Records `absence` if `check`, given the absences that have not ended by `now`, lets it; returns it with its
    /// id.
    public func recordAbsence(
        _ absence: Absence, at now: Date, check: ([Absence]) throws -> Void
    ) async throws -> Absence {
        try await writing {
            try check(try currentAbsences(now))
            try db.run(
                """
                INSERT INTO absences (person, from_at, until_at, stand_in, message, set_by, set_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(absence.person), .int(absence.from.millis), .int(absence.until.millis),
                    absence.standIn.map { .text($0) } ?? .null, absence.message.map { .text($0) } ?? .null,
                    .text(absence.setBy), .int(now.millis),
                ])
            var recorded = absence
            recorded.id = db.lastInsertID
            return recorded
        }
    }

    /// The absences that have not ended by `now` (those under way and those to come), soonest first.
    public func absences(endingAfter now: Date) async throws -> [Absence] {
        try currentAbsences(now)
    }

    /// Ends `person`'s absence that holds at `now`, or calls off the next one to come if none holds; nil when they
    /// have neither.
    public func endAbsence(of person: String, at now: Date) async throws -> Absence? {
        try await writing {
            guard var absence = try currentAbsences(now).first(where: { $0.person == person }) else { return nil }
            try db.run("UPDATE absences SET ended_at = ? WHERE id = ?", [.int(now.millis), .int(absence.id)])
            absence.endedAt = now
            return absence
        }
    }

    /// The absences that held at some instant of `from..<to` (none called off before it began), soonest first.
    public func absences(overlapping from: Date, _ to: Date) async throws -> [Absence] {
        try absences(
            where: "from_at < ?2 AND until_at > ?1 AND (ended_at IS NULL OR (ended_at > ?1 AND ended_at > from_at))",
            [.int(from.millis), .int(to.millis)])
    }

    /// The absences with these ids, ended or not: those the daemon last moved drafts for (`Presence.ids`).
    public func absences(ids: [Int64]) async throws -> [Absence] {
        guard !ids.isEmpty else { return [] }
        return try absences(
            where: "id IN (\(ids.map { _ in "?" }.joined(separator: ", ")))", ids.map { .int($0) })
    }

    private func currentAbsences(_ now: Date) throws -> [Absence] {
        try absences(where: "until_at > ?1 AND (ended_at IS NULL OR ended_at > ?1)", [.int(now.millis)])
    }

    private func absences(where condition: String, _ parameters: [SQLValue]) throws -> [Absence] {
        var out: [Absence] = []
        try db.query(
            """
            SELECT id, person, from_at, until_at, stand_in, message, set_by, ended_at FROM absences
            WHERE \(condition) ORDER BY from_at, id
            """, parameters
        ) { row in
            out.append(
                Absence(
                    id: row.int(0), person: row.text(1), from: Date(millis: row.int(2)),
                    until: Date(millis: row.int(3)), standIn: row.optionalText(4), message: row.optionalText(5),
                    setBy: row.text(6), endedAt: row.optionalInt(7).map(Date.init(millis:))))
        }
        return out
    }
}
