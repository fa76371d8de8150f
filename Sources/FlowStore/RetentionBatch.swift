/// What one batch of retention work did.
public struct RetentionBatch: Sendable, Equatable {
    public var deliveredPurged = 0
    public var receiptsPurged = 0
    public var orphansDeadLettered = 0
    public var inboxLinksPurged = 0
    /// True when a kind filled its batch: there may be more, and the caller runs another batch after a pause.
    public var more = false

    public init() {}
}
