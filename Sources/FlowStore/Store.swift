public import FlowCore
public import Foundation
import Synchronization

/// The one owner of the SQLite connection: every read and write goes through this actor.
public actor Store {
    public nonisolated let path: String
    let db: Connection

    /// Opens (creating if needed) the database, sets durability pragmas and migrates it.
    public init(path: String) throws {
        self.path = path
        db = try Connection(path: path)
        // Durability first: an acknowledged transition must survive power loss, hence FULL.
        try db.exec(
            """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=FULL;
            PRAGMA foreign_keys=ON;
            PRAGMA busy_timeout=5000;
            """)
        try Self.migrate(db)
    }

    public static var schemaVersion: Int { migrations.count }

    private static func migrate(_ db: Connection) throws {
        let current = Int(try db.scalar("PRAGMA user_version") ?? 0)
        guard current <= migrations.count else {
            throw SQLiteError(
                code: 0,
                message: "database schema version \(current) is newer than this flowd knows (\(migrations.count))")
        }
        for version in current..<migrations.count {
            try db.exec("BEGIN IMMEDIATE")
            do {
                try db.exec(migrations[version])
                try db.exec("PRAGMA user_version = \(version + 1)")
                try db.exec("COMMIT")
            } catch {
                try? db.exec("ROLLBACK")
                throw error
            }
        }
    }

    // MARK: writes

    /// Loads the draft, lets `decide` judge the request, and writes its effects in one transaction.
    /// A refusal or failure rolls everything back; the return means committed.
    public nonisolated func apply(
        draftID: Int64?, outbox: OutboxPlanner? = nil, _ decide: @escaping @Sendable (Draft?, Int64) throws -> Decision
    ) async throws -> Decision {
        switch try await apply(draftID: draftID, receipt: nil, outbox: outbox, decide) {
        case .fresh(let decision, _, _): return decision
        case .duplicate: throw SQLiteError(code: 0, message: "unreachable: no delivery id")
        }
    }

    /// The result of a transition that carries a sender's delivery id.
    public enum TransitionResult: Sendable {
        /// `timers` are the draft's pending timers after the transition, read in its transaction.
        case fresh(Decision, outcome: [String: String], timers: [PendingTimer])
        /// The delivery was seen before; nothing changed.
        case duplicate(outcome: [String: String])
    }

    // Group commit: the first transition to arrive opens a transaction and becomes the batch's leader. It does
    // its own work, then, while other transitions are on their way to the actor, yields, so they do theirs in
    // the same transaction (each in a savepoint); then it commits once for all: one fsync for the batch. Every caller is
    // answered only after the commit, and a failed commit fails them all, with nothing of any of them applied.
    private var batchOpen = false
    private var batchWaiters: [CheckedContinuation<Void, any Error>] = []
    private var settleWaiters: [CheckedContinuation<Void, Never>] = []
    /// Commits of transition batches so far; tests read it to see batching happen.
    private(set) var batchCommits = 0

    /// Waits until no batch is open, so reads and other writes see only committed state.
    func settle() async {
        guard batchOpen else { return }
        await withCheckedContinuation { settleWaiters.append($0) }
        // Released by endBatch, which holds new batches back until every released waiter has had its turn;
        // the caller's own work follows synchronously, before the next batch can open.
        quietTurns -= 1
        if quietTurns == 0 {
            let leaders = heldLeaders
            heldLeaders = []
            for leader in leaders { leader.resume() }
        }
    }

    /// Waiters released by the last batch that have not run yet; no new batch opens until they have, so a
    /// steady stream of transitions cannot starve reads and timer firings.
    private var quietTurns = 0
    private var heldLeaders: [CheckedContinuation<Void, Never>] = []

    /// Like `apply`, but the delivery id is stored in the same transaction, so a redelivery (also one racing
    /// the first copy) changes nothing and gets the first outcome back. The notifications `outbox` plans are
    /// written in the same transaction.
    public nonisolated func apply(
        draftID: Int64?, receipt: (source: String, id: String)?, outbox: OutboxPlanner? = nil,
        _ decide: @escaping @Sendable (Draft?, Int64) throws -> Decision
    ) async throws -> TransitionResult {
        announced.add(1, ordering: .relaxed)
        return try await applyInBatch(draftID: draftID, receipt: receipt, outbox: outbox, decide)
    }

    /// Transitions on their way to the actor; the batch leader waits for them, and only for them.
    private nonisolated let announced = Atomic<Int>(0)

    private func applyInBatch(
        draftID: Int64?, receipt: (source: String, id: String)?, outbox: OutboxPlanner?,
        _ decide: @Sendable (Draft?, Int64) throws -> Decision
    ) async throws -> TransitionResult {
        announced.subtract(1, ordering: .relaxed)
        // Writes outside the batch protocol (timers, deliveries) hold their own transactions; wait them out by
        // never interleaving: they run synchronously on this actor, so none is open here.
        while !batchOpen && quietTurns > 0 { await withCheckedContinuation { heldLeaders.append($0) } }
        let leader = !batchOpen
        if leader {
            try db.exec("BEGIN IMMEDIATE")
            batchOpen = true
        }
        let result: TransitionResult
        do {
            try db.exec("SAVEPOINT job")
            do {
                result = try work(draftID: draftID, receipt: receipt, outbox: outbox, decide)
                try db.exec("RELEASE job")
            } catch {
                try? db.exec("ROLLBACK TO job")
                try? db.exec("RELEASE job")
                throw error
            }
        } catch {
            // The leader has not yielded yet, so nobody else's work is in the transaction: end it.
            if leader { try? endBatch(committing: false) }
            throw error
        }
        if leader {
            // A lone transition commits at once; with others on their way, give them a few turns to join.
            var turns = 0
            while announced.load(ordering: .relaxed) > 0 && turns < 4 {
                await Task.yield()
                turns += 1
            }
            try endBatch(committing: true)
        } else {
            try await withCheckedThrowingContinuation { batchWaiters.append($0) }
        }
        return result
    }

    /// Commits (or rolls back) the open batch and answers everyone in it.
    private func endBatch(committing: Bool) throws {
        let waiters = batchWaiters
        batchWaiters = []
        var failure: (any Error)?
        if committing {
            do {
                try db.exec("COMMIT")
                batchCommits += 1
            } catch {
                failure = error
                try? db.exec("ROLLBACK")
            }
        } else {
            try? db.exec("ROLLBACK")
        }
        batchOpen = false
        for waiter in waiters {
            if let failure { waiter.resume(throwing: failure) } else { waiter.resume() }
        }
        let settled = settleWaiters
        settleWaiters = []
        quietTurns += settled.count
        for waiter in settled { waiter.resume() }
        if let failure { throw failure }
    }

    /// One transition's reads and writes inside the open transaction.
    private func work(
        draftID: Int64?, receipt: (source: String, id: String)?, outbox: OutboxPlanner?,
        _ decide: (Draft?, Int64) throws -> Decision
    ) throws -> TransitionResult {
        if let receipt {
            var stored: String?
            try db.query(
                "SELECT outcome FROM webhook_receipts WHERE source = ? AND id = ?",
                [.text(receipt.source), .text(receipt.id)]
            ) { stored = $0.text(0) }
            if let stored { return .duplicate(outcome: (try? SmallJSON.map(stored)) ?? [:]) }
        }
        let current = try draftID.flatMap { try loadDraft($0) }
        if let draftID, current == nil { throw Refusal(.notFound, "no draft \(draftID)") }
        let nextID = (try db.scalar("SELECT max(id) FROM drafts") ?? 0) + 1
        var decision = try decide(current, nextID)
        try persist(&decision, isNew: current == nil)
        let pending = try loadTimers(draftID: decision.draft.id)
        try enqueueNotifications(for: decision, pending: pending, outbox: outbox)
        var outcome: [String: String] = [
            "draft": "\(decision.draft.id)", "state": decision.draft.state.rawValue,
            "revision": "\(decision.draft.revision)",
        ]
        if let event = decision.events.last {
            outcome["action"] = event.kind.rawValue
            outcome["event"] = "\(event.id)"
        }
        if let receipt {
            try db.run(
                "INSERT INTO webhook_receipts (source, id, draft_id, outcome, at) VALUES (?, ?, ?, ?, ?)",
                [
                    .text(receipt.source), .text(receipt.id), .int(decision.draft.id),
                    .text(SmallJSON.encode(outcome)), .int(decision.draft.updatedAt.millis),
                ])
        }
        return .fresh(decision, outcome: outcome, timers: pending)
    }

    func persist(_ decision: inout Decision, isNew: Bool) throws {
        let d = decision.draft
        let params: [SQLValue] = [
            .int(d.id), .text(d.client), .text(d.lane.rawValue), .text(d.state.rawValue), .int(Int64(d.revision)),
            .text(d.content.title), .text(d.content.body), .text(SmallJSON.encode(d.content.channels)),
            d.content.publishAt.map { .int($0.millis) } ?? .null, .text(d.contentHash), .text(d.author),
            .text(d.revisionAuthor), .text(d.revisionAuthorSide.rawValue), .text(SmallJSON.encode(d.approvals)),
            d.approvedHash.map { .text($0) } ?? .null, .text(SmallJSON.encode(d.labels)),
            d.publishedURL.map { .text($0) } ?? .null, d.externalID.map { .text($0) } ?? .null,
            .int(d.createdAt.millis), .int(d.updatedAt.millis), .text(SmallJSON.encode(d.extraReviewers)),
            d.dueAt.map { .int($0.millis) } ?? .null, d.acknowledgedUntil.map { .int($0.millis) } ?? .null,
            d.enteredAt.map { .int($0.millis) } ?? .null, d.revisionVia.map { .text($0) } ?? .null,
            .real(d.acknowledgedSeconds), d.replannedAt.map { .int($0.millis) } ?? .null,
        ]
        try db.run(
            """
            INSERT INTO drafts (id, client, lane, state, revision, title, body, channels, publish_at, content_hash,
                author, revision_author, revision_author_side, approvals, approved_hash, labels, published_url,
                external_id, created_at, updated_at, extra_reviewers, due_at, acknowledged_until, entered_at,
                revision_via, acknowledged_seconds, replanned_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
                ?22, ?23, ?24, ?25, ?26, ?27)
            ON CONFLICT(id) DO UPDATE SET client=?2, lane=?3, state=?4, revision=?5, title=?6, body=?7,
                channels=?8, publish_at=?9, content_hash=?10, author=?11, revision_author=?12,
                revision_author_side=?13, approvals=?14, approved_hash=?15, labels=?16, published_url=?17,
                external_id=?18, created_at=?19, updated_at=?20, extra_reviewers=?21, due_at=?22,
                acknowledged_until=?23, entered_at=?24, revision_via=?25, acknowledged_seconds=?26, replanned_at=?27
            """, params)
        try apply(decision.timers, draftID: d.id)
        if decision.newRevision {
            try db.run(
                """
                INSERT INTO revisions (draft_id, revision, title, body, channels, publish_at, content_hash, author,
                    created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .int(d.id), .int(Int64(d.revision)), .text(d.content.title), .text(d.content.body),
                    .text(SmallJSON.encode(d.content.channels)), d.content.publishAt.map { .int($0.millis) } ?? .null,
                    .text(d.contentHash), .text(d.revisionAuthor), .int(d.updatedAt.millis),
                ])
        }
        for index in decision.events.indices {
            var event = decision.events[index]
            event.draftID = d.id
            try db.run(
                """
                INSERT INTO events (draft_id, at, actor, via, action, from_state, to_state, revision, message, data)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .int(event.draftID), .int(event.at.millis), .text(event.actor),
                    event.via.map { .text($0) } ?? .null,
                    .text(event.kind.rawValue), event.from.map { .text($0.rawValue) } ?? .null,
                    .text(event.to.rawValue),
                    .int(Int64(event.revision)), event.message.map { .text($0) } ?? .null,
                    .text(SmallJSON.encode(event.data)),
                ])
            event.id = db.lastInsertID
            decision.events[index] = event
        }
    }

    /// Writes the notifications `outbox` plans for a persisted decision, in its transaction; `pending` (the
    /// draft's timers after it, for "what happens next") is read only when some sink wants something.
    func enqueueNotifications(
        for decision: Decision, pending: @autoclosure () throws -> [PendingTimer], outbox: OutboxPlanner?
    ) throws {
        guard let outbox, !outbox.isEmpty, let last = decision.events.last else { return }
        for message in outbox.messages(for: decision, pending: try pending()) {
            try enqueue(message, at: last.at)
        }
    }

    /// A new outbox row; for a sink that a 410 disabled it is dead-lettered at once, so the record remains and
    /// `deliveries retry` can still send it.
    private func enqueue(_ message: OutboxMessage, at: Date) throws {
        try db.run(
            """
            INSERT INTO outbox (sink, webhook_id, type, draft_id, event_id, payload, state, created_at,
                next_attempt_at, last_error)
            SELECT ?1, ?2, ?3, ?4, ?5, ?6, CASE WHEN s.name IS NULL THEN 'pending' ELSE 'dead' END, ?7,
                CASE WHEN s.name IS NULL THEN ?7 END, CASE WHEN s.name IS NOT NULL THEN 'sink disabled: ' || s.reason END
            FROM (SELECT 1) LEFT JOIN sinks s ON s.name = ?1
            """,
            [
                .text(message.sink), .text(Self.newWebhookID()), .text(message.type.wireName), .int(message.draftID),
                .int(message.eventID), .text(message.payload), .int(at.millis),
            ])
    }

    /// Unique across databases too, so a receiver that deduplicates by id never confuses two flowd instances.
    static func newWebhookID() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        return "msg_" + String((0..<24).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }

    private func apply(_ plan: TimerPlan, draftID: Int64) throws {
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
                    timer.ladderStep.map { .text(SmallJSON.encode($0)) } ?? .null,
                ])
        }
    }

    // MARK: timers

    /// When the earliest pending timer is due, if any.
    public func nextTimerDue() async throws -> Date? {
        await settle()
        return try db.scalar("SELECT min(due_at) FROM timers").map(Date.init(millis:))
    }

    /// Fires up to `limit` timers due by `now` in one transaction (one fsync for the batch); each timer's effects
    /// sit in a savepoint, so one that fails is rolled back alone and the rest still commit.
    public func fireDue(
        now: Date, limit: Int = 256, outbox: OutboxPlanner? = nil,
        _ decide: (PendingTimer, Draft, _ pending: [PendingTimer]) throws -> Decision
    ) async throws -> [Decision] {
        await settle()
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
                    try persist(&decision, isNew: false)
                    try enqueueNotifications(
                        for: decision, pending: try loadTimers(draftID: decision.draft.id), outbox: outbox)
                    try db.exec("RELEASE fire")
                    decisions.append(decision)
                } catch {
                    try db.exec("ROLLBACK TO fire")
                    try db.exec("RELEASE fire")
                    // Drop the timer so a timer that cannot fire does not spin the escalator.
                    try db.run("DELETE FROM timers WHERE id = ?", [.int(id)])
                    throw TimerFailure(timer: timer, underlying: error, committedSoFar: decisions)
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

    public func timers(draftID: Int64) async throws -> [PendingTimer] {
        await settle()
        return try loadTimers(draftID: draftID)
    }

    func loadTimers(draftID: Int64) throws -> [PendingTimer] {
        var out: [PendingTimer] = []
        try db.query("SELECT \(timerColumns) FROM timers WHERE draft_id = ? ORDER BY due_at, id", [.int(draftID)]) {
            out.append(decodeTimer($0))
        }
        return out
    }

    /// Pending timers due before `until`, soonest first, with their drafts; `clients` is the caller's scope.
    public func agenda(until: Date, limit: Int, clients: Set<String>? = nil) async throws -> [(PendingTimer, Draft)] {
        await settle()
        var timers: [PendingTimer] = []
        let scope = Self.scopeFilter(clients, column: "d.client")
        let columns = timerColumns.split(separator: ",").map { "t." + $0.trimmingCharacters(in: .whitespaces) }
        try db.query(
            """
            SELECT \(columns.joined(separator: ", ")) FROM timers t JOIN drafts d ON d.id = t.draft_id
            WHERE t.due_at <= ?\(scope.sql) ORDER BY t.due_at, t.id LIMIT ?
            """,
            [.int(until.millis)] + scope.params + [.int(Int64(limit))]
        ) { timers.append(decodeTimer($0)) }
        return try timers.compactMap { timer in try loadDraft(timer.draftID).map { (timer, $0) } }
    }

    /// Drafts whose current state's deadline has passed, most overdue first.
    public func overdue(now: Date, limit: Int, clients: Set<String>? = nil) async throws -> [Draft] {
        await settle()
        var out: [Draft] = []
        let scope = Self.scopeFilter(clients, column: "client")
        try db.query(
            """
            SELECT \(draftColumns) FROM drafts WHERE due_at IS NOT NULL AND due_at <= ?
            AND state IN ('draft', 'review', 'approved')\(scope.sql) ORDER BY due_at LIMIT ?
            """, [.int(now.millis)] + scope.params + [.int(Int64(limit))]
        ) { out.append(try decodeDraft($0)) }
        return out
    }

    /// Inbound webhook deliveries remembered for once-only handling.
    public func receiptCount() async throws -> Int {
        await settle()
        return Int(try db.scalar("SELECT count(*) FROM webhook_receipts") ?? 0)
    }

    public func pendingTimerCount(clients: Set<String>? = nil) async throws -> Int {
        await settle()
        let scope = Self.scopeFilter(clients, column: "d.client")
        return Int(
            try db.scalar(
                "SELECT count(*) FROM timers t JOIN drafts d ON d.id = t.draft_id WHERE 1\(scope.sql)", scope.params)
                ?? 0)
    }

    /// Open drafts whose client is not among `known` (the config's): the count and the first `limit` ids.
    public func orphans(known: Set<String>, limit: Int = 20) async throws -> (count: Int, ids: [Int64]) {
        await settle()
        let names = known.sorted()
        let list = names.isEmpty ? "" : " AND client NOT IN (" + names.map { _ in "?" }.joined(separator: ", ") + ")"
        let filter = "state IN ('draft', 'review', 'approved')" + list
        let params = names.map { SQLValue.text($0) }
        let count = Int(try db.scalar("SELECT count(*) FROM drafts WHERE \(filter)", params) ?? 0)
        var ids: [Int64] = []
        try db.query("SELECT id FROM drafts WHERE \(filter) ORDER BY id LIMIT ?", params + [.int(Int64(limit))]) {
            ids.append($0.int(0))
        }
        return (count, ids)
    }

    /// ` AND column IN (…)` for a scope's clients; nothing for no scope, and a filter that matches nothing
    /// for an empty one.
    static func scopeFilter(_ clients: Set<String>?, column: String) -> (sql: String, params: [SQLValue]) {
        guard let clients else { return ("", []) }
        guard !clients.isEmpty else { return (" AND 0", []) }
        let names = clients.sorted()
        return (
            " AND \(column) IN (" + names.map { _ in "?" }.joined(separator: ", ") + ")", names.map { .text($0) }
        )
    }

    let timerColumns = "id, draft_id, state, kind, step, due_at, occurrence, ladder_step"

    private func loadTimer(_ id: Int64) throws -> PendingTimer? {
        var out: PendingTimer?
        try db.query("SELECT \(timerColumns) FROM timers WHERE id = ?", [.int(id)]) { out = decodeTimer($0) }
        return out
    }

    func decodeTimer(_ row: Row) -> PendingTimer {
        PendingTimer(
            id: row.int(0), draftID: row.int(1), state: DraftState(rawValue: row.text(2)) ?? .draft,
            kind: TimerKind(rawValue: row.text(3)) ?? .deadline, step: Int(row.int(4)),
            ladderStep: row.optionalText(7).flatMap(SmallJSON.ladderStep), dueAt: Date(millis: row.int(5)),
            occurrence: Int(row.int(6)))
    }

    // MARK: reads

    public func draft(_ id: Int64) async throws -> Draft? {
        await settle()
        return try loadDraft(id)
    }

    /// Drafts in id order, newest first, filtered; `before` pages through older ones.
    public func drafts(
        state: DraftState? = nil, client: String? = nil, limit: Int = 100, before: Int64? = nil,
        clients: Set<String>? = nil
    ) async throws -> [Draft] {
        await settle()
        var conditions: [String] = ["1"]
        let scope = Self.scopeFilter(clients, column: "client")
        var params: [SQLValue] = []
        if let state {
            conditions.append("state = ?")
            params.append(.text(state.rawValue))
        }
        if let client {
            conditions.append("client = ?")
            params.append(.text(client))
        }
        if let before {
            conditions.append("id < ?")
            params.append(.int(before))
        }
        let filter = "WHERE " + conditions.joined(separator: " AND ") + scope.sql
        params += scope.params
        params.append(.int(Int64(limit)))
        var out: [Draft] = []
        try db.query("SELECT \(draftColumns) FROM drafts \(filter) ORDER BY id DESC LIMIT ?", params) {
            out.append(try decodeDraft($0))
        }
        return out
    }

    public func events(draftID: Int64) async throws -> [Event] {
        await settle()
        var out: [Event] = []
        try db.query(
            """
            SELECT id, draft_id, at, actor, via, action, from_state, to_state, revision, message, data
            FROM events WHERE draft_id = ? ORDER BY id
            """, [.int(draftID)]
        ) { row in
            out.append(
                Event(
                    id: row.int(0), draftID: row.int(1), at: Date(millis: row.int(2)), actor: row.text(3),
                    via: row.optionalText(4), kind: try eventKind(row.text(5)),
                    from: row.optionalText(6).flatMap(DraftState.init(rawValue:)),
                    to: DraftState(rawValue: row.text(7)) ?? .draft, revision: Int(row.int(8)),
                    message: row.optionalText(9),
                    data: (try? SmallJSON.map(row.text(10))) ?? [:]))
        }
        return out
    }

    public func countsByState(clients: Set<String>? = nil) async throws -> [DraftState: Int] {
        await settle()
        var out: [DraftState: Int] = [:]
        let scope = Self.scopeFilter(clients, column: "client")
        try db.query("SELECT state, count(*) FROM drafts WHERE 1\(scope.sql) GROUP BY state", scope.params) { row in
            if let state = DraftState(rawValue: row.text(0)) { out[state] = Int(row.int(1)) }
        }
        return out
    }

    /// The value of a pragma as text, for status and checks.
    public func pragma(_ name: String) async throws -> String {
        await settle()
        var value = ""
        try db.query("PRAGMA \(name)") { value = $0.text(0) }
        return value
    }

    func execute(_ sql: String) throws { try db.exec(sql) }

    func vetoCommits(_ veto: Bool) { db.vetoCommits(veto) }

    /// Keeps the actor busy, as a long fsync would, so tests can queue transitions behind it.
    func holdForTesting(seconds: Double) { usleep(UInt32(seconds * 1_000_000)) }

    public func revisionCount(draftID: Int64) async throws -> Int {
        await settle()
        return Int(try db.scalar("SELECT count(*) FROM revisions WHERE draft_id = ?", [.int(draftID)]) ?? 0)
    }

    public func eventCount() async throws -> Int {
        await settle()
        return Int(try db.scalar("SELECT count(*) FROM events") ?? 0)
    }

    /// A consistent copy of the live database (`VACUUM INTO`): one read transaction, so the copy is a single
    /// committed state while writers carry on. Returns the copy's size in bytes.
    public func backup(to path: String) async throws -> Int64 {
        await settle()
        try db.run("VACUUM INTO ?", [.text(path)])
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
        return size ?? 0
    }

    public func integrityCheck() async throws -> String {
        await settle()
        var result = ""
        try db.query("PRAGMA integrity_check") { result = $0.text(0) }
        return result
    }

    let draftColumns = """
        id, client, lane, state, revision, title, body, channels, publish_at, content_hash, author, revision_author,
        revision_author_side, approvals, approved_hash, labels, published_url, external_id, created_at, updated_at,
        extra_reviewers, due_at, acknowledged_until, entered_at, revision_via, acknowledged_seconds, replanned_at
        """

    func loadDraft(_ id: Int64) throws -> Draft? {
        var out: Draft?
        try db.query("SELECT \(draftColumns) FROM drafts WHERE id = ?", [.int(id)]) { out = try decodeDraft($0) }
        return out
    }

    func decodeDraft(_ row: Row) throws -> Draft {
        Draft(
            id: row.int(0), client: row.text(1), lane: Lane(rawValue: row.text(2)) ?? .normal,
            state: DraftState(rawValue: row.text(3)) ?? .draft, revision: Int(row.int(4)),
            content: Content(
                title: row.text(5), body: row.text(6), channels: try SmallJSON.strings(row.text(7)),
                publishAt: row.optionalInt(8).map(Date.init(millis:))),
            contentHash: row.text(9), author: row.text(10), revisionAuthor: row.text(11),
            revisionAuthorSide: Side(rawValue: row.text(12)) ?? .agency, revisionVia: row.optionalText(24),
            approvals: try SmallJSON.approvals(row.text(13)),
            approvedHash: row.optionalText(14), labels: try SmallJSON.strings(row.text(15)),
            publishedURL: row.optionalText(16),
            externalID: row.optionalText(17), createdAt: Date(millis: row.int(18)),
            updatedAt: Date(millis: row.int(19)),
            extraReviewers: try SmallJSON.strings(row.text(20)), dueAt: row.optionalInt(21).map(Date.init(millis:)),
            acknowledgedUntil: row.optionalInt(22).map(Date.init(millis:)),
            enteredAt: row.optionalInt(23).map(Date.init(millis:)), acknowledgedSeconds: row.real(25),
            replannedAt: row.optionalInt(26).map(Date.init(millis:)))
    }
}

/// An event kind as stored; text this flowd does not know means the database is newer than it.
func eventKind(_ text: String) throws -> EventKind {
    guard let kind = EventKind(rawValue: text) else { throw SmallJSON.Malformed() }
    return kind
}

/// A timer whose effects could not be written; the batch's other firings are committed.
public struct TimerFailure: Error, CustomStringConvertible {
    public var timer: PendingTimer
    public var underlying: any Error
    public var committedSoFar: [Decision]

    public var description: String { "timer \(timer.id) of draft \(timer.draftID) failed: \(underlying)" }
}
