import FlowAPI
import FlowCore
import Foundation
import Hummingbird

/// `/v1/…`: crisis mode: the crises in force, started, ended.
struct CrisisRoutes {
    let engine: Engine

    func addRoutes(to group: RouterGroup<ControlContext>) {
        let engine = engine
        group.get("crises") { request, context in
            let actor = try context.requireCaller()
            return try JSONResponse.ok(CrisisList(try await engine.crises(for: actor)))
        }
        group.post("crises/start", body: CrisisRequest.self, engine) { (body, actor, _) -> CrisisView in
            let started = try await engine.startCrisis(client: body.client, message: body.message, by: actor)
            return CrisisView(started.crisis, templates: started.templates)
        }
        group.post("crises/end", body: CrisisRequest.self, engine) { (body, actor, _) -> CrisisView in
            let ended = try await engine.endCrisis(client: body.client, by: actor)
            return CrisisView(ended.crisis, summary: ended.summary)
        }
    }
}
