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
    private var tally: ReportTally

    public static let nobody = "(none)"

    /// `clients`: only drafts of these clients count (the caller's scope and filter); nil means all. `lanes`
    /// likewise (a crisis's summary counts the crisis lane only).
    public init(
        from: Date, to: Date, now: Date, grouping: ReportGrouping, directory: Directory, clients: Set<String>?,
        lanes: Set<Lane>? = nil
    ) {
        tally = ReportTally(
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
        case .create, .edit, .submit, .publish, .withdraw, .remind, .warn, .escalate, .deadlineMissed, .replan,
            .templateUsed, .linkShown, .linkSent, .standIn:
            false
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

extension LoopReport {
    /// A client's rules as the report needs them, resolved once per client instead of once per event.
    final class ClientRules: Sendable {
        /// The client's working windows; nil where it has no hours (its business clock is the wall clock).
        let table: WorkingCalendar?
        /// Per lane (in `Lane.allCases` order): the review SLA and the clock it is measured in.
        let slaSpans: [TimeSpan?]
        let slaClocks: [DeadlineClock]
        let approvers: [String]

        init(client: String, directory: Directory, from: Date, to: Date) {
            // Room on both sides for rounds that began a little before the period and deadlines a little after.
            let table = directory.clients[client]?.hours.map {
                WorkingCalendar(
                    hours: $0, from: from.addingTimeInterval(-14 * 86_400), to: to.addingTimeInterval(62 * 86_400))
            }
            self.table = table
            slaSpans = Lane.allCases.map { directory.policy(for: $0, client: client).reviewSLA }
            slaClocks = Lane.allCases.map { directory.clock(for: $0, client: client).laidOut(table) }
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
