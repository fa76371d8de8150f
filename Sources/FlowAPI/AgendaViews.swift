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
}

/// Answer of `GET /v1/policy/explain`.
public struct PolicyExplanation: Codable, Sendable {
    public var client: String
    public var lane: Lane
    public var from: Date
    public var timeZone: String
    public var clock: String
    public var requiredApprovals: Int
    public var autoApprove: Bool
    public var maxAcknowledge: String
    public var steps: [NextStepView]
    /// Where the client grants the lane autonomy: its record and the mode a draft submitted now would get.
    public var autonomy: AutonomyView?

    public init(
        client: String, lane: Lane, from: Date, timeZone: String, clock: String, requiredApprovals: Int,
        autoApprove: Bool, maxAcknowledge: String, steps: [NextStepView]
    ) {
        self.client = client
        self.lane = lane
        self.from = from
        self.timeZone = timeZone
        self.clock = clock
        self.requiredApprovals = requiredApprovals
        self.autoApprove = autoApprove
        self.maxAcknowledge = maxAcknowledge
        self.steps = steps
    }
}
