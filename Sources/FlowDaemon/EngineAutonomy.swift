import FlowConfig
public import FlowCore
import FlowStore
import Foundation

/// Earned autonomy seen from the engine: the record a lane's decisions read in their transaction, and where a
/// lane stands, for `policy explain`, `show` and the report. The rules are FlowCore's (`AutonomyPolicy`).
extension Engine {
    /// Adds to a lookup what submit and request-changes need where a client grants autonomy: the lane's record,
    /// and how to send the lane's drafts back from their objection window when a request for changes loses it.
    static func autonomyLookup(_ lookup: ContextLookup, directory: Directory, now: Date) -> ContextLookup {
        var lookup = lookup
        lookup.autonomyRecord = { client, lane in directory.policy(for: lane, client: client).autonomy?.after }
        lookup.endWindow = { draft, pending, reason in
            Deadlines.endObjectionWindow(draft, pending: pending, because: reason, directory: directory, now: now)
        }
        return lookup
    }

    /// Where a client's lane stands, or nil when the client grants it no autonomy.
    func autonomyStanding(client: String, lane: Lane) async throws -> AutonomyStanding? {
        try await laneAutonomy(client: client, lane: lane)?.standing
    }

    /// The lane's policy and standing, or nil when the client grants it no autonomy.
    func laneAutonomy(client: String, lane: Lane) async throws -> LaneAutonomy? {
        guard let autonomy = config.directory.policy(for: lane, client: client).autonomy else { return nil }
        let standing = autonomy.standing(
            try await store.autonomyRecord(client: client, lane: lane, size: autonomy.after),
            zone: config.directory.clients[client]?.timeZone, now: time.now())
        return LaneAutonomy(client: client, lane: lane, policy: autonomy, standing: standing)
    }

    /// Every lane in the caller's scope whose client grants it autonomy, with its record: the report's last part.
    public func autonomyRecords(client only: String?, for actor: Actor) async throws -> [LaneAutonomy] {
        let directory = config.directory
        let scope = scope(actor)
        var out: [LaneAutonomy] = []
        for client in directory.clients.values.sorted(by: { $0.id < $1.id })
        where scope.contains(client.id) && (only == nil || only == client.id) {
            for lane in Lane.allCases {
                if let shown = try await laneAutonomy(client: client.id, lane: lane) { out.append(shown) }
            }
        }
        return out
    }
}
