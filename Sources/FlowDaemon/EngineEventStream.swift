import FlowConfig
import FlowCore
import FlowStore

/// Where `GET /v1/events` starts and what it shows, checked against the caller's scope before the stream begins.
extension Engine {
    /// Validates the query of `GET /v1/events` for `actor`: unknown kinds, a client or draft out of scope, and a
    /// `since` beyond the newest event the caller may see are errors; scope narrows what is shown, never what is
    /// counted. A caller narrowed to some clients is measured against their own newest event, so neither the
    /// error's text nor where it starts tells them how many events other clients' drafts have.
    func eventStreamRequest(
        since: Int64?, follow: Bool, client: String?, draft: Int64?, kinds: [String], for actor: Actor
    ) async throws -> EventStreamRequest {
        var clients = scope(actor).only
        if let client {
            guard config.directory.clients[client] != nil, scope(actor).contains(client) else {
                throw Refusal(.notFound, "no client \(quoted(client))")
            }
            clients = [client]
        }
        if let draft { _ = try await visibleDraft(draft, to: actor) }
        var wanted: Set<EventKind>?
        if !kinds.isEmpty {
            wanted = []
            for name in kinds {
                guard let kind = EventKind(rawValue: name) else {
                    let known = EventKind.allCases.map(\.rawValue).joined(separator: ", ")
                    throw Refusal(.invalidRequest, "unknown event type \(quoted(name)); types are \(known)")
                }
                wanted?.insert(kind)
            }
        }
        let narrowed = scope(actor).only
        var request = EventStreamRequest(since: 0, follow: follow, clients: clients, draft: draft, kinds: wanted)
        request.scopeNow = { [self] in scopeNow(of: actor) }
        if let since {
            let last = try await lastEventID(seenBy: narrowed)
            if since > last {
                throw Refusal(
                    .invalidRequest,
                    "since \(since) is beyond the last event\(narrowed == nil ? "" : " you may see") (\(last))")
            }
            request.since = since
            request.resumeFrom = since
        } else if follow {
            request.since = try await store.lastEventID()
            request.resumeFrom = narrowed == nil ? request.since : try await lastEventID(seenBy: narrowed)
        }
        return request
    }

    /// `actor`'s scope under the configuration in force now; nothing once the config no longer has them.
    func scopeNow(of actor: Actor) -> Scope {
        let directory = config.directory
        guard let user = directory.users[actor.user.name] else { return .clients([]) }
        return directory.scope(of: user)
    }

    /// The newest event of a draft of `clients` (nil: of any draft).
    private func lastEventID(seenBy clients: Set<String>?) async throws -> Int64 {
        guard let clients else { return try await store.lastEventID() }
        return try await store.lastEventID(clients: clients)
    }
}
