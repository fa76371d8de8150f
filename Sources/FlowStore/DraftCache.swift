import FlowCore

/// The rows of drafts as committed, by id, so that a transition need not read its draft back: loading the row was
/// a large share of a transition's work, done on the writer, which every transition waits for.
///
/// It holds the values each row was written with (`Store.row`), and the draft is decoded from them by the same
/// `decodeDraft` that reads the database, so a draft from here is the one the database would give. Only the drafts
/// transitions acted on are kept, not every draft read: a draft's next transition is what comes soon. That includes
/// a draft a transition left as it was (a comment), which is the committed row: otherwise a draft that only gets
/// comments was read back for each one, a large share of what a signed comment costs. The writer's
/// connection keeps it right (`TransactionObserver`): a row changed in the open transaction is never answered from
/// here; what `persist` wrote is taken in only when the transaction commits, and forgotten if any of it is rolled
/// back.
/// Whatever changes a draft's row without `persist` (SQL of its own, a failed statement) only makes the cache forget
/// that draft.
final class DraftCache: TransactionObserver {
    /// Enough for every draft in review at a large agency; past it, one draft is forgotten for each new one.
    static let capacity = 4096

    private var committedRows: [Int64: StoredRow] = [:]
    /// Changed in the open transaction: read from the database until it ends.
    private var changed: Set<Int64> = []
    /// What `persist` wrote in the open transaction, for the drafts it changed.
    private var written: [Int64: StoredRow] = [:]

    /// The draft's row as committed, if known and not changed in the open transaction.
    func row(_ id: Int64) -> StoredRow? {
        changed.contains(id) ? nil : committedRows[id]
    }

    /// `persist` wrote the draft's row with these values, or found it holding them already.
    func wrote(_ id: Int64, _ row: StoredRow) {
        // Not changed in the open transaction: nothing was written, and these are the committed values, whatever the
        // transaction does next (a later change makes the row unknown until the commit, as any change does).
        guard changed.contains(id) else {
            remember(id, row)
            return
        }
        written[id] = row
    }

    func rowChanged(_ rowid: Int64) {
        changed.insert(rowid)
        written[rowid] = nil
    }

    func rolledBack(all: Bool) {
        for id in changed { committedRows[id] = nil }
        written = [:]
        if all { changed = [] }
    }

    func committed() {
        for id in changed {
            if let row = written[id] { remember(id, row) } else { committedRows[id] = nil }
        }
        changed = []
        written = [:]
    }

    private func remember(_ id: Int64, _ row: StoredRow) {
        // Whichever comes first in the table's order, which is as good as any: no pause to empty the whole cache.
        if committedRows.count >= Self.capacity, committedRows[id] == nil {
            committedRows.remove(at: committedRows.startIndex)
        }
        committedRows[id] = row
    }
}
