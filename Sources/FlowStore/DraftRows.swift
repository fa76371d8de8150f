import FlowCore
import Foundation

/// Column lists and row decoding for drafts and timers.
extension Store {
    /// The columns of a draft's row: what `decodeDraft` reads and `row(_:)` writes, in that order.
    static let draftColumnNames = [
        "id", "client", "lane", "state", "revision", "title", "body", "channels", "publish_at", "content_hash",
        "author", "revision_author", "revision_author_side", "approvals", "approved_hash", "labels", "published_url",
        "external_id", "created_at", "updated_at", "extra_reviewers", "due_at", "acknowledged_until", "entered_at",
        "revision_via", "acknowledged_seconds", "replanned_at", "template", "template_expires_at", "template_per_day",
        "template_crisis", "from_template", "review_mode", "decided_at", "changes_requested", "media",
    ]

    private static let draftColumnList = draftColumnNames.joined(separator: ", ")

    /// The columns `decodeDraft` reads, in its order.
    var draftColumns: String { Self.draftColumnList }

    /// Inserts a draft's row (`row(_:)`'s values as ?1…), or rewrites every column of the one with its id.
    static let upsertDraft = """
        INSERT INTO drafts (\(draftColumnList))
        VALUES (\(draftColumnNames.indices.map { "?\($0 + 1)" }.joined(separator: ", ")))
        ON CONFLICT(id) DO UPDATE SET \(
            draftColumnNames.indices.dropFirst().map { "\(draftColumnNames[$0]) = ?\($0 + 1)" }.joined(separator: ", "))
        """

    static let timerColumnList = "id, draft_id, state, kind, step, due_at, occurrence, ladder_step"

    /// The columns `decodeTimer` reads, in its order.
    var timerColumns: String { Self.timerColumnList }

    /// Made once: every transition loads its draft, and building the text each time cost more than the lookup.
    private static let selectDraftByID = "SELECT \(draftColumnList) FROM drafts WHERE id = ?"

    /// The draft as the database has it: from `draftCache` when it knows the row, else read.
    func loadDraft(_ id: Int64) throws -> Draft? {
        if let row = draftCache.row(id) { return try decodeDraft(row) }
        var out: Draft?
        try db.query(Self.selectDraftByID, [.int(id)]) { out = try decodeDraft($0) }
        return out
    }

    /// `UPDATE drafts SET` the columns at `changed` (indexes into `draftColumnNames`, ascending), from `row(_:)`'s
    /// values as ?1…; made once per set of columns, as a transition writes the same few columns as the last one.
    func updateDraftSQL(changed: [Int]) -> String {
        let mask = changed.reduce(UInt64(0)) { $0 | 1 << UInt64($1) }
        if let sql = updateStatements[mask] { return sql }
        let sets = changed.map { "\(Self.draftColumnNames[$0]) = ?\($0 + 1)" }.joined(separator: ", ")
        let sql = "UPDATE drafts SET \(sets) WHERE id = ?1"
        updateStatements[mask] = sql
        return sql
    }

    func decodeDraft(_ row: some RowReading) throws -> Draft {
        var draft = Draft(
            id: row.int(0), client: row.text(1), lane: Lane(rawValue: row.text(2)) ?? .normal,
            state: DraftState(rawValue: row.text(3)) ?? .draft, revision: Int(row.int(4)),
            content: Content(
                title: row.text(5), body: row.text(6), channels: try JSONColumns.strings(row.text(7)),
                publishAt: row.optionalInt(8).map(Date.init(millis:))),
            contentHash: row.text(9), author: row.text(10), revisionAuthor: row.text(11),
            revisionAuthorSide: Side(rawValue: row.text(12)) ?? .agency, revisionVia: row.optionalText(24),
            approvals: try JSONColumns.approvals(row.text(13)),
            approvedHash: row.optionalText(14), labels: try JSONColumns.strings(row.text(15)),
            publishedURL: row.optionalText(16),
            externalID: row.optionalText(17), createdAt: Date(millis: row.int(18)),
            updatedAt: Date(millis: row.int(19)),
            extraReviewers: try JSONColumns.strings(row.text(20)), dueAt: row.optionalInt(21).map(Date.init(millis:)),
            acknowledgedUntil: row.optionalInt(22).map(Date.init(millis:)),
            enteredAt: row.optionalInt(23).map(Date.init(millis:)), acknowledgedSeconds: row.real(25),
            replannedAt: row.optionalInt(26).map(Date.init(millis:)))
        draft.template = row.optionalText(27).map { name in
            TemplateRules(
                name: name, expiresAt: row.optionalInt(28).map(Date.init(millis:)),
                maxUsesPerDay: row.optionalInt(29).map { Int($0) }, crisis: row.int(30) != 0)
        }
        draft.fromTemplate = row.optionalInt(31)
        draft.reviewMode = ReviewMode(rawValue: row.text(32)) ?? .normal
        draft.decidedAt = row.optionalInt(33).map(Date.init(millis:))
        draft.changesRequested = row.int(34) != 0
        draft.content.media = try JSONColumns.media(row.text(35))
        return draft
    }

    /// An event from the columns `id, draft_id, at, actor, via, action, from_state, to_state, revision, message,
    /// data`, in that order (the first eleven of the row).
    func decodeEvent(_ row: Row) throws -> Event {
        Event(
            id: row.int(0), draftID: row.int(1), at: Date(millis: row.int(2)), actor: row.text(3),
            via: row.optionalText(4), kind: try eventKind(row.text(5)),
            from: row.optionalText(6).flatMap(DraftState.init(rawValue:)),
            to: DraftState(rawValue: row.text(7)) ?? .draft, revision: Int(row.int(8)), message: row.optionalText(9),
            data: (try? JSONColumns.map(row.text(10))) ?? [:])
    }

    func decodeTimer(_ row: Row) -> PendingTimer {
        PendingTimer(
            id: row.int(0), draftID: row.int(1), state: DraftState(rawValue: row.text(2)) ?? .draft,
            kind: TimerKind(rawValue: row.text(3)) ?? .deadline, step: Int(row.int(4)),
            ladderStep: row.optionalText(7).flatMap(JSONColumns.ladderStep), dueAt: Date(millis: row.int(5)),
            occurrence: Int(row.int(6)))
    }
}

/// An event kind as stored; text this flowd does not know means the database is newer than it.
func eventKind(_ text: String) throws -> EventKind {
    guard let kind = EventKind(rawValue: text) else { throw JSONColumns.Malformed() }
    return kind
}
