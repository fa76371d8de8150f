public import FlowAPI
import FlowConfig
public import FlowCore
import FlowStore
public import Foundation

/// `flowctl policy explain`: what a lane's policy would do with a draft, without creating anything.
extension Engine {
    /// The timeline a draft submitted at `from` would follow; creates nothing.
    public func explain(client: String, lane: Lane, from: Date?, for actor: Actor) async throws -> PolicyExplanation {
        let directory = config.directory
        guard let entry = directory.clients[client], scope(actor).contains(client) else {
            throw Refusal(.notFound, "no client \(quoted(client))")
        }
        let start = from ?? time.now()
        let policy = directory.policy(for: lane, client: client)
        let steps = Deadlines.timeline(lane: lane, client: client, from: start, directory: directory).map {
            NextStepView(
                at: $0.at, action: $0.action, rule: $0.rule, local: Deadlines.format($0.at, in: entry.timeZone),
                notify: $0.notify)
        }
        var explanation = PolicyExplanation(
            client: client, lane: lane, from: start, timeZone: Deadlines.zoneName(entry.timeZone),
            clock: policy.clock.rawValue,
            requiredApprovals: policy.requiredApprovals, autoApprove: policy.allowAutoApprove,
            maxAcknowledge: policy.maxAcknowledge.description, steps: steps)
        explanation.autonomy = try await autonomyView(client: client, lane: lane)?.view
        return explanation
    }
}
