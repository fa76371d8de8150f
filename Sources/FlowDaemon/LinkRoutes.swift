import FlowAPI
import Hummingbird

/// `/v1/drafts/{id}/links…`: a draft's review links, listed, shown to their person or an admin, sent, revoked.
struct LinkRoutes {
    let engine: Engine

    func addRoutes(to group: RouterGroup<ControlContext>) {
        let engine = engine
        group.get("drafts/:id/links") { request, context in
            let actor = try context.requireCaller()
            let all = request.uri.queryParameters["all"].map { $0 == "true" || $0 == "1" } ?? false
            return try JSONResponse.ok(try await engine.links(try ControlRoutes.draftID(context), all: all, for: actor))
        }
        group.post("drafts/:id/links", body: NewLinkRequest.self, engine, status: .created) { body, actor, context in
            try await engine.newLink(try ControlRoutes.draftID(context), for: body.user, by: actor)
        }
        group.post("drafts/:id/links/send", body: NewLinkRequest.self, engine) { body, actor, context in
            try await engine.sendLink(try ControlRoutes.draftID(context), for: body.user, by: actor)
        }
        group.post("drafts/:id/links/revoke", body: RevokeLinksRequest.self, engine, emptyAllowed: true) {
            body, actor, context in
            try await engine.revokeLinks(try ControlRoutes.draftID(context), user: body.user, by: actor)
        }
    }
}
