public import Foundation

/// What the shell must persist for one accepted request.
public struct Decision: Sendable, Equatable {
    public var draft: Draft
    public var events: [Event]
    /// True when the content changed and a revision row must be written.
    public var newRevision: Bool
    /// Timers to cancel, defer and set in the same transaction.
    public var timers: TimerPlan
    /// Who is told about the events (`Directory.told(about:draft:)`, or whom an escalation added).
    public var told: [String]
    /// Review links to revoke and mint in the same transaction.
    public var links: LinkPlan
    /// The links minted, by user: filled in by the store, which makes them, for the notifications written in the
    /// same transaction (as placeholders the notifier turns into addresses at delivery).
    public var linkRefs: [String: LinkRef] = [:]
    /// The inbox links of the people who got review links (`InboxLink`), as the store found or minted them.
    public var inboxRefs: [String: LinkRef] = [:]
    /// A request for changes that switched the lane's autonomy off.
    public var autonomyLost: AutonomyLoss?
    /// What the store decided and wrote for other drafts in the same transaction (drafts sent back from their
    /// objection window when autonomy was lost), for the log and the event feed.
    public var followUps: [Decision] = []

    /// When the decision was made: the time its events share (each is made at the decider's `now`); nil when it has
    /// none. Not the draft's `updatedAt`, which a comment or a reminder leaves as it was.
    public var at: Date? { events.first?.at }

    public init(
        draft: Draft, events: [Event], newRevision: Bool, timers: TimerPlan = TimerPlan(), told: [String] = [],
        links: LinkPlan = LinkPlan()
    ) {
        self.draft = draft
        self.events = events
        self.newRevision = newRevision
        self.timers = timers
        self.told = told
        self.links = links
    }
}
