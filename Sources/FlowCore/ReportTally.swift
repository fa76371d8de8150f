import Foundation

/// The figures by group and everything needed to add to them: the period, the grouping, the clients' rules.
struct ReportTally: Sendable {
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
        case .approved, .published, .withdrawn: break
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
            if inPeriod {
                add(track, side: track.draft.authorSide, person: track.decidedBy) { $0.published += 1 }
                // A draft published in the period was in the loop then, even if it was approved before (or made
                // from an approved template): the drafts counted hold every draft the figures count.
                countDraft(&track, side: track.draft.authorSide, person: track.decidedBy)
            }
        case (_, .deadlineMissed):
            // A rework or publishing deadline: the author's side holds the draft.
            if inPeriod {
                add(track, side: track.draft.authorSide, person: track.sentBackBy) { $0.steps.deadlineMissed += 1 }
            }
        // Every other pair changes no figure; listed by kind, so that a new kind must be placed here.
        case (_, .create), (_, .edit), (_, .submit), (_, .approve), (_, .requestChanges), (_, .publish),
            (_, .withdraw), (_, .comment), (_, .acknowledge), (_, .remind), (_, .warn), (_, .escalate),
            (_, .autoApprove), (_, .returnToDraft), (_, .replan), (_, .templateUsed), (_, .linkShown), (_, .linkSent),
            (_, .standIn):
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
        countAcknowledgements(round.acks, of: track, outcome: outcome, at: at)
    }

    /// An acknowledgement is kept when the round left review by the promised time.
    mutating func countAcknowledgements(
        _ acks: [(by: String, until: Date)], of track: Track, outcome: Outcome, at: Date
    ) {
        let reviewer = track.draft.authorSide.other
        for ack in acks {
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
