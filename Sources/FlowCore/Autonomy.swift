public import Foundation

/// Earned autonomy, as a client grants it for one of its lanes: when its own record shows that it approves
/// almost everything unchanged, new drafts in the lane go out on "publish unless objected".
///
/// The record is the lane's last `after` decided drafts: drafts of that client and lane (templates and drafts
/// made from templates left out) whose review came to a first decision, an approval by people, a request for
/// changes, or an objection window that passed. A draft counts as approved without changes unless changes were
/// ever asked for on it. The lane has earned autonomy while the record holds `after` drafts of which at least
/// `share` were approved without changes. One request for changes while the lane runs on autonomy switches it
/// off at once, and the record starts afresh from that moment: only drafts decided after it count, so the
/// lane earns autonomy back with `after` new decided drafts at the share.
public struct AutonomyPolicy: Sendable, Equatable, Codable {
    public var after: Int
    public var share: Double
    /// How long the approvers have to object (request changes), in the lane's clock.
    public var window: TimeSpan

    public static let afterRange = 2...500
    public static let shareRange = 0.5...1.0

    public init(after: Int, share: Double, window: TimeSpan) {
        self.after = after
        self.share = share
        self.window = window
    }

    /// Where the lane stands on its record, and why, in words for `policy explain`, `show` and the log; the time
    /// autonomy was lost is told in the client's zone (`zone`).
    public func standing(_ record: AutonomyRecord, zone: TimeZone?, now: Date) -> AutonomyStanding {
        let counted = Array(record.unchanged.prefix(after))
        let unchanged = counted.filter { $0 }.count
        // Less a hair before rounding up: 0.55 × 100 is 55.000000000000007 in binary, and needs 55, not 56.
        let needed = Int((share * Double(after) - 1e-9).rounded(.up))
        let percent = { (value: Double) in "\(Int((value * 100).rounded()))%" }
        let since =
            record.lostAt.map {
                " since autonomy was lost on \(SpokenTime.format($0, in: zone, language: .en, now: now))"
            } ?? ""
        guard counted.count >= after else {
            return AutonomyStanding(
                earned: false, decided: counted.count, unchanged: unchanged, after: after, needed: needed,
                why: "\(counted.count) of the \(after) decided drafts the record needs\(since)")
        }
        let earned = unchanged >= needed
        return AutonomyStanding(
            earned: earned, decided: counted.count, unchanged: unchanged, after: after, needed: needed,
            why:
                "\(unchanged) of the last \(after) decided drafts approved without changes (\(percent(Double(unchanged) / Double(after)))"
                + (earned ? " ≥ " : " < ") + "\(percent(share)))")
    }
}

/// A lane's record as the store reads it.
public struct AutonomyRecord: Sendable, Equatable {
    /// The lane's decided drafts since autonomy was last lost, newest first: true when approved without changes.
    public var unchanged: [Bool]
    /// When autonomy was last switched off in this lane, if ever.
    public var lostAt: Date?

    public init(unchanged: [Bool] = [], lostAt: Date? = nil) {
        self.unchanged = unchanged
        self.lostAt = lostAt
    }
}

/// Whether a lane runs on autonomy now, and the figures that say why.
public struct AutonomyStanding: Sendable, Equatable {
    public var earned: Bool
    public var decided: Int
    public var unchanged: Int
    public var after: Int
    public var needed: Int
    public var why: String
}

/// How a draft in review is reviewed.
public enum ReviewMode: String, Sendable, Codable {
    /// The lane's ladder and review deadline.
    case normal
    /// Approved when the objection window passes unless someone objects (requests changes) or approves first.
    case unlessObjected = "unless-objected"
}

/// A request for changes in a lane the client grants autonomy: the store sends the lane's other drafts in their
/// objection window back to normal review and, when the lane had earned autonomy (`lost`), records the loss,
/// in the same transaction.
public struct AutonomyLoss: Sendable, Equatable {
    public var client: String
    public var lane: Lane
    public var at: Date
    public var lost: Bool
    public var reason: String
}

extension Deadlines {
    /// A draft in its objection window goes back to normal review: the window's timer goes, the lane's ladder
    /// and review deadline are planned counted from now.
    public static func endObjectionWindow(
        _ draft: Draft, pending: [PendingTimer], because reason: String, directory: Directory, now: Date
    ) -> Decision? {
        guard draft.state == .review, draft.reviewMode == .unlessObjected else { return nil }
        var next = draft
        next.reviewMode = .normal
        next.updatedAt = now
        next.enteredAt = now
        let (timers, due) = entering(next, after: .replan, directory: directory, now: now)
        next.dueAt = due
        let plan = TimerPlan(cancelAll: true, add: timers)
        let event = Event(
            draftID: draft.id, at: now, actor: systemActor.user.name, kind: .replan, from: .review, to: .review,
            revision: draft.revision, message: "back to normal review: \(reason)",
            data: ["mode": ReviewMode.normal.rawValue])
        return Decision(
            draft: next, events: [event], newRevision: false, timers: plan,
            told: directory.reviewers(of: next),
            links: LinkPlan(mint: directory.linkGrants(for: directory.reviewers(of: next), on: next, now: now)))
    }
}
