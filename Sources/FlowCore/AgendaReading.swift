public import Foundation

/// What comes due across the drafts a caller sees, soonest first, and the crises running now: `flowctl agenda`,
/// as the engine reads it.
public struct AgendaReading: Sendable {
    /// One pending deadline or ladder step of one draft.
    public struct Entry: Sendable {
        public var draft: Draft
        /// The side whose turn it is; nil once the draft is done.
        public var whoseMove: Side?
        public var step: Upcoming
        /// The client's time zone; nil when the client is not in the config.
        public var timeZone: TimeZone?

        public init(draft: Draft, whoseMove: Side?, step: Upcoming, timeZone: TimeZone?) {
            self.draft = draft
            self.whoseMove = whoseMove
            self.step = step
            self.timeZone = timeZone
        }
    }

    public var now: Date
    public var entries: [Entry]
    /// Crises running now, in the caller's scope.
    public var crises: [Crisis]

    public init(now: Date, entries: [Entry], crises: [Crisis]) {
        self.now = now
        self.entries = entries
        self.crises = crises
    }
}
