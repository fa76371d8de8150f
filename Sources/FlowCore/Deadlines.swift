public import Foundation

/// What a pending timer is for.
public enum TimerKind: String, Codable, Sendable {
    /// A ladder step of the review state.
    case step
    /// The state's deadline (review SLA, rework SLA, publish grace).
    case deadline
    /// The time an approver promised a decision by.
    case acknowledgement
}

/// A durable timer, as stored: it fires once, then is gone (a repeat is a new timer).
public struct PendingTimer: Sendable, Equatable, Codable {
    public var id: Int64
    public var draftID: Int64
    /// The state the timer belongs to; a state change cancels it.
    public var state: DraftState
    public var kind: TimerKind
    /// Index into the lane's ladder for `.step`, else -1.
    public var step: Int
    public var dueAt: Date
    /// Which repeat of a `remind … every` this is, from 0.
    public var occurrence: Int

    public init(
        id: Int64 = 0, draftID: Int64, state: DraftState, kind: TimerKind, step: Int = -1, dueAt: Date,
        occurrence: Int = 0
    ) {
        self.id = id
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

extension Rules {
    /// The lane's policy as it applies to one client.
    public func policy(for lane: Lane, client: String) -> LanePolicy {
        clients[client]?.lanes[lane] ?? lanes[lane] ?? LanePolicy.defaults(for: lane)
    }

    public func clock(for lane: Lane, client: String) -> DeadlineClock {
        DeadlineClock(kind: policy(for: lane, client: client).clock, hours: clients[client]?.hours)
    }

    /// Who reviews a draft now: the client's approvers plus anyone escalation added, or, where the company
    /// wrote the revision, every agency approver.
    public func reviewers(of draft: Draft) -> [String] {
        if draft.revisionAuthorSide == .company {
            return users.values.filter { $0.side == .agency && $0.has(.approver) && $0.name != draft.revisionAuthor }
                .map(\.name).sorted()
        }
        var names = clients[draft.client]?.approvers ?? []
        for name in draft.extraReviewers where !names.contains(name) { names.append(name) }
        return names
    }

    /// Members of an escalation target for a client: `backup_approvers`, `all`, or a named group.
    public func members(of target: String, client: String) -> [String] {
        let client = clients[client]
        switch target {
        case "backup_approvers": return client?.backupApprovers ?? []
        case "all":
            var names = (client?.approvers ?? []) + (client?.backupApprovers ?? [])
            for group in groups.keys.sorted() { names += groups[group] ?? [] }
            var seen: Set<String> = []
            return names.filter { seen.insert($0).inserted }
        default: return groups[target] ?? []
        }
    }
}

/// Deadlines: which timers a state sets, what firing one does, and what a policy's timeline looks like.
public enum Deadlines {
    public static let systemActor = Actor(user: User(name: "flowd", side: .agency, roles: []))

    /// Timers and the deadline for a draft that has just entered its state.
    static func entering(_ draft: Draft, after action: String, rules: Rules, now: Date) -> ([PendingTimer], Date?) {
        let policy = rules.policy(for: draft.lane, client: draft.client)
        let clock = rules.clock(for: draft.lane, client: draft.client)
        var timers: [PendingTimer] = []
        var due: Date?
        switch draft.state {
        case .review:
            for (index, step) in policy.ladder.enumerated() {
                timers.append(
                    PendingTimer(
                        draftID: draft.id, state: .review, kind: .step, step: index,
                        dueAt: clock.add(step.after, to: now)))
            }
            due = policy.reviewSLA.map { clock.add($0, to: now) }
        case .draft where action == Action.requestChanges.rawValue || action == StepAction.returnToDraft.rawValue:
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
        for next: inout Draft, leaving previous: DraftState?, after action: String, rules: Rules, now: Date
    )
        -> TimerPlan
    {
        guard next.state != previous else { return TimerPlan() }
        next.extraReviewers = []
        next.acknowledgedUntil = nil
        let (timers, due) = entering(next, after: action, rules: rules, now: now)
        next.dueAt = due
        return TimerPlan(cancelAll: previous != nil, add: timers)
    }

    /// Decides what a due timer does. A timer that no longer fits the draft fires into nothing.
    public static func fire(_ timer: PendingTimer, on draft: Draft, rules: Rules, now: Date) -> Decision {
        var next = draft
        var plan = TimerPlan(remove: [timer.id])
        let policy = rules.policy(for: draft.lane, client: draft.client)
        let clock = rules.clock(for: draft.lane, client: draft.client)
        guard timer.state == draft.state else {
            return Decision(draft: draft, events: [], newRevision: false, timers: plan)
        }

        func event(_ action: String, to state: DraftState, message: String? = nil, data: [String: String]) -> Event {
            Event(
                draftID: draft.id, at: now, actor: systemActor.user.name, action: action, from: draft.state, to: state,
                revision: draft.revision, message: message, data: data)
        }
        let iso = isoUTC

        switch timer.kind {
        case .deadline:
            let data = ["deadline": iso(timer.dueAt), "state": draft.state.rawValue]
            let text = "the \(draft.state.rawValue) deadline passed"
            return Decision(
                draft: next, events: [event("deadline-missed", to: draft.state, message: text, data: data)],
                newRevision: false, timers: plan)

        case .acknowledgement:
            next.acknowledgedUntil = nil
            let data = ["deadline": iso(timer.dueAt), "state": draft.state.rawValue, "kind": "acknowledgement"]
            return Decision(
                draft: next,
                events: [
                    event(
                        "deadline-missed", to: draft.state,
                        message: "no decision by the acknowledged time; the ladder resumes",
                        data: data)
                ], newRevision: false, timers: plan)

        case .step:
            guard policy.ladder.indices.contains(timer.step) else {
                return Decision(draft: draft, events: [], newRevision: false, timers: plan)
            }
            let step = policy.ladder[timer.step]
            var data = ["rule": step.rule, "step": "\(timer.step + 1)", "due": iso(timer.dueAt)]
            switch step.action {
            case .remind:
                data["notify"] = rules.reviewers(of: draft).joined(separator: ",")
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
                        plan.add.append(
                            PendingTimer(
                                draftID: draft.id, state: .review, kind: .step, step: timer.step, dueAt: due,
                                occurrence: occurrence))
                    }
                }
                return Decision(
                    draft: next, events: [event("remind", to: .review, data: data)], newRevision: false, timers: plan)

            case .warn:
                let upcoming = upcomingSteps(of: draft, after: timer.step, rules: rules)
                var message = "no further escalation is planned"
                if let first = upcoming.first {
                    message = "\(first.action) at \(format(first.at, in: rules.clients[draft.client]?.timeZone))"
                    data["next"] = first.action
                    data["next_at"] = iso(first.at)
                }
                data["notify"] = ([draft.revisionAuthor] + rules.reviewers(of: draft)).joined(separator: ",")
                return Decision(
                    draft: next, events: [event("warn", to: .review, message: message, data: data)], newRevision: false,
                    timers: plan)

            case .escalate:
                let target = step.to ?? "backup_approvers"
                let added = rules.members(of: target, client: draft.client).filter {
                    !next.extraReviewers.contains($0) && $0 != draft.revisionAuthor
                }
                next.extraReviewers += added
                data["to"] = target
                data["added"] = added.joined(separator: ",")
                data["notify"] = added.joined(separator: ",")
                return Decision(
                    draft: next, events: [event("escalate", to: .review, data: data)], newRevision: false, timers: plan)

            case .autoApprove:
                guard policy.allowAutoApprove else {
                    return Decision(draft: draft, events: [], newRevision: false, timers: plan)
                }
                next.approvals.append(Approval(user: systemActor.user.name, revision: draft.revision, at: now))
                next.state = .approved
                next.approvedHash = draft.contentHash
                next.updatedAt = now
                data["hash"] = draft.contentHash
                let message = "approved on the system's behalf: silence is consent under this lane's policy"
                var decision = Decision(
                    draft: next, events: [event("auto-approve", to: .approved, message: message, data: data)],
                    newRevision: false, timers: plan)
                decision.timers = Deadlines.replan(
                    for: &decision.draft, leaving: .review, after: "auto-approve", rules: rules, now: now)
                return decision

            case .returnToDraft:
                next.state = .draft
                next.approvals.removeAll()
                next.updatedAt = now
                var decision = Decision(
                    draft: next, events: [event("return", to: .draft, message: "review expired", data: data)],
                    newRevision: false, timers: plan)
                decision.timers = Deadlines.replan(
                    for: &decision.draft, leaving: .review, after: StepAction.returnToDraft.rawValue, rules: rules,
                    now: now)
                return decision
            }
        }
    }

    /// The ladder steps of a draft in review still to come after step `index`, soonest first.
    static func upcomingSteps(of draft: Draft, after index: Int, rules: Rules) -> [TimelineEntry] {
        guard let entered = draft.enteredAt else { return [] }
        let policy = rules.policy(for: draft.lane, client: draft.client)
        let clock = rules.clock(for: draft.lane, client: draft.client)
        return policy.ladder.enumerated().filter { $0.offset > index && $0.element.action != .remind }.map {
            var at = clock.add($0.element.after, to: entered)
            if let paused = draft.acknowledgedUntil, at < paused { at = paused }
            return TimelineEntry(at: at, action: $0.element.action.rawValue, rule: $0.element.rule, notify: [])
        }.sorted { $0.at < $1.at }
    }

    /// What a draft submitted at `start` would go through under a policy, without creating anything.
    public static func timeline(lane: Lane, client: String, from start: Date, rules: Rules, repeatsShown: Int = 5)
        -> [TimelineEntry]
    {
        let policy = rules.policy(for: lane, client: client)
        let clock = rules.clock(for: lane, client: client)
        let approvers = rules.clients[client]?.approvers ?? []
        let author = "author"
        var entries: [TimelineEntry] = []
        for step in policy.ladder {
            var at = clock.add(step.after, to: start)
            let notify: [String]
            switch step.action {
            case .remind: notify = approvers
            case .warn: notify = [author] + approvers
            case .escalate: notify = rules.members(of: step.to ?? "backup_approvers", client: client)
            case .autoApprove, .returnToDraft: notify = [author] + approvers
            }
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
                    at: clock.add(sla, to: start), action: "deadline", rule: "review_sla \(sla)", notify: approvers))
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
