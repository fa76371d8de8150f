public import FlowCore
public import Foundation

/// Timers: writing a decision's timer plan, firing due timers, and reading pending ones.
extension Store {
    /// Writes a decision's timer plan (cancellations, deferred steps, new timers) in the open transaction.
    func apply(_ plan: TimerPlan, draftID: Int64) throws {
        if plan.cancelAll { try db.run("DELETE FROM timers WHERE draft_id = ?", [.int(draftID)]) }
        for id in plan.remove { try db.run("DELETE FROM timers WHERE id = ?", [.int(id)]) }
        if let until = plan.deferStepsUntil {
            try db.run(
                "UPDATE timers SET due_at = ?1 WHERE draft_id = ?2 AND kind = 'step' AND due_at < ?1",
                [.int(until.millis), .int(draftID)])
            try db.run("DELETE FROM timers WHERE draft_id = ? AND kind = 'acknowledgement'", [.int(draftID)])
        }
        for timer in plan.add {
            try db.run(
                """
                INSERT INTO timers (draft_id, state, kind, step, due_at, occurrence, ladder_step)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .int(draftID), .text(timer.state.rawValue), .text(timer.kind.rawValue), .int(Int64(timer.step)),
                    .int(timer.dueAt.millis), .int(Int64(timer.occurrence)),
                    timer.ladderStep.map { .text(JSONColumns.encode($0)) } ?? .null,
                ])
        }
    }

    /// When the earliest pending timer is due, if any.
    public func nextTimerDue() async throws -> Date? {
        return try db.scalar("SELECT min(due_at) FROM timers").map(Date.init(millis:))
    }

    /// Fires up to `limit` timers due by `now` in one transaction (one fsync for the batch); each timer's effects
    /// sit in a savepoint, so one that fails is rolled back alone and the rest still commit.
    public func fireDue(
        now: Date, limit: Int = 256, outbox: OutboxPlanner? = nil,
        _ decide: (PendingTimer, Draft, _ pending: [PendingTimer]) throws -> Decision
    ) async throws -> [Decision] {
        try db.exec("BEGIN IMMEDIATE")
        var decisions: [Decision] = []
        do {
            var due: [Int64] = []
            try db.query(
                // At one instant a missed promise or deadline is recorded before the ladder step that follows it.
                """
                SELECT id FROM timers WHERE due_at <= ?
                ORDER BY due_at, CASE kind WHEN 'acknowledgement' THEN 0 WHEN 'deadline' THEN 1 ELSE 2 END, id LIMIT ?
                """,
                [.int(now.millis), .int(Int64(limit))]
            ) { due.append($0.int(0)) }
            for id in due {
                // An earlier timer of the batch may have cancelled this one (auto-approve leaves review).
                guard let timer = try loadTimer(id), let draft = try loadDraft(timer.draftID) else { continue }
                try db.exec("SAVEPOINT fire")
                do {
                    var decision = try decide(timer, draft, try loadTimers(draftID: draft.id))
                    try persist(&decision, previous: draft)
                    try enqueueNotifications(
                        for: decision, pending: try loadTimers(draftID: decision.draft.id), outbox: outbox)
                    try db.exec("RELEASE fire")
                    decisions.append(decision)
                } catch {
                    try db.exec("ROLLBACK TO fire")
                    try db.exec("RELEASE fire")
                    // Never dropped: the timer waits and tries again, later each time (1s, 2s, 4s … at most an
                    // hour), so a transient failure delays an escalation and a lasting one stays visible.
                    let attempts = Int(try db.scalar("SELECT failures FROM timers WHERE id = ?", [.int(id)]) ?? 0) + 1
                    let wait = min(3600.0, pow(2.0, Double(min(attempts - 1, 12))))
                    try db.run(
                        "UPDATE timers SET due_at = ?, failures = ?, last_error = ? WHERE id = ?",
                        [
                            .int(now.addingTimeInterval(wait).millis), .int(Int64(attempts)),
                            .text(String("\(error)".prefix(500))), .int(id),
                        ])
                    throw TimerFailure(
                        timer: timer, underlying: error, committedSoFar: decisions, attempts: attempts,
                        retryAt: now.addingTimeInterval(wait))
                }
            }
            try db.exec("COMMIT")
            return decisions
        } catch let failure as TimerFailure {
            try db.exec("COMMIT")
            throw failure
        } catch {
            try? db.exec("ROLLBACK")
            throw error
        }
    }

    /// Timers that failed to fire and wait to be tried again: how many, and the one that failed most.
    public func failingTimers() async throws -> (count: Int, worst: (draftID: Int64, failures: Int, error: String)?) {
        let count = Int(try db.scalar("SELECT count(*) FROM timers WHERE failures > 0") ?? 0)
        var worst: (Int64, Int, String)?
        try db.query(
            "SELECT draft_id, failures, last_error FROM timers WHERE failures > 0 ORDER BY failures DESC, id LIMIT 1"
        ) { worst = ($0.int(0), Int($0.int(1)), $0.optionalText(2) ?? "") }
        return (count, worst)
    }

    public func timers(draftID: Int64) async throws -> [PendingTimer] {
        return try loadTimers(draftID: draftID)
    }

    /// Made once, as every transition's answer reads its draft's timers.
    private static let selectTimersOfDraft =
        "SELECT \(timerColumnList) FROM timers WHERE draft_id = ? ORDER BY due_at, id"

    func loadTimers(draftID: Int64) throws -> [PendingTimer] {
        var out: [PendingTimer] = []
        try db.query(Self.selectTimersOfDraft, [.int(draftID)]) {
            out.append(decodeTimer($0))
        }
        return out
    }

    private func loadTimer(_ id: Int64) throws -> PendingTimer? {
        var out: PendingTimer?
        try db.query("SELECT \(timerColumns) FROM timers WHERE id = ?", [.int(id)]) { out = decodeTimer($0) }
        return out
    }
}
