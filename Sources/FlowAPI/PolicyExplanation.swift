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

    /// The preview as the API shows it: the timeline's times also in the client's zone.
    public init(_ preview: PolicyPreview) {
        client = preview.client
        lane = preview.lane
        from = preview.from
        timeZone = Deadlines.zoneName(preview.zone)
        clock = preview.policy.clock.rawValue
        requiredApprovals = preview.policy.requiredApprovals
        autoApprove = preview.policy.allowAutoApprove
        maxAcknowledge = preview.policy.maxAcknowledge.description
        steps = preview.steps.map {
            NextStepView(
                at: $0.at, action: $0.action, rule: $0.rule, local: Deadlines.format($0.at, in: preview.zone),
                notify: $0.notify)
        }
        autonomy = preview.autonomy.map(AutonomyView.init)
    }
}
