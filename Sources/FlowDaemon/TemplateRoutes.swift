import FlowAPI
import FlowCore
import Foundation
import Hummingbird

/// `/v1/…`: pre-approved templates: listed, defined, used, revoked.
struct TemplateRoutes {
    let engine: Engine

    func addRoutes(to group: RouterGroup<ControlContext>) {
        let engine = engine
        group.get("templates") { request, context in
            let actor = try context.requireCaller()
            let query = request.uri.queryParameters
            return try JSONResponse.ok(
                try await engine.templates(
                    client: query["client"].map(String.init), all: query["all"] == "true" || query["all"] == "1",
                    for: actor))
        }
        group.post("templates", body: DefineTemplateRequest.self, engine) { body, actor, _ in
            try await engine.defineTemplate(body, by: actor)
        }
        group.post("templates/use", body: UseTemplateRequest.self, engine) { body, actor, _ in
            try await engine.useTemplate(body, by: actor)
        }
        group.post("templates/revoke", body: RevokeTemplateRequest.self, engine) { body, actor, _ in
            try await engine.revokeTemplate(body, by: actor)
        }
    }
}
