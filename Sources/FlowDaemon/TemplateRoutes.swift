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
                TemplateList(
                    try await engine.templates(
                        client: query["client"].map(String.init), all: query["all"] == "true" || query["all"] == "1",
                        for: actor)))
        }
        group.post("templates", body: DefineTemplateRequest.self, engine) { body, actor, _ in
            DraftView(
                try await engine.defineTemplate(
                    client: body.client, lane: body.lane ?? .normal, content: body.content, labels: body.labels ?? [],
                    rules: body.rules, message: body.message, by: actor))
        }
        group.post("templates/use", body: UseTemplateRequest.self, engine) { body, actor, _ in
            DraftView(
                try await engine.useTemplate(
                    body.template, values: body.values ?? [:], lane: body.lane, publishAt: body.publishAt,
                    labels: body.labels ?? [], message: body.message, by: actor))
        }
        group.post("templates/revoke", body: RevokeTemplateRequest.self, engine) { body, actor, _ in
            DraftView(try await engine.revokeTemplate(body.template, message: body.message, by: actor))
        }
    }
}
