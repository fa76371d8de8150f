public import FlowCore
public import Foundation

/// A timer whose effects could not be written; the batch's other firings are committed.
public struct TimerFailure: Error, CustomStringConvertible {
    public var timer: PendingTimer
    public var underlying: any Error
    public var committedSoFar: [Decision]
    /// How often this timer has failed in a row, and when it is tried again.
    public var attempts: Int
    public var retryAt: Date

    public var description: String { "timer \(timer.id) of draft \(timer.draftID) failed: \(underlying)" }
}
