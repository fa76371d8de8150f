import Foundation

/// One due timer's firing on its draft: what every decision it can make shares, and one method per kind of timer
/// and ladder step. `Deadlines.fire` picks the method.
struct Firing {
    let timer: PendingTimer
    let draft: Draft
    /// The draft's other timers, for "what happens next".
    let pending: [PendingTimer]
    let directory: Directory
    let now: Date

    /// The decision for a timer that no longer fits the draft: it fires into nothing.
    var nothing: Decision {
        Decision(draft: draft, events: [], newRevision: false, timers: TimerPlan(remove: [timer.id]))
    }

    func event(_ kind: EventKind, to state: DraftState, message: String? = nil, data: [String: String]) -> Event {
        Event(
            draftID: draft.id, at: now, actor: Deadlines.systemActor.user.name, kind: kind, from: draft.state,
            to: state, revision: draft.revision, message: message, data: data)
    }

    /// The decision that records `event` and leaves the draft as `next`; a change of state re-plans its timers.
    /// `told` is whom an escalation added; otherwise `Directory.told(about:draft:)` decides.
    func decision(_ next: Draft, _ event: Event, plan: TimerPlan? = nil, told: [String]? = nil) -> Decision {
        let plan = plan ?? TimerPlan(remove: [timer.id])
        var decision = Decision(draft: next, events: [event], newRevision: false, timers: plan)
        if next.state != draft.state {
            decision.timers = Deadlines.replan(
                for: &decision.draft, leaving: draft.state, after: event.kind, directory: directory, now: now)
            decision.timers.remove.append(timer.id)
        }
        decision.told = told ?? directory.told(about: event.kind, draft: decision.draft)
        return decision
    }

    /// The draft approved on the system's behalf (silence, or an objection window that passed).
    func approvedBySystem() -> Draft {
        var next = draft
        next.approvals.append(Approval(user: Deadlines.systemActor.user.name, revision: draft.revision, at: now))
        next.state = .approved
        next.approvedHash = draft.contentHash
        next.updatedAt = now
        next.enteredAt = now
        return next
    }

    func objectionEnds(_ policy: LanePolicy) -> Decision {
        guard draft.reviewMode == .unlessObjected else { return nothing }
        guard let autonomy = policy.autonomy else {
            // The config took autonomy away and no re-planning has run since: review as usual, never silence.
            return Deadlines.endObjectionWindow(
                draft, pending: pending, because: "the config no longer grants this lane autonomy",
                directory: directory, now: now) ?? nothing
        }
        var next = approvedBySystem()
        if next.decidedAt == nil { next.decidedAt = now }
        let data = [
            "hash": draft.contentHash, "rule": "no objection within \(autonomy.window) (earned autonomy)",
            "mode": ReviewMode.unlessObjected.rawValue,
        ]
        let message = "approved: nobody objected within \(autonomy.window), under the autonomy the client granted"
        return decision(next, event(.autoApprove, to: .approved, message: message, data: data))
    }

    func deadlinePassed() -> Decision {
        let data = ["deadline": isoUTC(timer.dueAt), "state": draft.state.rawValue]
        let text = "the \(draft.state.rawValue) deadline passed"
        return decision(draft, event(.deadlineMissed, to: draft.state, message: text, data: data))
    }

    func promiseLapsed() -> Decision {
        var next = draft
        next.acknowledgedUntil = nil
        let data = [
            "deadline": isoUTC(timer.dueAt), "state": draft.state.rawValue, "kind": TimerKind.acknowledgement.rawValue,
        ]
        let message = "no decision by the acknowledged time; the ladder resumes"
        return decision(next, event(.deadlineMissed, to: draft.state, message: message, data: data))
    }

    func step(_ step: LadderStep, policy: LanePolicy, clock: DeadlineClock) -> Decision {
        var data = ["rule": step.rule, "step": "\(timer.step + 1)", "due": isoUTC(timer.dueAt)]
        switch step.action {
        case .remind: return remind(step, clock: clock, data: data)
        case .warn: return warn(data: data)
        case .escalate:
            var next = draft
            let added = directory.told(whenFiring: step, on: draft)
            next.extraReviewers += added
            data["to"] = step.to ?? "backup_approvers"
            data["added"] = added.joined(separator: ", ")
            var escalated = decision(next, event(.escalate, to: .review, data: data), told: added)
            escalated.links.mint = directory.linkGrants(for: added, on: next, now: now)
            return escalated
        case .autoApprove:
            guard policy.allowAutoApprove else { return nothing }
            data["hash"] = draft.contentHash
            let message = "approved on the system's behalf: silence is consent under this lane's policy"
            return decision(approvedBySystem(), event(.autoApprove, to: .approved, message: message, data: data))
        case .returnToDraft:
            var next = draft
            next.state = .draft
            next.approvals.removeAll()
            next.updatedAt = now
            next.enteredAt = now
            return decision(next, event(.returnToDraft, to: .draft, message: "review expired", data: data))
        }
    }

    private func remind(_ step: LadderStep, clock: DeadlineClock, data: [String: String]) -> Decision {
        var data = data
        var plan = TimerPlan(remove: [timer.id])
        data["occurrence"] = "\(timer.occurrence + 1)"
        if let every = step.every, every.seconds > 0 {
            // Repeats missed while flowd was down coalesce: the next one is the first still in the future.
            var occurrence = timer.occurrence + 1
            var due = clock.add(every, to: timer.dueAt)
            while due <= now && (step.max.map { occurrence < $0 } ?? true) {
                occurrence += 1
                due = clock.add(every, to: due)
            }
            if step.max.map({ occurrence < $0 }) ?? true {
                var repeated = timer
                repeated.id = 0
                repeated.ladderStep = step
                repeated.dueAt = due
                repeated.occurrence = occurrence
                plan.add.append(repeated)
            }
        }
        var reminded = decision(draft, event(.remind, to: .review, data: data), plan: plan)
        reminded.links.mint = directory.linkGrants(for: reminded.told, on: draft, now: now)
        return reminded
    }

    private func warn(data: [String: String]) -> Decision {
        var data = data
        // What comes next is what is pending: the same timers the view and the agenda show.
        let later = pending.filter { $0.id != timer.id && $0.dueAt >= timer.dueAt }
            .map { directory.upcoming($0, of: draft) }.filter { $0.kind != .step(.remind) }
            .min { ($0.at, $0.timer.id) < ($1.at, $1.timer.id) }
        var message = "no further escalation is planned"
        if let first = later {
            message =
                "\(first.action) at \(Deadlines.format(first.at, in: directory.clients[draft.client]?.timeZone))"
            data["next"] = first.action
            data["next_at"] = isoUTC(first.at)
        }
        return decision(draft, event(.warn, to: .review, message: message, data: data))
    }
}
