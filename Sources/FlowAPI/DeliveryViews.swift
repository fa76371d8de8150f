public import FlowCore
public import Foundation

/// One outbox row: a notification for one sink and how its delivery went.
public struct DeliveryView: Codable, Sendable, Equatable {
    public var id: Int64
    public var sink: String
    public var webhookId: String
    public var type: String
    public var draft: Int64
    public var event: Int64
    /// pending, delivered, skipped (taken by the sink, reaching nobody) or dead.
    public var state: String
    public var createdAt: Date
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastAttemptAt: Date?
    public var lastStatus: Int?
    /// Why the last attempt failed; nil once delivered.
    public var lastError: String?
    /// What the last attempt came to, in words: "HTTP 200", "exit 0: mailed carl@acme.example", the error.
    public var outcome: String?
    public var deliveredAt: Date?

    public init(
        id: Int64, sink: String, webhookId: String, type: String, draft: Int64, event: Int64, state: String,
        createdAt: Date, attempts: Int, nextAttemptAt: Date?, lastAttemptAt: Date?, lastStatus: Int?,
        lastError: String?, outcome: String? = nil, deliveredAt: Date?
    ) {
        self.id = id
        self.sink = sink
        self.webhookId = webhookId
        self.type = type
        self.draft = draft
        self.event = event
        self.state = state
        self.createdAt = createdAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastAttemptAt = lastAttemptAt
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.outcome = outcome
        self.deliveredAt = deliveredAt
    }

    /// An outbox row as `flowctl deliveries` shows it: never its payload or its own target address.
    public init(_ row: OutboxRow) {
        self.init(
            id: row.id, sink: row.sink, webhookId: row.webhookID, type: row.type, draft: row.draftID,
            event: row.eventID,
            state: row.skipped ? "skipped" : row.state, createdAt: row.createdAt, attempts: row.attempts,
            nextAttemptAt: row.nextAttemptAt,
            lastAttemptAt: row.lastAttemptAt, lastStatus: row.lastStatus,
            // A delivered row's text is what the sink said, not an error.
            lastError: row.state == "delivered" ? nil : row.lastError,
            outcome: row.lastError ?? row.lastStatus.map { "HTTP \($0)" }, deliveredAt: row.deliveredAt)
    }
}

/// A page of deliveries, newest first.
public struct DeliveryList: Codable, Sendable {
    public var deliveries: [DeliveryView]
    public var nextBefore: Int64?

    public init(deliveries: [DeliveryView], nextBefore: Int64?) {
        self.deliveries = deliveries
        self.nextBefore = nextBefore
    }
}
