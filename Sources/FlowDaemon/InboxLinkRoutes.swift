import FlowAPI
import Hummingbird

/// `/v1/inboxes…`: the people's inbox links, listed and revoked by the agency and admins.
struct InboxLinkRoutes {
    let engine: Engine

    func addRoutes(to group: RouterGroup<ControlContext>) {
        let engine = engine
        group.get("inboxes") { request, context in
            let actor = try context.requireCaller()
            let query = request.uri.queryParameters
            let all = query["all"].map { $0 == "true" || $0 == "1" } ?? false
            let links = try await engine.inboxLinks(user: query["user"].map(String.init), all: all, for: actor)
            return try JSONResponse.ok(
                InboxLinkList(
                    inboxes: links.map {
                        InboxLinkView(
                            hash: $0.hash, user: $0.user, client: $0.client, createdAt: $0.createdAt,
                            expiresAt: $0.expiresAt, status: $0.revoked ? "revoked" : $0.live ? "live" : "expired")
                    }))
        }
        group.post("inboxes/revoke", body: RevokeInboxesRequest.self, engine) { body, actor, _ in
            RevokedInboxes(
                user: body.user,
                revoked: try await engine.revokeInboxLinks(user: body.user, client: body.client, by: actor))
        }
    }
}
