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
            return try JSONResponse.ok(try await engine.crises(for: actor))
        }
        group.post("crises/start", body: CrisisRequest.self, engine) { body, actor, _ in
            try await engine.startCrisis(body, by: actor)
        }
        group.post("crises/end", body: CrisisRequest.self, engine) { body, actor, _ in
            try await engine.endCrisis(body, by: actor)
        }
    }
}
