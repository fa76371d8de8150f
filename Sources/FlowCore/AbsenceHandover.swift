public import Foundation

/// What an absence does to the drafts in review: their reviews move to the stand-in when it begins and back when it
/// ends, and a draft that would wait on someone away with nobody standing in escalates at once.
extension Directory {
    /// Whether a draft in review waits on someone away with nobody standing in: fewer people can still approve it
    /// than the approvals it lacks. The ladder's next escalation is then due at once (`Deadlines.entering`,
    /// `handover`).
    public func awaitsAbsent(_ draft: Draft) -> Bool {
        guard draft.state == .review, draft.reviewMode == .normal, draft.revisionAuthorSide == .agency,
            listed(on: draft).contains(where: { acting(for: $0, on: draft) == nil })
        else { return false }
        let approved = Set(draft.currentApprovals.map(\.user))
        let missing = max(1, policy(for: draft.lane, client: draft.client).requiredApprovals) - approved.count
        return reviewers(of: draft).count { !approved.contains($0) } < missing
    }

    /// The ladder's next escalation of a draft that waits on someone away with nobody standing in, when it is not due
    /// yet: the timer to bring forward to `now`.
    func escalationToBringForward(_ draft: Draft, pending: [PendingTimer], now: Date) -> PendingTimer? {
        guard awaitsAbsent(draft) else { return nil }
        let escalations = pending.filter { timer in
            timer.kind == .step && timer.dueAt > now && step(of: timer, draft: draft)?.action == .escalate
        }
        return escalations.min { ($0.dueAt, $0.id) < ($1.dueAt, $1.id) }
    }

    /// What changes on a draft in review when the absences in force change from `before` to `presence`: the people
    /// who no longer review it lose their links and are told who stands in; those who now review it get links and
    /// are asked; where nobody can stand in, the next escalation is brought forward. Nil when nothing changes.
    public func handover(_ draft: Draft, pending: [PendingTimer], before: Presence, now: Date) -> Decision? {
        guard draft.state == .review, !isOrphan(draft) else { return nil }
        var earlier = self
        earlier.presence = before
        let previous = earlier.reviewers(of: draft)
        let current = reviewers(of: draft)
        let gone = previous.filter { !current.contains($0) }
        let added = current.filter { !previous.contains($0) }
        let forward = escalationToBringForward(draft, pending: pending, now: now)
        guard !gone.isEmpty || !added.isEmpty || forward != nil else { return nil }

        let zone = clients[draft.client]?.timeZone
        var lines: [String] = []
        var data: [String: [String]] = [:]
        for person in listed(on: draft) where earlier.acting(for: person, on: draft) != acting(for: person, on: draft) {
            guard let absence = presence.absences[person] else {
                lines.append("\(person) is back and reviews again")
                data["back", default: []].append(person)
                continue
            }
            let until = Deadlines.format(absence.end, in: zone)
            data["away", default: []].append(person)
            if let standIn = acting(for: person, on: draft) {
                lines.append("\(person) is away until \(until): \(standIn) reviews in their place")
                data["stand_in", default: []].append(standIn)
            } else {
                lines.append("\(person) is away until \(until) with nobody to stand in")
            }
        }
        var plan = TimerPlan()
        if let forward {
            var due = forward
            due.id = 0
            due.dueAt = now
            plan.remove.append(forward.id)
            plan.add.append(due)
            lines.append("nobody else can approve it: \(step(of: forward, draft: draft)?.rule ?? "escalation") now")
            data["escalate", default: []].append("now")
        }
        let message = lines.joined(separator: "; ")
        let event = Event(
            draftID: draft.id, at: now, actor: Deadlines.systemActor.user.name, kind: .standIn, from: .review,
            to: .review, revision: draft.revision, message: message,
            data: data.mapValues { $0.joined(separator: ", ") })
        var links = LinkPlan(mint: linkGrants(for: added, on: draft, now: now))
        for person in gone { links.revoke[person] = message }
        var told = gone
        for person in added where !told.contains(person) { told.append(person) }
        return Decision(draft: draft, events: [event], newRevision: false, timers: plan, told: told, links: links)
    }
}
