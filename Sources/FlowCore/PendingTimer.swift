public import Foundation

/// A durable timer, as stored: it fires once, then is gone (a repeat is a new timer).
public struct PendingTimer: Sendable, Equatable, Codable {
    public var id: Int64
    public var draftID: Int64
    /// The state the timer belongs to; a state change cancels it.
    public var state: DraftState
    public var kind: TimerKind
    /// Index into the lane's ladder for `.step` when it was planned, else -1; shown to people as "step N".
    public var step: Int
    /// The ladder step this timer was planned for, stored with it, so that a config reload can never make
    /// it fire a different step (`Deadlines.replan(afterReload:)` re-plans instead).
    public var ladderStep: LadderStep?
    public var dueAt: Date
    /// Which repeat of a `remind … every` this is, from 0.
    public var occurrence: Int

    public init(
        id: Int64 = 0, draftID: Int64, state: DraftState, kind: TimerKind, step: Int = -1,
        ladderStep: LadderStep? = nil, dueAt: Date, occurrence: Int = 0
    ) {
        self.id = id
        self.ladderStep = ladderStep
        self.draftID = draftID
        self.state = state
        self.kind = kind
        self.step = step
        self.dueAt = dueAt
        self.occurrence = occurrence
    }
}
