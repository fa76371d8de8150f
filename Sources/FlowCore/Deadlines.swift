public import Foundation

/// Deadlines: which timers a state sets, what firing one does, and what a policy's timeline looks like.
public enum Deadlines {
    public static let systemActor = Actor(user: User(name: "flowd", side: .agency, roles: []))

    /// Timers and the deadline for a draft that has just entered its state.
    static func entering(_ draft: Draft, after kind: EventKind, directory: Directory, now: Date) -> (
        [PendingTimer], Date?
    ) {
        let policy = directory.policy(for: draft.lane, client: draft.client)
        let clock = directory.clock(for: draft.lane, client: draft.client)
        var timers: [PendingTimer] = []
        var due: Date?
        switch draft.state {
        case .review where draft.reviewMode == .unlessObjected:
            let window = policy.autonomy?.window ?? TimeSpan(seconds: 0)
            let end = clock.add(window, to: now)
            timers.append(PendingTimer(draftID: draft.id, state: .review, kind: .objection, dueAt: end))
            // The window is the review's deadline: the draft is decided when it ends.
            return (timers, end)
        case .review:
            for (index, step) in policy.ladder.enumerated() {
                timers.append(
                    PendingTimer(
                        draftID: draft.id, state: .review, kind: .step, step: index, ladderStep: step,
                        dueAt: clock.add(step.after, to: now)))
            }
            // Nobody waits on someone away with no stand-in: the first escalation comes at once.
            if let early = directory.escalationToBringForward(draft, pending: timers, now: now),
                let index = timers.firstIndex(of: early)
            {
                timers[index].dueAt = now
            }
            due = policy.reviewSLA.map { clock.add($0, to: now) }
        case .draft where kind == .requestChanges || kind == .returnToDraft:
            due = policy.reworkSLA.map { clock.add($0, to: now) }
        case .approved:
            if let publishAt = draft.content.publishAt {
                due = publishAt.addingTimeInterval(policy.publishGrace?.timeInterval ?? 0)
            }
        case .draft, .published, .withdrawn:
            break
        }
        if let due {
            timers.append(PendingTimer(draftID: draft.id, state: draft.state, kind: .deadline, dueAt: due))
        }
        return (timers, due)
    }

    /// Completes a decision whose draft changed state: the old state's timers go, the new state's come.
    static func replan(
        for next: inout Draft, leaving previous: DraftState?, after kind: EventKind, directory: Directory, now: Date
    ) -> TimerPlan {
        guard next.state != previous else { return TimerPlan() }
        if next.state != .review { next.reviewMode = .normal }
        next.extraReviewers = []
        next.acknowledgedUntil = nil
        next.acknowledgedSeconds = 0
        let (timers, due) = entering(next, after: kind, directory: directory, now: now)
        next.dueAt = due
        return TimerPlan(cancelAll: previous != nil, add: timers)
    }

    /// Decides what a due timer does; `pending` are the draft's other timers, for "what happens next". A
    /// timer that no longer fits the draft fires into nothing.
    public static func fire(
        _ timer: PendingTimer, on draft: Draft, pending: [PendingTimer] = [], directory: Directory, now: Date
    ) -> Decision {
        let firing = Firing(timer: timer, draft: draft, pending: pending, directory: directory, now: now)
        guard timer.state == draft.state else { return firing.nothing }
        let policy = directory.policy(for: draft.lane, client: draft.client)
        switch timer.kind {
        case .objection: return firing.objectionEnds(policy)
        case .deadline: return firing.deadlinePassed()
        case .acknowledgement: return firing.promiseLapsed()
        case .step:
            guard let step = directory.step(of: timer, draft: draft) else { return firing.nothing }
            return firing.step(step, policy: policy, clock: directory.clock(for: draft.lane, client: draft.client))
        }
    }

    /// Re-plans a draft in review after its policy may have changed (a config reload): pending steps the new
    /// ladder no longer has go, steps it adds are planned counted from when the draft entered review, and steps
    /// that already fired this round (`fired`, their rules) stay fired. A kept step keeps its time and repeat
    /// count. Returns nil when nothing changes.
    public static func replan(
        afterReload draft: Draft, pending: [PendingTimer], fired: Set<String>, directory: Directory, now: Date
    ) -> Decision? {
        guard draft.state == .review, let entered = draft.enteredAt, !directory.isOrphan(draft) else { return nil }
        let policy = directory.policy(for: draft.lane, client: draft.client)
        if draft.reviewMode == .unlessObjected {
            guard policy.autonomy == nil else { return nil }
            return endObjectionWindow(
                draft, pending: pending, because: "the config no longer grants this lane autonomy",
                directory: directory, now: now)
        }
        let clock = directory.clock(for: draft.lane, client: draft.client)
        var plan = TimerPlan()
        var added: [String] = []
        var dropped: [String] = []
        var next = draft
        var kept: Set<Int64> = []
        for (index, step) in policy.ladder.enumerated() {
            if let timer = pending.first(where: {
                $0.kind == .step && !kept.contains($0.id) && directory.step(of: $0, draft: draft) == step
            }) {
                kept.insert(timer.id)
                if timer.step != index || timer.ladderStep == nil {
                    var moved = timer
                    moved.id = 0
                    moved.step = index
                    moved.ladderStep = step
                    plan.remove.append(timer.id)
                    plan.add.append(moved)
                }
                continue
            }
            if fired.contains(step.rule) { continue }
            var due = clock.add(step.after, to: entered)
            if let paused = draft.acknowledgedUntil, due < paused { due = paused }
            plan.add.append(
                PendingTimer(draftID: draft.id, state: .review, kind: .step, step: index, ladderStep: step, dueAt: due))
            added.append(step.rule)
        }
        for timer in pending where timer.kind == .step && !kept.contains(timer.id) {
            plan.remove.append(timer.id)
            dropped.append(directory.step(of: timer, draft: draft)?.rule ?? "step \(timer.step + 1)")
        }
        let due = policy.reviewSLA.map { clock.add($0, to: entered) }
        let deadline = pending.first { $0.kind == .deadline }
        var deadlineNote: String?
        if deadline?.dueAt != due, deadline != nil || !fired.contains(deadlineRule) {
            if let deadline { plan.remove.append(deadline.id) }
            if let due { plan.add.append(PendingTimer(draftID: draft.id, state: .review, kind: .deadline, dueAt: due)) }
            next.dueAt = due
            let zone = directory.clients[draft.client]?.timeZone
            deadlineNote =
                due.map { "review deadline now \(SpokenTime.format($0, in: zone, language: .en, now: now))" }
                ?? "no review deadline"
        }
        guard !added.isEmpty || !dropped.isEmpty || deadlineNote != nil else {
            // Only bookkeeping (indices, stored steps) changed: no event, but the timers are brought up to date.
            return plan.add.isEmpty ? nil : Decision(draft: draft, events: [], newRevision: false, timers: plan)
        }
        next.replannedAt = now
        var parts: [String] = []
        if !added.isEmpty { parts.append("planned " + added.joined(separator: "; ")) }
        if !dropped.isEmpty { parts.append("dropped " + dropped.joined(separator: "; ")) }
        if let deadlineNote { parts.append(deadlineNote) }
        var data: [String: String] = [:]
        if !added.isEmpty { data["planned"] = added.joined(separator: "; ") }
        if !dropped.isEmpty { data["dropped"] = dropped.joined(separator: "; ") }
        let event = Event(
            draftID: draft.id, at: now, actor: systemActor.user.name, kind: .replan, from: .review, to: .review,
            revision: draft.revision, message: "re-planned under a changed config: " + parts.joined(separator: ", "),
            data: data)
        return Decision(draft: next, events: [event], newRevision: false, timers: plan)
    }

    /// What `fired` holds for the review deadline, next to the rules of fired steps.
    public static let deadlineRule = "review deadline"

    /// What a draft submitted at `start` would go through under a policy, without creating anything.
    public static func timeline(
        lane: Lane, client: String, from start: Date, directory: Directory, repeatsShown: Int = 5
    )
        -> [TimelineEntry]
    {
        let policy = directory.policy(for: lane, client: client)
        let clock = directory.clock(for: lane, client: client)
        // An agency draft written by "author", as it would be in review: the same rules as a real one.
        let draft = Draft(
            id: 0, client: client, lane: lane, state: .review, revision: 1,
            content: Content(title: "", body: "", channels: [], publishAt: nil), contentHash: "", author: "author",
            revisionAuthor: "author", revisionAuthorSide: .agency, createdAt: start, updatedAt: start,
            enteredAt: start)
        // Whom each timer involves is what the draft view says of the same timer (`Directory.upcoming`).
        func involves(_ kind: TimerKind, _ step: LadderStep? = nil, at: Date) -> [String] {
            let timer = PendingTimer(draftID: 0, state: .review, kind: kind, ladderStep: step, dueAt: at)
            return directory.upcoming(timer, of: draft).involves
        }
        var entries: [TimelineEntry] = []
        for step in policy.ladder {
            var at = clock.add(step.after, to: start)
            let notify = involves(.step, step, at: at)
            let times = step.action == .remind && step.every != nil ? min(step.max ?? repeatsShown, repeatsShown) : 1
            for occurrence in 0..<times {
                entries.append(
                    TimelineEntry(
                        at: at, action: step.action.rawValue,
                        rule: step.rule
                            + (times > 1 ? " (\(occurrence + 1) of \(step.max.map(String.init) ?? "∞"))" : ""),
                        notify: notify))
                if let every = step.every { at = clock.add(every, to: at) }
            }
        }
        if let sla = policy.reviewSLA {
            let at = clock.add(sla, to: start)
            entries.append(
                TimelineEntry(
                    at: at, action: "deadline", rule: "review_sla \(sla)", notify: involves(.deadline, at: at)))
        }
        // Ties keep ladder order, so a step and a repeat due at once list the way the ladder reads.
        return entries.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }

    /// "14:30 Europe/Berlin"-style text, with the date when it is not today there.
    public static func format(_ date: Date, in zone: TimeZone?) -> String {
        let zone = zone ?? TimeZone(identifier: "UTC")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ n: Int?) -> String { (n ?? 0) < 10 ? "0\(n ?? 0)" : "\(n ?? 0)" }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)) \(zoneName(zone))"
    }

    /// The zone's IANA name, with Foundation's "GMT" for UTC shown as "UTC".
    public static func zoneName(_ zone: TimeZone) -> String {
        zone.identifier == "GMT" ? "UTC" : zone.identifier
    }
}
