public import Foundation

/// What a lane's policy would have done with a period's submissions, replayed through a fitted `ReviewBehaviour`:
/// each submission `runs` times, with draws that depend only on the submission, the run and the seed, so two
/// policies replayed with one seed meet the same people on the same days.
public struct PolicySimulation: Sendable {
    public var policy: LanePolicy
    public var behaviour: ReviewBehaviour
    /// The lane's clock for the client, with its working windows laid out over the period and beyond.
    public var clock: DeadlineClock
    /// People each kind of step tells (reminders and warnings the approvers, an escalation its target's members).
    public var told: [StepAction: Int]
    /// The most rounds of review one draft goes through before it counts as never decided.
    public static let maxRounds = 6
    /// Repeats of a reminder followed, and how far ahead: a ladder that repeats forever is cut here.
    static let maxRepeats = 50
    static let horizon = 90.0 * 86_400
    /// The largest proposal file read (`flowctl policy simulate --ladder`): a ladder is a few lines.
    public static let maxProposalBytes = 64 * 1024

    public init(policy: LanePolicy, behaviour: ReviewBehaviour, clock: DeadlineClock, told: [StepAction: Int]) {
        self.policy = policy
        self.behaviour = behaviour
        self.clock = clock
        self.told = told
    }

    /// The figures of replaying `submissions` `runs` times each.
    public func replay(_ submissions: [Date], runs: Int, seed: UInt64) -> SimulationFigures {
        let plan = Plan(policy, clock: clock)
        var tally = Tally()
        tally.cycles.reserveCapacity(submissions.count * runs)
        for (index, submitted) in submissions.enumerated() {
            for run in 0..<runs {
                var random = SeededRandom(seed: seed, stream: UInt64(index), run: UInt64(run))
                replayOne(submitted, plan: plan, random: &random, into: &tally)
            }
        }
        return tally.figures(drafts: submissions.count, runs: runs, sla: plan.sla)
    }

    /// One draft through its rounds until approved, returned, or never answered.
    private func replayOne(_ submitted: Date, plan: Plan, random: inout SeededRandom, into tally: inout Tally) {
        var start = 0.0
        for _ in 0..<Self.maxRounds {
            let draw = Draw(&random, behaviour)
            var end = Double.infinity
            if draw.unprompted { end = draw.ownTime }
            if draw.afterReminder, let first = plan.reminders.first { end = min(end, first + draw.reminderDelay) }
            if draw.afterEscalation, let first = plan.escalations.first {
                end = min(end, first + draw.escalationDelay)
            }
            var outcome = end.isFinite ? (draw.changes ? Outcome.changes : .approved) : .never
            if let auto = plan.autoApprove, auto < end, plan.returnAt.map({ auto <= $0 }) ?? true {
                (end, outcome) = (auto, .approved)
            } else if let back = plan.returnAt, back < end {
                (end, outcome) = (back, .returned)
            }
            tally.rounds += 1
            if let sla = plan.sla, outcome != .never, outcome != .returned, end <= sla { tally.withinSLA += 1 }
            count(plan, before: end, from: submitted, start: start, into: &tally)
            switch outcome {
            case .approved:
                tally.cycles.append(start + end)
                return
            case .changes:
                start += end + draw.rework
            case .returned, .never:
                tally.neverDecided += 1
                return
            }
        }
        tally.neverDecided += 1
    }

    /// The reminders, escalations and warnings that fire before `end`, and the people they wake outside working hours.
    private func count(_ plan: Plan, before end: Double, from submitted: Date, start: Double, into tally: inout Tally) {
        for (action, times) in [
            (StepAction.remind, plan.reminders), (.escalate, plan.escalations), (.warn, plan.warns),
        ] {
            for time in times where time < end {
                if action == .remind { tally.reminders += 1 }
                if action == .escalate { tally.escalations += 1 }
                if plan.wakesOffHours, clock.isOffHours(submitted.addingTimeInterval(start + time)) {
                    tally.woken += told[action] ?? 0
                }
            }
        }
    }

    enum Outcome { case approved, changes, returned, never }

    /// A policy's steps as seconds of the lane's clock after a submission.
    struct Plan {
        var reminders: [Double] = []
        var escalations: [Double] = []
        var warns: [Double] = []
        var autoApprove: Double?
        var returnAt: Double?
        var sla: Double?
        /// Steps run around the clock for a client with working hours: they may wake people.
        var wakesOffHours: Bool

        init(_ policy: LanePolicy, clock: DeadlineClock) {
            let working = clock.kind == .business ? clock.hours.map(\.workingDaySeconds) : nil
            func seconds(_ span: TimeSpan) -> Double {
                guard let working else { return Double(span.seconds) }
                return Double(span.seconds / 86_400) * working + Double(span.seconds % 86_400)
            }
            wakesOffHours = clock.kind == .always && clock.hours != nil
            sla = policy.reviewSLA.map(seconds)
            for step in policy.ladder {
                let at = seconds(step.after)
                switch step.action {
                case .remind:
                    reminders.append(at)
                    if let every = step.every, every.seconds > 0 {
                        let repeats = min(step.max ?? PolicySimulation.maxRepeats, PolicySimulation.maxRepeats)
                        var next = at
                        for _ in 1..<max(repeats, 1) {
                            next += seconds(every)
                            if next > PolicySimulation.horizon { break }
                            reminders.append(next)
                        }
                    }
                case .escalate: escalations.append(at)
                case .warn: warns.append(at)
                case .autoApprove: autoApprove = min(autoApprove ?? at, at)
                case .returnToDraft: returnAt = min(returnAt ?? at, at)
                }
            }
            reminders.sort()
            escalations.sort()
        }
    }

    /// The draws of one round, always taken in the same order.
    struct Draw {
        var unprompted: Bool
        var ownTime: Double
        var afterReminder: Bool
        var reminderDelay: Double
        var afterEscalation: Bool
        var escalationDelay: Double
        var changes: Bool
        var rework: Double

        init(_ random: inout SeededRandom, _ b: ReviewBehaviour) {
            unprompted = random.uniform() < b.shareUnprompted
            ownTime = ReviewBehaviour.quantile(b.unprompted, random.uniform())
            afterReminder = random.uniform() < b.shareAfterReminder
            reminderDelay = ReviewBehaviour.quantile(b.afterReminder, random.uniform())
            afterEscalation = random.uniform() < b.shareAfterEscalation
            escalationDelay = ReviewBehaviour.quantile(b.afterEscalation, random.uniform())
            changes = random.uniform() < b.shareChanges
            rework = ReviewBehaviour.quantile(b.rework, random.uniform())
        }
    }

    struct Tally {
        var cycles: [Double] = []
        var rounds = 0
        var withinSLA = 0
        var neverDecided = 0
        var reminders = 0
        var escalations = 0
        var woken = 0

        func figures(drafts: Int, runs: Int, sla: Double?) -> SimulationFigures {
            let total = Double(max(drafts * runs, 1))
            let sorted = cycles.sorted()
            return SimulationFigures(
                drafts: drafts, runs: runs,
                cycleP50: sorted.isEmpty ? nil : ReviewBehaviour.quantile(sorted, 0.5),
                cycleP90: sorted.isEmpty ? nil : ReviewBehaviour.quantile(sorted, 0.9),
                slaHitRate: sla == nil ? nil : ReviewBehaviour.share(withinSLA, of: rounds),
                neverDecided: Double(neverDecided) / total, remindersPerDraft: Double(reminders) / total,
                escalationsPerDraft: Double(escalations) / total, wokenPerDraft: Double(woken) / total)
        }
    }
}

/// What a simulated policy did with the period's drafts: cycle times in seconds of the lane's clock, from the first
/// submission to the approval; shares and costs per draft.
public struct SimulationFigures: Sendable, Equatable {
    public var drafts: Int
    public var runs: Int
    public var cycleP50: Double?
    public var cycleP90: Double?
    /// Review rounds decided within the review SLA; nil when the lane has none.
    public var slaHitRate: Double?
    /// Drafts returned, or never answered, or still asked for changes after `PolicySimulation.maxRounds` rounds.
    public var neverDecided: Double
    public var remindersPerDraft: Double
    public var escalationsPerDraft: Double
    /// People told by a step that fired outside the client's working hours.
    public var wokenPerDraft: Double
}

/// SplitMix64: small, fast and the same everywhere, so one seed replays the same draws on every machine.
public struct SeededRandom: Sendable {
    private var state: UInt64

    public init(seed: UInt64, stream: UInt64, run: UInt64) {
        state = seed &+ stream &* 0x9E37_79B9_7F4A_7C15 &+ run &* 0xD1B5_4A32_D192_ED03
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }
}

extension BusinessHours {
    /// The length of a working day, for steps counted in whole days of a business clock.
    var workingDaySeconds: Double { Double(max(end.minutes - start.minutes, 1)) * 60 }
}

extension DeadlineClock {
    /// Whether `instant` falls outside the client's working hours (never, without hours).
    func isOffHours(_ instant: Date) -> Bool {
        guard let hours else { return false }
        let before = instant.addingTimeInterval(-1)
        return (table ?? WorkingCalendar(hours: hours, from: before, to: instant)).workingTime(
            from: before, to: instant)
            == 0
    }
}

/// A simulation's whole answer: the history's model, and the policy in force and the proposal with their figures.
public struct SimulationOutcome: Sendable {
    public var client: String
    public var lane: Lane
    public var from: Date
    public var to: Date
    public var clock: ClockKind
    public var submissions: Int
    public var runs: Int
    public var seed: UInt64
    public var behaviour: ReviewBehaviour
    public var current: (policy: LanePolicy, figures: SimulationFigures)
    public var proposal: (policy: LanePolicy, figures: SimulationFigures)
    /// What the figures cannot tell from this history (`ReviewBehaviour.warnings`).
    public var warnings: [String]
    public var tookMilliseconds = 0

    public init(
        client: String, lane: Lane, from: Date, to: Date, clock: ClockKind, submissions: Int, runs: Int, seed: UInt64,
        behaviour: ReviewBehaviour, current: (LanePolicy, SimulationFigures), proposal: (LanePolicy, SimulationFigures),
        warnings: [String]
    ) {
        self.client = client
        self.lane = lane
        self.from = from
        self.to = to
        self.clock = clock
        self.submissions = submissions
        self.runs = runs
        self.seed = seed
        self.behaviour = behaviour
        self.current = current
        self.proposal = proposal
        self.warnings = warnings
    }
}
