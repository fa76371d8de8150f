public import FlowCore
public import Foundation

/// One line of `GET /v1/agenda`.
public struct AgendaItem: Codable, Sendable {
    public var draft: Int64
    public var title: String
    public var client: String
    public var lane: Lane
    public var state: DraftState
    public var whoseMove: String?
    public var step: NextStepView

    public init(
        draft: Int64, title: String, client: String, lane: Lane, state: DraftState, whoseMove: String?,
        step: NextStepView
    ) {
        self.draft = draft
        self.title = title
        self.client = client
        self.lane = lane
        self.state = state
        self.whoseMove = whoseMove
        self.step = step
    }
}

/// Answer of `GET /v1/agenda`.
public struct AgendaView: Codable, Sendable {
    public var now: Date
    public var items: [AgendaItem]
    /// Crises running now, in the caller's scope: their drafts come first in everyone's mind.
    public var crises: [CrisisView]?

    public init(now: Date, items: [AgendaItem]) {
        self.now = now
        self.items = items
    }

    /// The agenda as the engine read it; the crises are always shown, an empty list when none runs.
    public init(_ reading: AgendaReading) {
        self.init(
            now: reading.now,
            items: reading.entries.map { entry in
                AgendaItem(
                    draft: entry.draft.id, title: entry.draft.content.title, client: entry.draft.client,
                    lane: entry.draft.lane, state: entry.draft.state, whoseMove: entry.whoseMove?.rawValue,
                    step: NextStepView(entry.step, zone: entry.timeZone))
            })
        crises = reading.crises.map { CrisisView($0) }
    }
}
