public import Foundation

/// What a pending timer is for.
public enum TimerKind: String, Codable, Sendable {
    /// A ladder step of the review state.
    case step
    /// The state's deadline (review SLA, rework SLA, publish grace).
    case deadline
    /// The time an approver promised a decision by.
    case acknowledgement
    /// The end of an objection window under earned autonomy: approved unless someone objected.
    case objection
}

/// A durable timer, as stored: it fires once, then is gone (a repeat is a new timer).
public struct PendingTimer: Sendable, Equatable, Codable {
    public var id: Int64
    public var draftID: Int64
    /// The state the timer belongs to; a state change cancels it.
    public var state: DraftState
    public var kind: TimerKind
    /// Index into the lane's ladder for `.step` when it was planned, else -1; shown to people as "step N".
    public var step: Int
    /// The ladder step this timer was planned for, stored with it, so that a config reload can never make
    /// it fire a different step (`Deadlines.replan(afterReload:)` re-plans instead).
    public var ladderStep: LadderStep?
    public var dueAt: Date
    /// Which repeat of a `remind … every` this is, from 0.
    public var occurrence: Int

    public init(
        id: Int64 = 0, draftID: Int64, state: DraftState, kind: TimerKind, step: Int = -1,
        ladderStep: LadderStep? = nil, dueAt: Date, occurrence: Int = 0
    ) {
        self.id = id
        self.ladderStep = ladderStep
        self.draftID = draftID
        self.state = state
        self.kind = kind
        self.step = step
        self.dueAt = dueAt
        self.occurrence = occurrence
    }
}

/// Timer changes that belong in the same transaction as a decision.
public struct TimerPlan: Sendable, Equatable {
    /// Drop every pending timer of the draft (the state was left).
    public var cancelAll = false
    /// Drop these timers (the one that fired).
    public var remove: [Int64] = []
    /// Hold ladder steps due before this until it, and replace any earlier acknowledgement.
    public var deferStepsUntil: Date?
    public var add: [PendingTimer] = []

    public init(cancelAll: Bool = false, remove: [Int64] = [], deferStepsUntil: Date? = nil, add: [PendingTimer] = []) {
        self.cancelAll = cancelAll
        self.remove = remove
        self.deferStepsUntil = deferStepsUntil
        self.add = add
    }

    /// The earliest new timer, so the escalator can wake early.
    public var earliest: Date? { add.map(\.dueAt).min() ?? deferStepsUntil }
}

/// One line of a policy's timeline (`flowctl policy explain`) or of a draft's upcoming steps.
public struct TimelineEntry: Sendable, Equatable, Codable {
    public var at: Date
    public var action: String
    public var rule: String
    public var notify: [String]

    public init(at: Date, action: String, rule: String, notify: [String]) {
        self.at = at
        self.action = action
        self.rule = rule
        self.notify = notify
    }
}

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
            due = policy.reviewSLA.map { clock.add($0, to: now) }
        case .draft where kind == .requestChanges || kind == .returnToDraft:
            due = policy.reworkSLA.map { clock.add($0, to: now) }
        case .approved:
            if let publishAt = draft.content.publishAt {
                due = publishAt.addingTimeInterval(policy.publishGrace?.timeInterval ?? 0)
            }
        default:
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
        var next = draft
        var plan = TimerPlan(remove: [timer.id])
        let nothing = Decision(draft: draft, events: [], newRevision: false, timers: plan)
        let policy = directory.policy(for: draft.lane, client: draft.client)
        let clock = directory.clock(for: draft.lane, client: draft.client)
        guard timer.state == draft.state else { return nothing }

        func event(_ kind: EventKind, to state: DraftState, message: String? = nil, data: [String: String]) -> Event {
            Event(
                draftID: draft.id, at: now, actor: systemActor.user.name, kind: kind, from: draft.state, to: state,
                revision: draft.revision, message: message, data: data)
        }
        func decision(_ event: Event, told: [String]? = nil) -> Decision {
            var decision = Decision(draft: next, events: [event], newRevision: false, timers: plan)
            if next.state != draft.state {
                decision.timers = replan(
                    for: &decision.draft, leaving: draft.state, after: event.kind, directory: directory, now: now)
                decision.timers.remove.append(timer.id)
            }
            decision.told = told ?? directory.told(about: event.kind, draft: decision.draft)
            return decision
        }
        let iso = isoUTC

        switch timer.kind {
        case .objection:
            guard draft.reviewMode == .unlessObjected else { return nothing }
            guard let autonomy = policy.autonomy else {
                // The config took autonomy away and no re-planning has run since: review as usual, never silence.
                return endObjectionWindow(
                    draft, pending: pending, because: "the config no longer grants this lane autonomy",
                    directory: directory, now: now) ?? nothing
            }
            next.approvals.append(Approval(user: systemActor.user.name, revision: draft.revision, at: now))
            next.state = .approved
            next.approvedHash = draft.contentHash
            next.updatedAt = now
            next.enteredAt = now
            if next.decidedAt == nil { next.decidedAt = now }
            let data = [
                "hash": draft.contentHash, "rule": "no objection within \(autonomy.window) (earned autonomy)",
                "mode": ReviewMode.unlessObjected.rawValue,
            ]
            let message = "approved: nobody objected within \(autonomy.window), under the autonomy the client granted"
            return decision(event(.autoApprove, to: .approved, message: message, data: data))

        case .deadline:
            let data = ["deadline": iso(timer.dueAt), "state": draft.state.rawValue]
            let text = "the \(draft.state.rawValue) deadline passed"
            return decision(event(.deadlineMissed, to: draft.state, message: text, data: data))

        case .acknowledgement:
            next.acknowledgedUntil = nil
            let data = [
                "deadline": iso(timer.dueAt), "state": draft.state.rawValue, "kind": TimerKind.acknowledgement.rawValue,
            ]
            return decision(
                event(
                    .deadlineMissed, to: draft.state,
                    message: "no decision by the acknowledged time; the ladder resumes",
                    data: data))

        case .step:
            guard let step = directory.step(of: timer, draft: draft) else { return nothing }
            var data = ["rule": step.rule, "step": "\(timer.step + 1)", "due": iso(timer.dueAt)]
            switch step.action {
            case .remind:
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
                var reminded = decision(event(.remind, to: .review, data: data))
                reminded.links.mint = directory.linkGrants(for: reminded.told, on: next, now: now)
                return reminded

            case .warn:
                // What comes next is what is pending: the same timers the view and the agenda show.
                let later = pending.filter { $0.id != timer.id && $0.dueAt >= timer.dueAt }
                    .map { directory.upcoming($0, of: draft) }.filter { $0.kind != .step(.remind) }
                    .min { ($0.at, $0.timer.id) < ($1.at, $1.timer.id) }
                var message = "no further escalation is planned"
                if let first = later {
                    message =
                        "\(first.action) at \(format(first.at, in: directory.clients[draft.client]?.timeZone))"
                    data["next"] = first.action
                    data["next_at"] = iso(first.at)
                }
                return decision(event(.warn, to: .review, message: message, data: data))

            case .escalate:
                let target = step.to ?? "backup_approvers"
                let added = directory.told(whenFiring: step, on: draft)
                next.extraReviewers += added
                data["to"] = target
                data["added"] = added.joined(separator: ", ")
                var escalated = decision(event(.escalate, to: .review, data: data), told: added)
                escalated.links.mint = directory.linkGrants(for: added, on: next, now: now)
                return escalated

            case .autoApprove:
                guard policy.allowAutoApprove else { return nothing }
                next.approvals.append(Approval(user: systemActor.user.name, revision: draft.revision, at: now))
                next.state = .approved
                next.approvedHash = draft.contentHash
                next.updatedAt = now
                next.enteredAt = now
                data["hash"] = draft.contentHash
                let message = "approved on the system's behalf: silence is consent under this lane's policy"
                return decision(event(.autoApprove, to: .approved, message: message, data: data))

            case .returnToDraft:
                next.state = .draft
                next.approvals.removeAll()
                next.updatedAt = now
                next.enteredAt = now
                return decision(event(.returnToDraft, to: .draft, message: "review expired", data: data))
            }
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
            deadlineNote = due.map { "review deadline now \(isoUTC($0))" } ?? "no review deadline"
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
        var entries: [TimelineEntry] = []
        for step in policy.ladder {
            var at = clock.add(step.after, to: start)
            let notify = directory.told(whenFiring: step, on: draft)
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
            entries.append(
                TimelineEntry(
                    at: clock.add(sla, to: start), action: "deadline", rule: "review_sla \(sla)",
                    notify: directory.mustAct(draft)))
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
