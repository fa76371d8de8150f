public import Foundation

/// What `flowctl policy simulate` needs from the directory: the lane's clock for the client, and how many people
/// each kind of step tells, as the rules say for a draft of the agency's in review.
extension Directory {
    /// A simulation of `policy` on `client`'s lane, its clock laid out from `from` to well past `to`.
    public func simulation(
        of policy: LanePolicy, client: String, lane: Lane, behaviour: ReviewBehaviour, from: Date, to: Date
    ) -> PolicySimulation {
        let clock = DeadlineClock(kind: policy.clock, hours: clients[client]?.hours)
            .laidOut(from: from, to: to.addingTimeInterval(PolicySimulation.horizon + 7 * 86_400))
        let draft = Draft(
            id: 0, client: client, lane: lane, state: .review, revision: 1,
            content: Content(title: "", body: "", channels: [], publishAt: nil), contentHash: "", author: "author",
            revisionAuthor: "author", revisionAuthorSide: .agency, createdAt: from, updatedAt: from, enteredAt: from)
        var told: [StepAction: Int] = [:]
        for action in [StepAction.remind, .warn] {
            told[action] =
                self.told(whenFiring: LadderStep(after: TimeSpan(seconds: 0), action: action), on: draft)
                .count
        }
        if let escalate = policy.ladder.first(where: { $0.action == .escalate }) {
            told[.escalate] = self.told(whenFiring: escalate, on: draft).count
        }
        return PolicySimulation(policy: policy, behaviour: behaviour, clock: clock, told: told)
    }
}
