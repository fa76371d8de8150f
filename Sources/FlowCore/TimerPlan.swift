public import Foundation

/// Timer changes that belong in the same transaction as a decision.
public struct TimerPlan: Sendable, Equatable {
    /// Drop every pending timer of the draft (the state was left).
    public var cancelAll = false
    /// Drop these timers (the one that fired).
    public var remove: [Int64] = []
    /// Hold ladder steps due before this until it, and replace any earlier acknowledgement.
    public var deferStepsUntil: Date?
    public var add: [PendingTimer] = []

    public init(cancelAll: Bool = false, remove: [Int64] = [], deferStepsUntil: Date? = nil, add: [PendingTimer] = []) {
        self.cancelAll = cancelAll
        self.remove = remove
        self.deferStepsUntil = deferStepsUntil
        self.add = add
    }

    /// The earliest new timer, so the escalator can wake early.
    public var earliest: Date? { add.map(\.dueAt).min() ?? deferStepsUntil }
}
