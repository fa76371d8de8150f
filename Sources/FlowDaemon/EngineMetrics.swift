import FlowCore
import FlowStore

/// The scrape behind `GET /metrics`, on the control socket and the metrics listener: counters the engine keeps,
/// with the store's counts of drafts and deliveries.
extension Engine {
    /// The Prometheus text exposition. It names every client and counts their drafts, so on the control socket
    /// it is for those whose scope is every client: not company-side users, nor an account team narrowed to some.
    func metricsText(for actor: Actor?) async throws -> [UInt8] {
        if let actor, scope(actor).only != nil {
            throw Refusal(
                .forbidden, "metrics are for the agency's people who see every client, not \(actor.user.name)")
        }
        return metrics.scrape(
            drafts: try await store.countsByClientAndState(), deliveries: try await store.outboxCounts())
    }
}
