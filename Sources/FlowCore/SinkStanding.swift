public import Foundation

/// One delivery sink as operators see it: where it sends, whether it is on, and its outbox counts of the rows
/// the caller may see. A sink removed from the config still owns rows, so it keeps standing until they are gone.
public struct SinkStanding: Sendable, Equatable {
    /// On, off since a 410 Gone (until an operator retries one of its deliveries), or gone from the config.
    public enum State: Sendable, Equatable {
        case active
        case disabled(at: Date, reason: String)
        case removed
    }

    public var name: String
    /// What may be shown of the address: scheme, host and port of a URL (a Slack webhook URL's path is itself a
    /// secret), the program of a command. Nil for a removed sink.
    public var target: String?
    /// Nil for a removed sink.
    public var format: SinkFormat?
    public var state: State
    public var pending: Int
    public var delivered: Int
    public var dead: Int
    /// Taken by the sink and reaching nobody (`CommandOutcome`): not among `delivered`.
    public var skipped = 0

    public init(
        name: String, target: String?, format: SinkFormat?, state: State, pending: Int, delivered: Int, dead: Int,
        skipped: Int = 0
    ) {
        self.skipped = skipped
        self.name = name
        self.target = target
        self.format = format
        self.state = state
        self.pending = pending
        self.delivered = delivered
        self.dead = dead
    }
}
