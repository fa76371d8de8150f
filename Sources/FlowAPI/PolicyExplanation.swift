public import FlowCore
public import Foundation

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
