public import FlowCore
import Foundation
import Synchronization

/// One transition: the public entry points and its reads and writes inside the batch's transaction.
extension Store {
    /// Loads the draft, lets `decide` judge the request, and writes its effects in one transaction.
    /// A refusal or failure rolls everything back; the return means committed.
    public nonisolated func apply(
        draftID: Int64?, outbox: OutboxPlanner? = nil, _ decide: @escaping @Sendable (Draft?, Int64) throws -> Decision
    ) async throws -> Decision {
        switch try await apply(draftID: draftID, receipt: nil, outbox: outbox, decide) {
        case .fresh(let decision, _): return decision
        case .duplicate: throw SQLiteError(code: 0, message: "unreachable: no delivery id")
        }
    }

    /// The result of a transition that carries a sender's delivery id.
    public enum TransitionResult: Sendable {
        /// `timers` are the draft's pending timers after the transition, read in its transaction.
        case fresh(Decision, timers: [PendingTimer])
        /// The delivery was seen before; nothing changed.
        case duplicate(outcome: DeliveryOutcome)

        /// What a redelivery gets back: the first copy's outcome, derived from its decision as the receipt stores it.
        public var outcome: DeliveryOutcome {
            switch self {
            case .fresh(let decision, _): DeliveryOutcome(decision)
            case .duplicate(let outcome): outcome
            }
        }
    }

    /// Like `apply`, but the delivery id is stored in the same transaction, so a redelivery (also one racing
    /// the first copy) changes nothing and gets the first outcome back. The notifications `outbox` plans are
    /// written in the same transaction.
    public nonisolated func apply(
        draftID: Int64?, receipt: DeliveryReceipt?, outbox: OutboxPlanner? = nil,
        _ decide: @escaping @Sendable (Draft?, Int64) throws -> Decision
    ) async throws -> TransitionResult {
        try await apply(draftID: draftID, receipt: receipt, outbox: outbox, lookup: nil) { draft, id, _ in
            try decide(draft, id)
        }
    }

    /// Like `apply`, and `decide` also gets what `lookup` asks the store to read in the same transaction.
    public nonisolated func apply(
        draftID: Int64?, receipt: DeliveryReceipt?, outbox: OutboxPlanner? = nil, lookup: ContextLookup?,
        _ decide: @escaping @Sendable (Draft?, Int64, DecisionContext) throws -> Decision
    ) async throws -> TransitionResult {
        try await withCheckedThrowingContinuation { continuation in
            submit(
                WriteJob(
                    draftID: draftID, receipt: receipt, outbox: outbox, lookup: lookup, decide: decide,
                    done: { continuation.resume(with: $0) }))
        }
    }

    /// One transition's reads and writes inside the open transaction.
    func work(
        draftID: Int64?, receipt: DeliveryReceipt?, outbox: OutboxPlanner?, lookup: ContextLookup?,
        _ decide: (Draft?, Int64, DecisionContext) throws -> Decision
    ) throws -> TransitionResult {
        if let receipt, let stored = try storedOutcome(source: receipt.source, id: receipt.id) {
            return .duplicate(outcome: stored)
        }
        let current = try draftID.flatMap { try loadDraft($0) }
        if let draftID, current == nil { throw Refusal(.notFound, "no draft \(draftID)") }
        // Only the creating commands, the ones without a draft, use the new id.
        let nextID = draftID == nil ? (try db.scalar("SELECT max(id) FROM drafts") ?? 0) + 1 : 0
        var decision = try decide(
            current, nextID, try lookup.map { try context($0, draft: current) } ?? DecisionContext())
        try persist(&decision, previous: current)
        let pending = try loadTimers(draftID: decision.draft.id)
        try enqueueNotifications(for: decision, pending: pending, outbox: outbox)
        if let loss = decision.autonomyLost, let end = lookup?.endWindow {
            decision.followUps = try recordLoss(loss, except: decision.draft.id, outbox: outbox, end)
        }
        if let receipt {
            try db.run(
                "INSERT INTO webhook_receipts (source, id, draft_id, outcome, at) VALUES (?, ?, ?, ?, ?)",
                [
                    .text(receipt.source), .text(receipt.id), .int(decision.draft.id),
                    .text(DeliveryOutcome(decision).storedText), .int(receipt.at.millis),
                ])
        }
        return .fresh(decision, timers: pending)
    }

    /// A draft as the values of its row, in the order of `draftColumnNames`.
    static func row(_ d: Draft) -> [SQLValue] {
        [
            .int(d.id), .text(d.client), .text(d.lane.rawValue), .text(d.state.rawValue), .int(Int64(d.revision)),
            .text(d.content.title), .text(d.content.body), .text(JSONColumns.encode(d.content.channels)),
            d.content.publishAt.map { .int($0.millis) } ?? .null, .text(d.contentHash), .text(d.author),
            .text(d.revisionAuthor), .text(d.revisionAuthorSide.rawValue), .text(JSONColumns.encode(d.approvals)),
            d.approvedHash.map { .text($0) } ?? .null, .text(JSONColumns.encode(d.labels)),
            d.publishedURL.map { .text($0) } ?? .null, d.externalID.map { .text($0) } ?? .null,
            .int(d.createdAt.millis), .int(d.updatedAt.millis), .text(JSONColumns.encode(d.extraReviewers)),
            d.dueAt.map { .int($0.millis) } ?? .null, d.acknowledgedUntil.map { .int($0.millis) } ?? .null,
            d.enteredAt.map { .int($0.millis) } ?? .null, d.revisionVia.map { .text($0) } ?? .null,
            .real(d.acknowledgedSeconds), d.replannedAt.map { .int($0.millis) } ?? .null,
            d.template.map { .text($0.name) } ?? .null, d.template?.expiresAt.map { .int($0.millis) } ?? .null,
            d.template?.maxUsesPerDay.map { .int(Int64($0)) } ?? .null, .int(d.template?.crisis == true ? 1 : 0),
            d.fromTemplate.map { .int($0) } ?? .null, .text(d.reviewMode.rawValue),
            d.decidedAt.map { .int($0.millis) } ?? .null, .int(d.changesRequested ? 1 : 0),
            .text(JSONColumns.encode(d.content.media)),
        ]
    }

    /// Writes a decision. With the row as it was (`previous`), only the columns that changed are written: an UPDATE
    /// that names a column rewrites every index on it, and rewriting a full row's indexes was most of the pages a
    /// comment wrote to the WAL. `remember: false` leaves the draft out of `draftCache` (a pass over many drafts,
    /// which would push out the ones people are acting on).
    func persist(_ decision: inout Decision, previous: Draft?, remember: Bool = true) throws {
        let d = decision.draft
        // The links a reminder mints are dated by the reminder, not by the draft's last change.
        let at = decision.at ?? d.updatedAt
        let params = Self.row(d)
        if let previous, previous.id == d.id {
            let before = Self.row(previous)
            let changed = params.indices.filter { $0 > 0 && params[$0] != before[$0] }
            if let last = changed.last {
                // SQLite takes as many parameters as the highest number the statement names; the ones it does not
                // name go as NULL, since SQLite copies every text bound (title and body among them).
                var bound = [SQLValue](repeating: .null, count: last + 1)
                bound[0] = params[0]
                for index in changed { bound[index] = params[index] }
                try db.run(updateDraftSQL(changed: changed), bound)
            }
        } else {
            try db.run(Self.upsertDraft, params)
        }
        // The columns not written hold `previous`'s values, which `params` repeats: the row reads back as `params`.
        // Left out, a row the transaction changed is forgotten at its commit, as any change is.
        if remember { draftCache.wrote(d.id, StoredRow(values: params)) }
        try apply(decision.timers, draftID: d.id)
        decision.linkRefs = try apply(decision.links, draftID: d.id, at: at)
        if !decision.linkRefs.isEmpty {
            decision.inboxRefs = try inboxLinks(for: Array(decision.linkRefs.keys), client: d.client, at: at)
        }
        if decision.newRevision {
            try db.run(
                """
                INSERT INTO revisions (draft_id, revision, title, body, channels, publish_at, content_hash, author,
                    created_at, media) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .int(d.id), .int(Int64(d.revision)), .text(d.content.title), .text(d.content.body),
                    .text(JSONColumns.encode(d.content.channels)), d.content.publishAt.map { .int($0.millis) } ?? .null,
                    .text(d.contentHash), .text(d.revisionAuthor), .int(at.millis),
                    .text(JSONColumns.encode(d.content.media)),
                ])
        }
        for index in decision.events.indices {
            var event = decision.events[index]
            // A decision may also write to another draft's history (a template records its uses).
            if event.draftID == 0 { event.draftID = d.id }
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
                    .text(JSONColumns.encode(event.data)),
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
        guard let outbox, !outbox.isEmpty, let at = decision.at else { return }
        for message in outbox.messages(for: decision, pending: try pending()) {
            try enqueue(message, at: at)
        }
    }

    /// A new outbox row; for a sink that a 410 disabled it is dead-lettered at once, so the record remains and
    /// `deliveries retry` can still send it.
    func enqueue(_ message: OutboxMessage, at: Date) throws {
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
}
