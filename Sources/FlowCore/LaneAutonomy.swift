/// Where a client's lane stands under the autonomy its client grants: the policy and the record it reads
/// (`policy explain`, the report's last part).
public struct LaneAutonomy: Sendable, Equatable {
    public var client: String
    public var lane: Lane
    public var policy: AutonomyPolicy
    public var standing: AutonomyStanding

    public init(client: String, lane: Lane, policy: AutonomyPolicy, standing: AutonomyStanding) {
        self.client = client
        self.lane = lane
        self.policy = policy
        self.standing = standing
    }
}
