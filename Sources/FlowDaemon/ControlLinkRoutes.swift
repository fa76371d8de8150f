import FlowAPI
import Hummingbird

extension ControlRoutes {
    /// `/v1/drafts/{id}/links…`: a draft's review links, listed, shown to their person or an admin, sent, revoked.
    static func addLinkRoutes(to v1: RouterGroup<ControlContext>, engine: Engine) {
        v1.get("drafts/:id/links") { request, context in
            let actor = try await identify(request, context, engine)
            let all = request.uri.queryParameters["all"].map { $0 == "true" || $0 == "1" } ?? false
            return try JSONResponse.ok(try await engine.links(try draftID(context), all: all, for: actor))
        }
        v1.post("drafts/:id/links") { request, context in
            let actor = try await identify(request, context, engine)
            let body = try await decode(NewLinkRequest.self, request, engine)
            return try JSONResponse.ok(
                try await engine.newLink(try draftID(context), for: body.user, by: actor), status: .created)
        }
        v1.post("drafts/:id/links/send") { request, context in
            let actor = try await identify(request, context, engine)
            let body = try await decode(NewLinkRequest.self, request, engine)
            return try JSONResponse.ok(try await engine.sendLink(try draftID(context), for: body.user, by: actor))
        }
        v1.post("drafts/:id/links/revoke") { request, context in
            let actor = try await identify(request, context, engine)
            let body = try await decode(RevokeLinksRequest.self, request, engine, emptyAllowed: true)
            return try JSONResponse.ok(try await engine.revokeLinks(try draftID(context), user: body.user, by: actor))
        }
    }
}
