public import FlowCore
public import Foundation

/// What a transition asks the store to read in its own transaction, besides the draft it acts on.
public struct ContextLookup: Sendable {
    /// A template by client and name, with its uses since `usesSince` (the start of the client's day).
    public var template: (client: String, name: String)?
    public var usesSince: Date?
    /// The size of the autonomy record of a client's lane, where the client grants it autonomy: the store then
    /// reads the record of the draft's lane.
    public var autonomyRecord: (@Sendable (_ client: String, _ lane: Lane) -> Int?)?
    /// Sends a draft of the lane back from its objection window when the decision switched autonomy off.
    public var endWindow: (@Sendable (Draft, [PendingTimer], _ reason: String) -> Decision?)?

    public init(
        template: (client: String, name: String)? = nil, usesSince: Date? = nil,
        autonomyRecord: (@Sendable (String, Lane) -> Int?)? = nil,
        endWindow: (@Sendable (Draft, [PendingTimer], String) -> Decision?)? = nil
    ) {
        self.template = template
        self.usesSince = usesSince
        self.autonomyRecord = autonomyRecord
        self.endWindow = endWindow
    }
}
