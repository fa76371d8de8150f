public import Foundation

/// What the report needs to know about a draft besides its events.
public struct ReportDraft: Sendable, Equatable {
    public var id: Int64
    public var client: String
    public var lane: Lane
    public var channels: [String]
    /// The side that writes the draft; the other side reviews it.
    public var authorSide: Side

    public init(id: Int64, client: String, lane: Lane, channels: [String], authorSide: Side) {
        self.id = id
        self.client = client
        self.lane = lane
        self.channels = channels
        self.authorSide = authorSide
    }
}

/// The part of an event the report reads.
public struct ReportEvent: Sendable, Equatable {
    public var draftID: Int64
    public var at: Date
    public var actor: String
    public var kind: EventKind
    public var to: DraftState
    /// For acknowledgements: the promised decision time.
    public var until: Date?

    public init(draftID: Int64, at: Date, actor: String, kind: EventKind, to: DraftState, until: Date? = nil) {
        self.draftID = draftID
        self.at = at
        self.actor = actor
        self.kind = kind
        self.to = to
        self.until = until
    }
}

/// `flowctl report` as a fold over the event history: fed each draft's facts before its first event and then
/// every event in id order, it keeps one small record per draft still in the loop and one `ReportFigures` per
/// group, so memory grows with the drafts open at a time and the number of groups, never with the history.
/// Pure: the period, `now` and the directory come in; nothing is read from the clock.
///
/// Periods are half-open, `[from, to)`. Counts and durations belong to the period in which the round ended
/// (decided, expired) or the event happened (submitted, steps, acknowledgements, first responses); held time is
/// the part of each holding interval inside the period, up to `now`.
///
/// A year of history is a million events, so the fold avoids per-event hashing where it can: each draft carries
/// its client's resolved rules (`ClientRules`) and the slots of its groups, and per-side and per-kind figures are
/// fields rather than dictionaries.
public struct LoopReport: Sendable {
    public var from: Date { tally.from }
    public var to: Date { tally.to }
    public var now: Date { tally.now }
    public var grouping: ReportGrouping { tally.grouping }
    /// Drafts still in the loop: their slot in `storage` by id, and slots free for reuse. An array, not the
    /// dictionary's values, so that an event changes its draft's record in place: a dictionary moves the value
    /// out and back for every change. Kept apart from the tally, which takes the figures meanwhile.
    private var index = IntMap()
    private var storage: [Track] = []
    private var free: [Int] = []
    private var tally: Tally

    public static let nobody = "(none)"

    /// `clients`: only drafts of these clients count (the caller's scope and filter); nil means all. `lanes`
    /// likewise (a crisis's summary counts the crisis lane only).
    public init(
        from: Date, to: Date, now: Date, grouping: ReportGrouping, directory: Directory, clients: Set<String>?,
        lanes: Set<Lane>? = nil
    ) {
        tally = Tally(
            from: from, to: to, now: now, grouping: grouping, directory: directory, clients: clients, lanes: lanes)
    }

    /// The number of drafts being followed, for the caller's memory bound.
    public var openDrafts: Int { index.count }

    /// The figures of all groups together; complete once `finish` has run.
    public var total: ReportFigures { tally.finalTotal }

    /// Starts following a draft; its first event (normally `create`) comes next.
    public mutating func begin(_ draft: ReportDraft) {
        guard let track = tally.track(draft) else { return }
        if let old = index[draft.id] {
            storage[old] = track
        } else if let slot = free.popLast() {
            storage[slot] = track
            index[draft.id] = slot
        } else {
            index[draft.id] = storage.count
            storage.append(track)
        }
    }

    /// Whether the fold reads an event's actor; the caller may leave it empty otherwise.
    public static func readsActor(_ kind: EventKind) -> Bool {
        switch kind {
        case .approve, .requestChanges, .acknowledge, .comment, .autoApprove, .returnToDraft: true
        default: false
        }
    }

    /// Folds in the next event; false (and nothing changes) when its draft is not being followed.
    @discardableResult
    public mutating func record(_ event: ReportEvent) -> Bool {
        guard let slot = index[event.draftID] else { return false }
        tally.step(&storage[slot], event)
        if storage[slot].state.isTerminal {
            index[event.draftID] = nil
            free.append(slot)
        }
        return true
    }

    /// Counts a draft that is past its deadline now, with the side that holds it.
    public mutating func overdue(_ draft: ReportDraft, state: DraftState) {
        tally.overdue(draft, state: state)
    }

    /// Closes what is still open at the end of the period and returns the groups, sorted by key.
    public mutating func finish() -> [(key: String, figures: ReportFigures)] {
        for (_, slot) in index.entries { tally.close(&storage[slot]) }
        index = IntMap()
        storage = []
        free = []
        return tally.rows()
    }
}

/// The figures by group and everything needed to add to them: the period, the grouping, the clients' rules.
struct Tally: Sendable {
    let from: Date
    let to: Date
    let now: Date
    let grouping: ReportGrouping
    let directory: Directory
    let clients: Set<String>?
    let lanes: Set<Lane>?
    /// Where held time stops: the period's end, or now if that is earlier.
    let end: Date
    private var keys: [String] = []
    private var figures: [ReportFigures] = []
    private var slots: [String: Int] = [:]
    private var rules: [String: LoopReport.ClientRules] = [:]
    private var agencySlot: Int?
    private var companySlot: Int?
    private(set) var total = ReportFigures()

    typealias Track = LoopReport.Track
    typealias Round = LoopReport.Round
    static let nobody = LoopReport.nobody

    init(
        from: Date, to: Date, now: Date, grouping: ReportGrouping, directory: Directory, clients: Set<String>?,
        lanes: Set<Lane>?
    ) {
        self.lanes = lanes
        self.from = from
        self.to = to
        self.now = now
        self.grouping = grouping
        self.directory = directory
        self.clients = clients
        end = min(to, now)
    }

    /// A new track for a draft in the report's clients; nil for others.
    mutating func track(_ draft: ReportDraft) -> Track? {
        guard clients.map({ $0.contains(draft.client) }) ?? true, lanes.map({ $0.contains(draft.lane) }) ?? true
        else { return nil }
        return Track(draft: draft, rules: rules(draft.client), slots: fixedSlots(draft))
    }

    mutating func overdue(_ draft: ReportDraft, state: DraftState) {
        guard let track = track(draft) else { return }
        let side = state == .review ? draft.authorSide.other : draft.authorSide
        let people = state == .review ? track.rules.approvers : []
        if grouping == .approver, people.count > 1 {
            for person in people { add(track, side: side, person: person, total: false) { $0.overdue += 1 } }
            total.overdue += 1
        } else {
            add(track, side: side, person: people.first ?? Self.nobody) { $0.overdue += 1 }
        }
    }

    /// What is still open at the end of the period.
    mutating func close(_ track: inout Track) {
        switch track.state {
        case .review: endRound(&track, at: end, outcome: .open, by: nil)
        case .draft: heldInDraft(track, until: end)
        default: break
        }
    }

    func rows() -> [(key: String, figures: ReportFigures)] {
        zip(keys, figures).sorted { $0.0 < $1.0 }.map { ($0.0, $0.1) }
    }

    /// The total, with the groups' durations merged in where each round is in one group.
    var finalTotal: ReportFigures {
        guard grouping != .channel else { return total }
        var out = total
        for group in figures {
            out.reviewWall.merge(group.reviewWall)
            out.reviewBusiness.merge(group.reviewBusiness)
            out.firstResponseWall.merge(group.firstResponseWall)
            out.firstResponseBusiness.merge(group.firstResponseBusiness)
        }
        return out
    }
    enum Outcome { case approved, changesRequested, autoApproved, expired, withdrawn, open }

    mutating func step(_ track: inout Track, _ event: ReportEvent) {
        let inPeriod = event.at >= from && event.at < to
        let at = event.at
        if track.since == nil { track.since = at }
        switch (track.state, event.kind) {
        case (.review, .approve):
            respond(&track, at: at, inPeriod: inPeriod)
            if event.to == .approved { endRound(&track, at: at, outcome: .approved, by: event.actor) }
        case (.review, .requestChanges):
            respond(&track, at: at, inPeriod: inPeriod)
            endRound(&track, at: at, outcome: .changesRequested, by: event.actor)
            track.sentBackBy = event.actor
        case (.review, .acknowledge):
            respond(&track, at: at, inPeriod: inPeriod)
            if inPeriod, let until = event.until { track.round?.acks.append((event.actor, until)) }
        case (.review, .comment):
            if track.round?.responded == false, directory.users[event.actor]?.side == track.draft.authorSide.other {
                respond(&track, at: at, inPeriod: inPeriod)
            }
        case (.review, .remind), (.review, .warn), (.review, .escalate), (.review, .deadlineMissed):
            if inPeriod { track.round?.steps.count(event.kind) }
        case (.review, .autoApprove):
            if inPeriod { track.round?.steps.count(.autoApprove) }
            endRound(&track, at: at, outcome: .autoApproved, by: event.actor)
        case (.review, .returnToDraft):
            if inPeriod { track.round?.steps.count(.returnToDraft) }
            endRound(&track, at: at, outcome: .expired, by: event.actor)
            track.sentBackBy = event.actor
        case (.review, .withdraw):
            endRound(&track, at: at, outcome: .withdrawn, by: nil)
        case (.approved, .publish):
            if inPeriod { add(track, side: track.draft.authorSide, person: track.decidedBy) { $0.published += 1 } }
        case (_, .deadlineMissed):
            // A rework or publishing deadline: the author's side holds the draft.
            if inPeriod {
                add(track, side: track.draft.authorSide, person: track.sentBackBy) { $0.steps.deadlineMissed += 1 }
            }
        default:
            break
        }
        guard event.to != track.state || event.kind == .create else { return }
        if track.state == .draft, event.kind != .create { heldInDraft(track, until: at) }
        if event.to == .review {
            track.round = Round(submitted: at, submittedInPeriod: inPeriod)
        } else if event.to == .draft, track.state == .approved {
            track.sentBackBy = Self.nobody
        }
        track.state = event.to
        track.since = at
    }

    mutating func respond(_ track: inout Track, at: Date, inPeriod: Bool) {
        guard let submitted = track.round?.submitted, track.round?.responded == false else { return }
        track.round!.responded = true
        if inPeriod {
            track.round!.firstResponse = (
                at.timeIntervalSince(submitted), track.rules.workingTime(from: submitted, to: at)
            )
        }
    }

    mutating func endRound(_ track: inout Track, at: Date, outcome: Outcome, by decider: String?) {
        guard let round = track.round.take() else { return }
        let draft = track.draft
        let inPeriod = at >= from && at < to
        let reviewer = draft.authorSide.other
        let person = decider ?? Self.nobody
        track.decidedBy = person
        let decided: Bool
        switch outcome {
        case .approved, .changesRequested, .autoApproved: decided = inPeriod
        case .expired, .withdrawn, .open: decided = false
        }
        // A draft is in the loop for both sides: the author's submitted it, the reviewer's decides it.
        if round.submittedInPeriod || decided { countDraft(&track, side: reviewer, person: person) }
        if round.submittedInPeriod { countDraft(&track, side: draft.authorSide, person: person) }
        if round.submittedInPeriod { add(track, side: draft.authorSide, person: person) { $0.submitted += 1 } }
        let held = clipped(round.submitted, at)
        let heldBusiness = held.map { track.rules.workingTime(from: $0.0, to: $0.1) } ?? 0
        var review: (wall: Double, business: Double, slaHit: Bool?)?
        if decided {
            review = (
                at.timeIntervalSince(round.submitted), track.rules.workingTime(from: round.submitted, to: at),
                track.rules.slaDue(draft.lane, after: round.submitted).map { at <= $0 }
            )
        }
        add(track, side: reviewer, person: person) { figures in
            if let held {
                figures.heldWall[reviewer] += held.1.timeIntervalSince(held.0)
                figures.heldBusiness[reviewer] += heldBusiness
            }
            figures.steps.add(round.steps)
            if let review {
                figures.decided += 1
                if let hit = review.slaHit {
                    figures.slaRounds += 1
                    if hit { figures.slaHits += 1 }
                }
            }
            guard inPeriod else { return }
            if outcome == .approved || outcome == .autoApproved {
                figures.firstApprovedAt = min(figures.firstApprovedAt ?? at, at)
            }
            switch outcome {
            case .approved: figures.approved += 1
            case .changesRequested:
                figures.changesRequested += 1
                figures.reworkRounds += 1
            case .autoApproved: figures.autoApproved += 1
            case .expired:
                figures.expired += 1
                figures.reworkRounds += 1
            case .withdrawn, .open: break
            }
        }
        // Durations go to the groups only; the total's are the groups' merged at the end (a round is in one
        // group), except by channel, where a round may count in several.
        if round.firstResponse != nil || review != nil {
            let durations: (inout ReportFigures) -> Void = { figures in
                if let response = round.firstResponse {
                    figures.firstResponseWall.record(seconds: response.wall)
                    figures.firstResponseBusiness.record(seconds: response.business)
                }
                if let review {
                    figures.reviewWall.record(seconds: review.wall)
                    figures.reviewBusiness.record(seconds: review.business)
                }
            }
            add(track, side: reviewer, person: person, total: grouping == .channel, durations)
        }
        // An acknowledgement is kept when the round left review by the promised time.
        for ack in round.acks {
            let kept = outcome != .open && at <= ack.until
            let pending = outcome == .open && ack.until >= end
            add(track, side: reviewer, person: ack.by) { figures in
                figures.acksGiven += 1
                if kept {
                    figures.acksKept += 1
                } else if pending {
                    figures.acksPending += 1
                } else {
                    figures.acksBroken += 1
                }
            }
        }
    }

    /// Time in draft is the author's side's.
    mutating func heldInDraft(_ track: Track, until: Date) {
        guard let since = track.since, let held = clipped(since, until) else { return }
        let business = track.rules.workingTime(from: held.0, to: held.1)
        let side = track.draft.authorSide
        add(track, side: side, person: track.sentBackBy) {
            $0.heldWall[side] += held.1.timeIntervalSince(held.0)
            $0.heldBusiness[side] += business
        }
    }

    mutating func countDraft(_ track: inout Track, side: Side, person: String) {
        func count(_ slot: Int) {
            guard !track.counted.contains(slot) else { return }
            track.counted.append(slot)
            figures[slot].drafts += 1
        }
        switch grouping {
        case .client, .lane, .channel: for slot in track.slots { count(slot) }
        case .side: count(sideSlot(side))
        case .approver: count(slot(person))
        }
        if !track.countedInTotal {
            track.countedInTotal = true
            total.drafts += 1
        }
    }

    /// The part of `[start, stop]` inside the period (and before now), if any.
    func clipped(_ start: Date, _ stop: Date) -> (Date, Date)? {
        let a = max(start, from)
        let b = min(stop, end)
        return b > a ? (a, b) : nil
    }

    mutating func rules(_ client: String) -> LoopReport.ClientRules {
        if let known = rules[client] { return known }
        let made = LoopReport.ClientRules(client: client, directory: directory, from: from, to: end)
        rules[client] = made
        return made
    }

    mutating func slot(_ key: String) -> Int {
        if let slot = slots[key] { return slot }
        slots[key] = figures.count
        keys.append(key)
        figures.append(ReportFigures())
        return figures.count - 1
    }

    /// The groups a draft belongs to by itself (client, lane, channels); empty where the grouping is by person or
    /// side.
    mutating func fixedSlots(_ draft: ReportDraft) -> [Int] {
        switch grouping {
        case .client: [slot(draft.client)]
        case .lane: [slot(draft.lane.rawValue)]
        case .channel:
            draft.channels.isEmpty ? [slot(Self.nobody)] : Array(Set(draft.channels)).sorted().map { slot($0) }
        case .side, .approver: []
        }
    }

    /// The group of a side, looked up once per side rather than by its name for every figure.
    mutating func sideSlot(_ side: Side) -> Int {
        if let known = side == .agency ? agencySlot : companySlot { return known }
        let made = slot(side.rawValue)
        if side == .agency { agencySlot = made } else { companySlot = made }
        return made
    }

    /// Adds to each of the track's groups once and to the total once.
    mutating func add(
        _ track: Track, side: Side, person: String, total inTotal: Bool = true, _ change: (inout ReportFigures) -> Void
    ) {
        switch grouping {
        case .client, .lane, .channel: for slot in track.slots { change(&figures[slot]) }
        case .side: change(&figures[sideSlot(side)])
        case .approver: change(&figures[slot(person)])
        }
        if inTotal { change(&total) }
    }
}

extension LoopReport {
    /// A client's rules as the report needs them, resolved once per client instead of once per event.
    final class ClientRules: Sendable {
        /// The client's working windows; nil where it has no hours (its business clock is the wall clock).
        let table: WorkingCalendar?
        /// Per lane (in `Lane.allCases` order): the review SLA and the clock it is measured in.
        let slaSpans: [TimeSpan?]
        let slaClocks: [FastDeadlineClock]
        let approvers: [String]

        init(client: String, directory: Directory, from: Date, to: Date) {
            // Room on both sides for rounds that began a little before the period and deadlines a little after.
            let table = directory.clients[client]?.hours.map {
                WorkingCalendar(
                    hours: $0, from: from.addingTimeInterval(-14 * 86_400), to: to.addingTimeInterval(62 * 86_400))
            }
            self.table = table
            slaSpans = Lane.allCases.map { directory.policy(for: $0, client: client).reviewSLA }
            slaClocks = Lane.allCases.map { FastDeadlineClock(directory.clock(for: $0, client: client), table: table) }
            approvers = directory.clients[client]?.approvers ?? []
        }

        /// Working time; around the clock where the client has no business hours.
        func workingTime(from start: Date, to stop: Date) -> Double {
            guard let table else { return max(0, stop.timeIntervalSince(start)) }
            return table.workingTime(from: start, to: stop)
        }

        /// When a round submitted at `start` was due under the lane's review SLA; nil without one.
        func slaDue(_ lane: Lane, after start: Date) -> Date? {
            let i =
                switch lane {
                case .normal: 0
                case .urgent: 1
                case .crisis: 2
                }
            guard let span = slaSpans[i] else { return nil }
            return slaClocks[i].add(span, to: start)
        }
    }

    /// A draft while it is followed.
    struct Track: Sendable {
        var draft: ReportDraft
        let rules: ClientRules
        /// Its groups where the draft alone decides them (client, lane, channel); empty otherwise.
        let slots: [Int]
        var state: DraftState = .draft
        /// When it entered its state (nil before its first event).
        var since: Date?
        var round: Round?
        /// For grouping by approver: who sent it back to draft.
        var sentBackBy = LoopReport.nobody
        /// Who decided its last review round (grouping by approver counts its publication there).
        var decidedBy = LoopReport.nobody
        /// The slots under which it counts among `drafts` already, and whether the total counts it.
        var counted: [Int] = []
        var countedInTotal = false

        init(draft: ReportDraft, rules: ClientRules, slots: [Int]) {
            self.draft = draft
            self.rules = rules
            self.slots = slots
        }
    }

    /// One review round: from a submit until the draft leaves review. Its figures wait here until the round
    /// ends, because grouping by approver needs to know who decided it.
    struct Round: Sendable {
        var submitted: Date
        var submittedInPeriod: Bool
        var responded = false
        var firstResponse: (wall: Double, business: Double)?
        var steps = StepCounts()
        var acks: [(by: String, until: Date)] = []
    }

}
