public import Foundation

/// A pending timer seen as what it will do and whom it will involve.
public struct Upcoming: Sendable, Equatable {
    /// What comes due.
    public enum Kind: Sendable, Equatable {
        case step(StepAction)
        case deadline
        case acknowledgementEnds
        /// The objection window under earned autonomy ends: approved unless someone objected.
        case objectionEnds
        /// A timer whose step no longer exists anywhere (it fires into nothing).
        case unknown
    }

    public var timer: PendingTimer
    public var kind: Kind
    /// The rule behind it, as config spells it ("escalate to backup_approvers after 4h").
    public var rule: String
    public var involves: [String]

    public var at: Date { timer.dueAt }

    /// The name the API and the logs use: a step's action as config spells it, `deadline`, or
    /// `acknowledgement ends`.
    public var action: String {
        switch kind {
        case .step(let action): action.rawValue
        case .deadline: "deadline"
        case .acknowledgementEnds: "acknowledgement ends"
        case .objectionEnds: "objection window ends"
        case .unknown: "step"
        }
    }
}

/// Who has to do what about a draft at one moment. Computed only here: the draft view, notifications, the
/// agenda, the review page and the escalator all read it, so they cannot disagree. Every pending timer involves
/// the people its firing tells (`upcoming(_:of:)`), the same list `policy explain` shows for a step.
public struct Involvement: Sendable, Equatable {
    /// The side whose turn it is; nil once the draft is done.
    public var whoseMove: Side?
    /// The people expected to move the draft on.
    public var mustAct: [String]
    /// Who reviews the draft now (`reviewers(of:)`); empty outside review.
    public var reviewers: [String]
    /// The next pending step, if any.
    public var next: Upcoming?
}

extension Directory {
    /// Who has to do what at `moment` (at any time when nil): the next step is the soonest timer due after it.
    public func involvement(of draft: Draft, pending: [PendingTimer], after moment: Date? = nil) -> Involvement {
        let future = pending.filter { timer in moment.map { timer.dueAt > $0 } ?? true }
        let soonest = future.min { ($0.dueAt, $0.id) < ($1.dueAt, $1.id) }
        return involvement(of: draft, next: soonest.map { upcoming($0, of: draft) })
    }

    /// Who has to do what, with the next step already read: a caller that reads every pending timer as what it
    /// will do reads the soonest once, not twice.
    public func involvement(of draft: Draft, next: Upcoming?) -> Involvement {
        let reviewers = draft.state == .review ? reviewers(of: draft) : []
        return Involvement(
            whoseMove: whoseMove(draft), mustAct: draft.state == .review ? reviewers : mustAct(draft),
            reviewers: reviewers, next: next)
    }

    /// Agency or company: reviewers' side in review, the writing side in draft and once approved.
    public func whoseMove(_ draft: Draft) -> Side? {
        switch draft.state {
        case .review: draft.revisionAuthorSide.other
        // An approved template is ready to use: nobody's move, nothing to publish.
        case .approved where draft.template != nil: nil
        case .draft, .approved: draft.revisionAuthorSide
        case .published, .withdrawn: nil
        }
    }

    /// Reviewers in review, the revision's author in draft, the writing side's publishers once approved (its
    /// author when there are none), nobody at the end.
    public func mustAct(_ draft: Draft) -> [String] {
        switch draft.state {
        case .review: return reviewers(of: draft)
        case .draft: return [draft.revisionAuthor]
        case .approved where draft.template != nil: return []
        case .approved:
            let publishers = publishers(of: draft)
            return publishers.isEmpty ? [draft.revisionAuthor] : publishers
        case .published, .withdrawn: return []
        }
    }

    /// Who is told about an event of `kind` that left the draft as it is now. Escalation tells the people it
    /// added, which only the firing knows; `Deadlines.fire` passes them itself.
    public func told(about kind: EventKind, draft: Draft) -> [String] {
        var names: [String]
        switch kind {
        case .remind: return reviewers(of: draft)
        // The author hears what is coming; the reviewers whose time ran out hear that it did.
        case .warn, .returnToDraft: names = [draft.revisionAuthor] + reviewers(of: draft)
        case .autoApprove: names = [draft.revisionAuthor] + mustAct(draft) + reviewers(of: draft)
        case .create, .edit, .submit, .approve, .requestChanges, .publish, .withdraw, .comment, .acknowledge,
            .escalate, .deadlineMissed, .replan, .templateUsed, .linkShown, .linkSent, .standIn:
            return draft.state.isTerminal ? [draft.author] : mustAct(draft)
        }
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }

    /// Who a ladder step tells when it fires on a draft in review: what `told(about:)` says of the event it
    /// records, or for an escalation, the people it adds: the target's members in the client's scope, but not
    /// the writers of the revision (four eyes) nor those an earlier escalation added.
    public func told(whenFiring step: LadderStep, on draft: Draft) -> [String] {
        switch step.action {
        case .escalate:
            return members(of: step.to ?? "backup_approvers", client: draft.client).filter {
                !draft.extraReviewers.contains($0) && !draft.wrote($0)
            }
        case .remind, .warn: return told(about: EventKind(step.action), draft: draft)
        case .autoApprove: return told(about: .autoApprove, draft: draft.leavingReview(for: .approved))
        case .returnToDraft: return told(about: .returnToDraft, draft: draft.leavingReview(for: .draft))
        }
    }

    /// The ladder step a timer was planned for: the one it stored, or for a timer from before steps were
    /// stored, the step at its index in today's ladder.
    public func step(of timer: PendingTimer, draft: Draft) -> LadderStep? {
        if let step = timer.ladderStep { return step }
        let ladder = policy(for: draft.lane, client: draft.client).ladder
        return ladder.indices.contains(timer.step) ? ladder[timer.step] : nil
    }

    /// A pending timer as what it will do and whom its firing tells: a step as `told(whenFiring:on:)` says, a
    /// missed deadline or promise whoever must act, the end of an objection window what an approval tells.
    public func upcoming(_ timer: PendingTimer, of draft: Draft) -> Upcoming {
        switch timer.kind {
        case .deadline:
            return Upcoming(
                timer: timer, kind: .deadline, rule: "\(timer.state.rawValue) deadline",
                involves: told(about: .deadlineMissed, draft: draft))
        case .acknowledgement:
            return Upcoming(
                timer: timer, kind: .acknowledgementEnds, rule: "decision promised by then",
                involves: told(about: .deadlineMissed, draft: draft))
        case .objection:
            return Upcoming(
                timer: timer, kind: .objectionEnds, rule: "approved unless someone objects (earned autonomy)",
                involves: told(about: .autoApprove, draft: draft.leavingReview(for: .approved)))
        case .step:
            guard let step = step(of: timer, draft: draft) else {
                return Upcoming(timer: timer, kind: .unknown, rule: "", involves: [])
            }
            return Upcoming(
                timer: timer, kind: .step(step.action), rule: step.rule, involves: told(whenFiring: step, on: draft))
        }
    }
}

extension Draft {
    /// The draft as a ladder step or window that ends its review leaves it: in `state`, with escalation's
    /// additions gone (a new state starts without them).
    func leavingReview(for state: DraftState) -> Draft {
        var after = self
        after.state = state
        after.extraReviewers = []
        return after
    }
}
