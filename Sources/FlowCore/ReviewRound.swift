public import Foundation

/// One review round of a draft's history as the policy simulator fits it: what happened, in seconds of the lane's
/// clock after the submission that opened it (working seconds where the lane runs in business hours).
public struct ReviewRound: Sendable, Equatable {
    public var draftID: Int64
    public var submitted: Date
    /// When the round's first reminder and first escalation fired.
    public var reminded: Double?
    public var escalated: Double?
    /// When a person first answered with a decision (an approval or a request for changes), and who.
    public var answered: Double?
    public var answeredBy: String?
    /// The first answer asked for changes.
    public var changes = false
    /// When the round ended (a decision, an automatic approval, a return or a withdrawal); nil while it runs.
    public var ended: Double?
    /// For a round that follows a request for changes: how long the rework took.
    public var rework: Double?

    public init(draftID: Int64, submitted: Date) {
        self.draftID = draftID
        self.submitted = submitted
    }

    /// The rounds in one draft's events, in order (`events` in the order they were recorded).
    public static func rounds(of events: [Event], clock: DeadlineClock) -> [ReviewRound] {
        var rounds: [ReviewRound] = []
        var open: ReviewRound?
        var changesAt: Date?
        for event in events {
            if event.kind == .submit || (event.kind == .templateUsed && event.to == .review) {
                var round = ReviewRound(draftID: event.draftID, submitted: event.at)
                round.rework = changesAt.map { clock.elapsed(from: $0, to: event.at) }
                changesAt = nil
                open = round
                continue
            }
            guard var round = open else { continue }
            let at = clock.elapsed(from: round.submitted, to: event.at)
            switch event.kind {
            case .remind: round.reminded = round.reminded ?? at
            case .escalate: round.escalated = round.escalated ?? at
            case .approve, .requestChanges:
                guard round.answered == nil, event.actor != Deadlines.systemActor.user.name else { break }
                round.answered = at
                round.answeredBy = event.actor
                round.changes = event.kind == .requestChanges
            default: break
            }
            if event.to != .review {
                round.ended = at
                if event.kind == .requestChanges { changesAt = event.at }
                rounds.append(round)
                open = nil
            } else {
                open = round
            }
        }
        if let open { rounds.append(open) }
        return rounds
    }
}

extension DeadlineClock {
    /// Seconds of this clock from `from` to `to`: working seconds where it runs in business hours.
    public func elapsed(from: Date, to: Date) -> Double {
        guard to > from else { return 0 }
        guard kind == .business, let hours else { return to.timeIntervalSince(from) }
        return (table ?? WorkingCalendar(hours: hours, from: from, to: to)).workingTime(from: from, to: to)
    }

    /// The same clock with the client's working windows laid out from `from` to `to`, for a caller that asks about
    /// many instants between.
    public func laidOut(from: Date, to: Date) -> DeadlineClock {
        guard let hours else { return self }
        return laidOut(WorkingCalendar(hours: hours, from: from, to: to))
    }
}
