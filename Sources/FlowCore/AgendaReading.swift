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

extension Directory {
    /// Whether an agenda entry is `person`'s: they must act on the draft now, the step involves them, or they wrote
    /// it. A client's approver sees what waits for them, not the agency's other deadlines (`flowctl agenda --all`
    /// shows everything in scope).
    public func concerns(_ entry: AgendaReading.Entry, _ person: String) -> Bool {
        entry.step.involves.contains(person) || mustAct(entry.draft).contains(person) || entry.draft.author == person
            || entry.draft.wrote(person)
    }
}
