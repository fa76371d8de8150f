public import Foundation

/// What a lane's policy would do with a draft submitted at `from`, without creating anything
/// (`flowctl policy explain`): the policy, the timeline it would follow and, where the client grants the lane
/// autonomy, where the lane stands.
public struct PolicyPreview: Sendable {
    public var client: String
    public var lane: Lane
    public var from: Date
    /// The client's time zone, in which the timeline's times are shown.
    public var zone: TimeZone
    public var policy: LanePolicy
    public var steps: [TimelineEntry]
    public var autonomy: LaneAutonomy?

    public init(
        client: String, lane: Lane, from: Date, zone: TimeZone, policy: LanePolicy, steps: [TimelineEntry],
        autonomy: LaneAutonomy?
    ) {
        self.client = client
        self.lane = lane
        self.from = from
        self.zone = zone
        self.policy = policy
        self.steps = steps
        self.autonomy = autonomy
    }
}
