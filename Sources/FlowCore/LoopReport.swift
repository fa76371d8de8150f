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
public struct LoopReport: Sendable {
    public let from: Date
    public let to: Date
    public let now: Date
    public let grouping: ReportGrouping
    let directory: Directory
    let clients: Set<String>?
    /// Where held time stops: the period's end, or now if that is earlier.
    let end: Date
    private var tracks: [Int64: Track] = [:]
    public private(set) var groups: [String: ReportFigures] = [:]
    public private(set) var total = ReportFigures()
    private var calendars: [String: WorkingCalendar] = [:]

    public static let nobody = "(none)"

    /// `clients`: only drafts of these clients count (the caller's scope and filter); nil means all.
    public init(
        from: Date, to: Date, now: Date, grouping: ReportGrouping, directory: Directory, clients: Set<String>?
    ) {
        self.from = from
        self.to = to
        self.now = now
        self.grouping = grouping
        self.directory = directory
        self.clients = clients
        end = min(to, now)
    }

    /// The number of drafts being followed, for the caller's memory bound.
    public var openDrafts: Int { tracks.count }

    /// Whether the events of a draft are being followed.
    public func follows(_ draftID: Int64) -> Bool { tracks[draftID] != nil }

    /// Starts following a draft; its first event (normally `create`) comes next.
    public mutating func begin(_ draft: ReportDraft) {
        guard clients.map({ $0.contains(draft.client) }) ?? true else { return }
        tracks[draft.id] = Track(draft: draft)
    }

    public mutating func record(_ event: ReportEvent) {
        guard var track = tracks.removeValue(forKey: event.draftID) else { return }
        step(&track, event)
        if !track.state.isTerminal { tracks[event.draftID] = track }
    }

    /// Counts a draft that is past its deadline now, with the side that holds it.
    public mutating func overdue(_ draft: ReportDraft, state: DraftState) {
        guard clients.map({ $0.contains(draft.client) }) ?? true else { return }
        let side = state == .review ? draft.authorSide.other : draft.authorSide
        let people = state == .review ? directory.clients[draft.client]?.approvers ?? [] : []
        add(keys(draft, side: side, people: people)) { $0.overdue += 1 }
    }

    /// Closes what is still open at the end of the period and returns the groups, sorted by key.
    public mutating func finish() -> [(key: String, figures: ReportFigures)] {
        for var track in tracks.values {
            switch track.state {
            case .review: endRound(&track, at: end, outcome: .open, by: nil)
            case .draft: heldInDraft(track, until: end)
            default: break
            }
        }
        tracks = [:]
        return groups.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

extension LoopReport {
    /// A draft while it is followed.
    struct Track: Sendable {
        var draft: ReportDraft
        var state: DraftState = .draft
        /// When it entered its state (nil before its first event).
        var since: Date?
        var round: Round?
        /// For grouping by approver: who sent it back to draft.
        var sentBackBy = LoopReport.nobody
        /// The keys under which it counts among `drafts` already, and whether the total counts it.
        var counted: [String] = []
        var countedInTotal = false

        init(draft: ReportDraft) { self.draft = draft }
    }

    /// One review round: from a submit until the draft leaves review. Its figures wait here until the round
    /// ends, because grouping by approver needs to know who decided it.
    struct Round: Sendable {
        var submitted: Date
        var submittedInPeriod: Bool
        var responded = false
        var firstResponse: (wall: Double, business: Double)?
        var steps: [EventKind: Int] = [:]
        var acks: [(by: String, until: Date)] = []
    }

    enum Outcome { case approved, changesRequested, autoApproved, expired, withdrawn, open }

    mutating func step(_ track: inout Track, _ event: ReportEvent) {
        let inPeriod = event.at >= from && event.at < to
        let at = event.at
        if track.since == nil { track.since = at }
        let reviewer = track.draft.authorSide.other
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
            if directory.users[event.actor]?.side == reviewer { respond(&track, at: at, inPeriod: inPeriod) }
        case (.review, .remind), (.review, .warn), (.review, .escalate), (.review, .deadlineMissed):
            if inPeriod { track.round?.steps[event.kind, default: 0] += 1 }
        case (.review, .autoApprove):
            if inPeriod { track.round?.steps[.autoApprove, default: 0] += 1 }
            endRound(&track, at: at, outcome: .autoApproved, by: event.actor)
        case (.review, .returnToDraft):
            if inPeriod { track.round?.steps[.returnToDraft, default: 0] += 1 }
            endRound(&track, at: at, outcome: .expired, by: event.actor)
            track.sentBackBy = event.actor
        case (.review, .withdraw):
            endRound(&track, at: at, outcome: .withdrawn, by: nil)
        case (_, .deadlineMissed):
            // A rework or publishing deadline: the author's side holds the draft.
            if inPeriod {
                add(keys(track.draft, side: track.draft.authorSide, people: [track.sentBackBy])) {
                    $0.steps[.deadlineMissed, default: 0] += 1
                }
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
        guard var round = track.round, !round.responded else { return }
        round.responded = true
        if inPeriod {
            round.firstResponse = (
                at.timeIntervalSince(round.submitted), workingTime(track.draft.client, from: round.submitted, to: at)
            )
        }
        track.round = round
    }

    mutating func endRound(_ track: inout Track, at: Date, outcome: Outcome, by decider: String?) {
        guard let round = track.round else { return }
        track.round = nil
        let draft = track.draft
        let inPeriod = at >= from && at < to
        let reviewer = draft.authorSide.other
        let person = decider ?? Self.nobody
        let roundKeys = keys(draft, side: reviewer, people: [person])
        let decided = inPeriod && [.approved, .changesRequested, .autoApproved].contains(outcome)
        if round.submittedInPeriod || decided { countDraft(&track, roundKeys) }
        if round.submittedInPeriod {
            add(keys(draft, side: draft.authorSide, people: [person])) { $0.submitted += 1 }
        }
        let held = clipped(round.submitted, at)
        let heldBusiness = held.map { workingTime(draft.client, from: $0.0, to: $0.1) } ?? 0
        var review: (wall: Double, business: Double, slaHit: Bool?)?
        if decided {
            let policy = directory.policy(for: draft.lane, client: draft.client)
            review = (
                at.timeIntervalSince(round.submitted), workingTime(draft.client, from: round.submitted, to: at),
                policy.reviewSLA.map { at <= clock(draft).add($0, to: round.submitted) }
            )
        }
        add(roundKeys) { figures in
            if let held { figures.heldWall[reviewer, default: 0] += held.1.timeIntervalSince(held.0) }
            if held != nil { figures.heldBusiness[reviewer, default: 0] += heldBusiness }
            if let response = round.firstResponse {
                figures.firstResponseWall.record(seconds: response.wall)
                figures.firstResponseBusiness.record(seconds: response.business)
            }
            figures.steps.merge(round.steps, uniquingKeysWith: +)
            if let review {
                figures.decided += 1
                figures.reviewWall.record(seconds: review.wall)
                figures.reviewBusiness.record(seconds: review.business)
                if let hit = review.slaHit {
                    figures.slaRounds += 1
                    if hit { figures.slaHits += 1 }
                }
            }
            guard inPeriod else { return }
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
        // An acknowledgement is kept when the round left review by the promised time.
        for ack in round.acks {
            let kept = outcome != .open && at <= ack.until
            let pending = outcome == .open && ack.until >= end
            add(keys(draft, side: reviewer, people: [ack.by])) { figures in
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
        let business = workingTime(track.draft.client, from: held.0, to: held.1)
        let side = track.draft.authorSide
        add(keys(track.draft, side: side, people: [track.sentBackBy])) {
            $0.heldWall[side, default: 0] += held.1.timeIntervalSince(held.0)
            $0.heldBusiness[side, default: 0] += business
        }
    }

    mutating func countDraft(_ track: inout Track, _ keys: [String]) {
        for key in keys where !track.counted.contains(key) {
            track.counted.append(key)
            groups[key, default: ReportFigures()].drafts += 1
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

    func keys(_ draft: ReportDraft, side: Side, people: [String]) -> [String] {
        switch grouping {
        case .client: [draft.client]
        case .lane: [draft.lane.rawValue]
        case .channel: draft.channels.isEmpty ? [Self.nobody] : draft.channels
        case .side: [side.rawValue]
        case .approver: people.isEmpty ? [Self.nobody] : people
        }
    }

    /// Adds to each group once and to the total once.
    mutating func add(_ keys: [String], _ change: (inout ReportFigures) -> Void) {
        for key in keys { change(&groups[key, default: ReportFigures()]) }
        change(&total)
    }

    /// The client's working time; around the clock where the client has no business hours.
    mutating func workingTime(_ client: String, from start: Date, to stop: Date) -> Double {
        guard let table = calendar(client) else { return max(0, stop.timeIntervalSince(start)) }
        return table.workingTime(from: start, to: stop)
    }

    mutating func clock(_ draft: ReportDraft) -> FastDeadlineClock {
        FastDeadlineClock(directory.clock(for: draft.lane, client: draft.client), table: calendar(draft.client))
    }

    /// One table per client with hours, built on first use, covering the period with room on both sides for
    /// rounds that began a little before it and deadlines that fall a little after it.
    mutating func calendar(_ client: String) -> WorkingCalendar? {
        if let table = calendars[client] { return table }
        guard let hours = directory.clients[client]?.hours else { return nil }
        let table = WorkingCalendar(
            hours: hours, from: from.addingTimeInterval(-14 * 86_400), to: end.addingTimeInterval(62 * 86_400))
        calendars[client] = table
        return table
    }
}
