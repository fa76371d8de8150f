/// What a transition that carried a sender's delivery id did. It is kept with the receipt, so that a redelivery,
/// which changes nothing, is answered as the first copy was. State and action stay texts: a receipt written by an
/// older flowd must read back whatever it holds.
public struct DeliveryOutcome: Sendable, Equatable {
    public var draft: Int64
    public var state: String?
    public var revision: Int?
    public var action: String?
    public var event: Int64?

    public init(draft: Int64, state: String? = nil, revision: Int? = nil, action: String? = nil, event: Int64? = nil) {
        self.draft = draft
        self.state = state
        self.revision = revision
        self.action = action
        self.event = event
    }

    /// A committed decision's outcome: its draft as the decision left it, and its last event.
    public init(_ decision: Decision) {
        let last = decision.events.last
        self.init(
            draft: decision.draft.id, state: decision.draft.state.rawValue, revision: decision.draft.revision,
            action: last?.kind.rawValue, event: last?.id)
    }
}
