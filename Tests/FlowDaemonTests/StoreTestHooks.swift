import FlowCore
import Foundation

@testable import FlowStore

/// What these tests ask of the engine's store that the daemon never does; FlowStore ships none of it.
extension Store {
    func outboxRow(_ id: Int64) throws -> OutboxRow? { try loadOutboxRow(id) }

    /// Mints one link with no decision around it: a link the workflow would not make.
    func mintLink(draftID: Int64, _ grant: LinkGrant, at now: Date) async throws -> LinkRef {
        try await writing { try insert(grant, draftID: draftID, at: now) }
    }
}
