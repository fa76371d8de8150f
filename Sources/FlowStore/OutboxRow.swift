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
    public var target: String? = nil
}
