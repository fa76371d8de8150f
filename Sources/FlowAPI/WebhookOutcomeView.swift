public import FlowCore

/// Answer of `POST /hooks/<source>`: the transition, or for a redelivery the first one's outcome.
public struct WebhookOutcomeView: Sendable, Equatable {
    public var ok: Bool
    public var duplicate: Bool
    public var draft: Int64
    public var action: String?
    public var state: String?
    public var revision: Int?
    public var event: Int64?

    public init(duplicate: Bool, _ outcome: DeliveryOutcome) {
        ok = true
        self.duplicate = duplicate
        draft = outcome.draft
        action = outcome.action
        state = outcome.state
        revision = outcome.revision
        event = outcome.event
    }
}
