public import FlowCore
import Foundation

/// The report's pass over the event history, on a read-only connection of its own and inside one read
/// transaction, so it sees a single committed state and never holds up the store's writer (WAL lets both run).
/// Not thread-safe; the owner runs it on a thread of the blocking pool.
///
/// Events are read in id order, which is commit order, in three sequential passes: the history before the period
/// of the drafts still in the loop when it starts (by `events_by_draft`), then every event from the first of the
/// period on (found by `events_by_at`), with each new draft's facts read by a second cursor over the drafts table
/// in step with the `create` events (ids of both grow together), and last the drafts overdue now.
public enum ReportScan {
    static let facts = "d.id, d.client, d.lane, d.channels, d.revision_author_side"
    /// `data` is only read (and parsed) for acknowledgements; SQLite does not decode a column nobody asks for.
    static let eventColumns = "e.draft_id, e.at, e.actor, e.action, e.to_state, e.data"

    public static func run(database path: String, into report: inout LoopReport) throws -> ReportScanStats {
        let db = try Connection(path: path, readOnly: true)
        try db.exec("PRAGMA busy_timeout=5000; BEGIN")
        defer { try? db.exec("COMMIT") }
        var stats = ReportScanStats()
        var channels: [String: [String]] = [:]
        let from = report.from.millis
        let to = report.to.millis
        // The first event of the period and the first after it, by time: the main pass reads the ids between.
        // Drafts created before the first are the ones whose earlier history may matter.
        let start =
            try db.scalar("SELECT id FROM events WHERE at >= ? ORDER BY at, id LIMIT 1", [.int(from)])
            ?? (try db.scalar("SELECT coalesce(max(id), 0) + 1 FROM events") ?? 1)
        let stop =
            try db.scalar("SELECT id FROM events WHERE at >= ? ORDER BY at, id LIMIT 1", [.int(to)]) ?? Int64.max
        let firstNew =
            try db.scalar(
                "SELECT draft_id FROM events WHERE id >= ? AND action = 'create' ORDER BY id LIMIT 1", [.int(start)])
            ?? Int64.max

        // Drafts in the loop when the period starts: their history so far sets where they stand. A draft that
        // ended before the period has not changed since (`updated_at`); comments afterwards count for nothing.
        // CROSS JOIN keeps the drafts outside: one range of `events_by_draft` per draft, not a pass over history.
        // (Cursors and loops rather than `query`'s closure: a closure that captures the report copies it per row.)
        let carried = try Cursor(
            db,
            """
            SELECT \(facts), \(eventColumns)
            FROM drafts d CROSS JOIN events e ON e.draft_id = d.id AND e.id < ?
            WHERE d.id < ? AND (d.state IN ('draft', 'review', 'approved') OR d.updated_at >= ?)
            ORDER BY d.id, e.id
            """, [start, firstNew, from])
        var current: Int64 = -1
        while let row = try carried.next() {
            if row.int(0) != current {
                current = row.int(0)
                report.begin(draft(row, at: 0, channels: &channels))
                stats.carriedIn += 1
            }
            if let event = event(row, at: 5) { report.record(event) }
        }

        let events = try Cursor(
            db, "SELECT \(eventColumns) FROM events e WHERE e.id >= ? AND e.id < ? ORDER BY e.id", [start, stop])
        // The facts of drafts created from here on come from a cursor in step with their create events.
        let drafts = try Cursor(db, "SELECT \(facts) FROM drafts d WHERE d.id >= ? ORDER BY d.id", [firstNew])
        var ahead: ReportDraft?
        while let row = try events.next() {
            stats.events += 1
            guard let event = event(row, at: 0), !report.record(event), event.kind == .create else { continue }
            if let read = ahead, read.id < event.draftID { ahead = nil }
            while ahead == nil, let row = try drafts.next() {
                let read = draft(row, at: 0, channels: &channels)
                if read.id >= event.draftID { ahead = read }
            }
            var found: ReportDraft?
            if let read = ahead, read.id == event.draftID {
                found = read
                ahead = nil
            } else {
                // Out of step (a draft id given by hand, say): ask for this one.
                let one = try Cursor(db, "SELECT \(facts) FROM drafts d WHERE d.id = ?", [event.draftID])
                found = try one.next().map { draft($0, at: 0, channels: &channels) }
            }
            guard let found else { continue }
            report.begin(found)
            report.record(event)
            stats.mostOpen = max(stats.mostOpen, report.openDrafts)
        }

        try overdue(db, into: &report, channels: &channels)
        return stats
    }

    /// The drafts past their deadline at the report's `now`, still in the loop.
    static func overdue(
        _ db: Connection, into report: inout LoopReport, channels: inout [String: [String]]
    ) throws {
        let overdue = try Cursor(
            db,
            """
            SELECT \(facts), d.state FROM drafts d
            WHERE d.due_at IS NOT NULL AND d.due_at <= ? AND d.state IN ('draft', 'review', 'approved')
            """, [report.now.millis])
        while let row = try overdue.next() {
            if let state = states(row.bytes(5)) { report.overdue(draft(row, at: 0, channels: &channels), state: state) }
        }
    }

    static let kinds = StoredNames<EventKind>()
    static let states = StoredNames<DraftState>()
    static let lanes = StoredNames<Lane>()
    static let sides = StoredNames<Side>()

    static func draft(_ row: Row, at i: Int32, channels: inout [String: [String]]) -> ReportDraft {
        // Drafts share a handful of channel lists: each distinct text is parsed once.
        let text = row.text(i + 3)
        let list: [String]
        if let known = channels[text] {
            list = known
        } else {
            list = (try? JSONColumns.strings(text)) ?? []
            if channels.count < 4096 { channels[text] = list }
        }
        return ReportDraft(
            id: row.int(i), client: row.text(i + 1), lane: lanes(row.bytes(i + 2)) ?? .normal, channels: list,
            authorSide: sides(row.bytes(i + 4)) ?? .agency)
    }

    /// Nil for an event of a kind this flowd does not know (a newer database): the report skips it.
    static func event(_ row: Row, at i: Int32) -> ReportEvent? {
        guard let kind = kinds(row.bytes(i + 3)), let state = states(row.bytes(i + 4)) else { return nil }
        return ReportEvent(
            draftID: row.int(i), at: Date(millis: row.int(i + 1)),
            actor: LoopReport.readsActor(kind) ? row.text(i + 2) : "", kind: kind, to: state,
            until: kind == .acknowledge ? (try? JSONColumns.map(row.text(i + 5)))?["until"].flatMap(parseISOUTC) : nil)
    }
}
