public import Foundation

/// A draft as the engine reads it for a caller: the draft itself and what the directory and its pending timers
/// say about it now. The API's draft view is built from it at the edge; nothing here knows the wire.
public struct DraftReading: Sendable {
    public var draft: Draft
    /// What the draft's lane asks of its client before it is approved.
    public var requiredApprovals: Int
    public var involvement: Involvement
    /// The draft's pending deadlines and ladder steps, in the order the store keeps them.
    public var upcoming: [Upcoming]
    /// The client's time zone; nil when the client is not in the config.
    public var timeZone: TimeZone?
    /// Past its due time and not yet done.
    public var overdue: Bool
    /// The draft's client is not in the config: only admins may act on it.
    public var orphan: Bool
    /// Where the draft's lane stands on earned autonomy, where the client grants it; read only for one draft shown.
    public var autonomy: AutonomyStanding?
    /// Each channel's count of the text against its limit; read only for one draft shown.
    public var channelCounts: [ChannelCount] = []

    public init(
        draft: Draft, requiredApprovals: Int, involvement: Involvement, upcoming: [Upcoming], timeZone: TimeZone?,
        overdue: Bool, orphan: Bool, autonomy: AutonomyStanding? = nil
    ) {
        self.draft = draft
        self.requiredApprovals = requiredApprovals
        self.involvement = involvement
        self.upcoming = upcoming
        self.timeZone = timeZone
        self.overdue = overdue
        self.orphan = orphan
        self.autonomy = autonomy
    }
}

extension Directory {
    /// Each of the draft's channels with its text's count in the channel's unit against its limit.
    public func channelCounts(of draft: Draft) -> [ChannelCount] { ChannelCheck.counts(draft.content, rules: channels) }

    /// The draft and its pending timers as a caller reads them at `now`. The timers are read once, as what they
    /// will do; the soonest of them is the involvement's next step.
    public func reading(of draft: consuming Draft, pending: [PendingTimer], now: Date) -> DraftReading {
        var upcoming: [Upcoming] = []
        upcoming.reserveCapacity(pending.count)
        for timer in pending { upcoming.append(self.upcoming(timer, of: draft)) }
        let soonest = upcoming.min { ($0.at, $0.timer.id) < ($1.at, $1.timer.id) }
        let dueAt = draft.dueAt
        let overdue = !draft.state.isTerminal && (dueAt.map { $0 <= now } ?? false)
        let required = policy(for: draft.lane, client: draft.client).requiredApprovals
        let involvement = self.involvement(of: draft, next: soonest)
        let zone = clients[draft.client]?.timeZone
        let orphan = isOrphan(draft)
        // The draft moves into the reading last, once everything read from it is read.
        return DraftReading(
            draft: draft, requiredApprovals: required, involvement: involvement, upcoming: upcoming, timeZone: zone,
            overdue: overdue, orphan: orphan)
    }
}
