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
            let id = try ControlRoutes.draftID(context)
            let links = try await engine.links(id, all: all, for: actor)
            return try JSONResponse.ok(LinkList(draft: id, links: links.map { LinkView($0.link, status: $0.status) }))
        }
        group.post("drafts/:id/links", body: NewLinkRequest.self, engine, status: .created) { body, actor, context in
            let id = try ControlRoutes.draftID(context)
            let link = try await engine.newLink(id, for: body.user, by: actor)
            return NewLinkView(draft: id, grant: link.grant, url: link.url, hash: link.hash)
        }
        group.post("drafts/:id/links/send", body: NewLinkRequest.self, engine) { body, actor, context in
            let id = try ControlRoutes.draftID(context)
            let link = try await engine.sendLink(id, for: body.user, by: actor)
            return SentLinkView(draft: id, grant: link.grant, hash: link.hash, sinks: link.sinks)
        }
        group.post("drafts/:id/links/revoke", body: RevokeLinksRequest.self, engine, emptyAllowed: true) {
            body, actor, context in
            let id = try ControlRoutes.draftID(context)
            return RevokedLinks(draft: id, revoked: try await engine.revokeLinks(id, user: body.user, by: actor))
        }
    }
}
