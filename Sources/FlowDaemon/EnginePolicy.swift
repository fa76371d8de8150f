import FlowConfig
public import FlowCore
import FlowStore
public import Foundation

/// `flowctl policy explain`: what a lane's policy would do with a draft, without creating anything.
extension Engine {
    /// The timeline a draft submitted at `from` would follow; creates nothing.
    public func explain(client: String, lane: Lane, from: Date?, for actor: Actor) async throws -> PolicyPreview {
        let directory = config.directory
        guard let entry = directory.clients[client], scope(actor).contains(client) else {
            throw Refusal(.notFound, "no client \(quoted(client))")
        }
        let start = from ?? time.now()
        return PolicyPreview(
            client: client, lane: lane, from: start, zone: entry.timeZone,
            policy: directory.policy(for: lane, client: client),
            steps: Deadlines.timeline(lane: lane, client: client, from: start, directory: directory),
            autonomy: try await laneAutonomy(client: client, lane: lane))
    }
}
