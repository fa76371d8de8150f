public import Foundation

/// How `flowctl report` groups its figures.
public enum ReportGrouping: String, Sendable, Codable, CaseIterable {
    /// By the draft's client, lane, or each of its channels (a draft on two channels counts in both).
    case client, lane, channel
    /// By the person who decided the review round (approve or request changes); `flowd` for auto-approvals and
    /// expired reviews, `(none)` for rounds still open or withdrawn. Acknowledgements go to whoever gave them.
    case approver
    /// By the side that held the ball: submissions and time in draft go to the author's side, everything in
    /// review to the reviewing side.
    case side
}

/// Every figure of one group of a report, summed as the events go by.
public struct ReportFigures: Sendable, Equatable {
    /// Distinct drafts with a submission, a decision or a publication in the period.
    public var drafts = 0
    /// Review rounds started (each submit, resubmissions included).
    public var submitted = 0
    /// Review rounds that ended in a decision: approved (by people or automatically) or changes requested.
    public var decided = 0
    public var approved = 0
    public var changesRequested = 0
    public var autoApproved = 0
    /// Reviews that expired and went back to draft (`return` steps).
    public var expired = 0
    /// Drafts published in the period.
    public var published = 0
    /// The first approval (by people or automatically) in the period.
    public var firstApprovedAt: Date?
    /// Submission to decision, for decided rounds: wall time and the client's working time.
    public var reviewWall = DurationHistogram()
    public var reviewBusiness = DurationHistogram()
    /// Submission to the first approve, request for changes, acknowledgement, or comment from the reviewing side.
    public var firstResponseWall = DurationHistogram()
    public var firstResponseBusiness = DurationHistogram()
    /// Seconds each side held the drafts within the period: the reviewing side in review, the author's in draft.
    public var heldWall = PerSide()
    public var heldBusiness = PerSide()
    /// Times a draft went back from review to draft (changes requested or the review expired).
    public var reworkRounds = 0
    /// Decided rounds in a lane with a review SLA, and how many of them were decided within it.
    public var slaRounds = 0
    public var slaHits = 0
    /// Escalation ladder events by kind (remind, warn, escalate, auto-approve, return, deadline-missed).
    public var steps = StepCounts()
    /// Acknowledgements given ("decision by T"), and of those: decided by T, not decided by T, still running.
    public var acksGiven = 0
    public var acksKept = 0
    public var acksBroken = 0
    public var acksPending = 0
    /// Drafts past their current deadline now (not limited to the period).
    public var overdue = 0

    public init() {}

    /// Rework rounds per draft that was in the loop; nil without drafts.
    public var reworkPerDraft: Double? { drafts > 0 ? Double(reworkRounds) / Double(drafts) : nil }

    /// Share of SLA rounds decided within the SLA; nil where no lane had one.
    public var slaHitRate: Double? { slaRounds > 0 ? Double(slaHits) / Double(slaRounds) : nil }
}

/// Seconds for each side: two fields, not a dictionary, because the report adds to them for every wait.
public struct PerSide: Sendable, Equatable {
    public var agency = 0.0
    public var company = 0.0

    public init() {}

    public subscript(side: Side) -> Double {
        get { side == .agency ? agency : company }
        set {
            if side == .agency { agency = newValue } else { company = newValue }
        }
    }
}

/// Ladder events by kind, as fields for the same reason.
public struct StepCounts: Sendable, Equatable {
    public var remind = 0
    public var warn = 0
    public var escalate = 0
    public var autoApprove = 0
    public var returnToDraft = 0
    public var deadlineMissed = 0

    public init() {}

    /// Counts one event of a ladder kind; other kinds are not steps and change nothing.
    public mutating func count(_ kind: EventKind) {
        switch kind {
        case .remind: remind += 1
        case .warn: warn += 1
        case .escalate: escalate += 1
        case .autoApprove: autoApprove += 1
        case .returnToDraft: returnToDraft += 1
        case .deadlineMissed: deadlineMissed += 1
        case .create, .edit, .submit, .approve, .requestChanges, .publish, .withdraw, .comment, .acknowledge, .replan,
            .templateUsed, .linkShown, .linkSent, .standIn:
            break
        }
    }

    public mutating func add(_ other: StepCounts) {
        remind += other.remind
        warn += other.warn
        escalate += other.escalate
        autoApprove += other.autoApprove
        returnToDraft += other.returnToDraft
        deadlineMissed += other.deadlineMissed
    }
}
