public import Foundation

/// One notification in the outbox, as delivery sees and `flowctl deliveries` shows it.
public struct OutboxRow: Sendable, Equatable {
    public var id: Int64
    public var sink: String
    public var webhookID: String
    public var type: String
    public var draftID: Int64
    public var eventID: Int64
    public var payload: String
    /// pending, delivered or dead.
    public var state: String
    public var createdAt: Date
    public var nextAttemptAt: Date?
    public var attempts: Int
    public var firstAttemptAt: Date?
    public var lastAttemptAt: Date?
    public var lastStatus: Int?
    public var lastError: String?
    public var deliveredAt: Date?
    /// An address of the row's own that replaces its sink's URL (a Slack `response_url`).
    public var target: String?
    /// Delivered to a sink that said it reached nobody (`CommandOutcome.skipped`).
    public var skipped = false

    public init(
        id: Int64, sink: String, webhookID: String, type: String, draftID: Int64, eventID: Int64, payload: String,
        state: String, createdAt: Date, nextAttemptAt: Date?, attempts: Int, firstAttemptAt: Date?,
        lastAttemptAt: Date?, lastStatus: Int?, lastError: String?, deliveredAt: Date?, target: String? = nil,
        skipped: Bool = false
    ) {
        self.skipped = skipped
        self.id = id
        self.sink = sink
        self.webhookID = webhookID
        self.type = type
        self.draftID = draftID
        self.eventID = eventID
        self.payload = payload
        self.state = state
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
        self.attempts = attempts
        self.firstAttemptAt = firstAttemptAt
        self.lastAttemptAt = lastAttemptAt
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.deliveredAt = deliveredAt
        self.target = target
    }
}
