import FlowAPI
import FlowCore
import Foundation
import Hummingbird

/// `/v1/…`: outgoing deliveries: listed, retried.
struct DeliveryRoutes {
    let engine: Engine

    func addRoutes(to group: RouterGroup<ControlContext>) {
        let engine = engine
        group.get("deliveries") { request, context in
            let actor = try context.requireCaller()
            let query = request.uri.queryParameters
            let (limit, before) = try ControlRoutes.page(query, defaultLimit: 50)
            let failed = query["failed"].map { $0 == "true" || $0 == "1" } ?? false
            let page = try await engine.deliveries(
                sink: query["sink"].map(String.init), failed: failed, limit: limit, before: before, for: actor)
            return try JSONResponse.ok(
                DeliveryList(deliveries: page.deliveries.map { DeliveryView($0) }, nextBefore: page.nextBefore))
        }
        group.post("deliveries/:id/retry") { request, context in
            let actor = try context.requireCaller()
            let raw = context.parameters.get("id") ?? ""
            guard let id = Int64(raw), id > 0 else {
                throw APIError(.notFound, "no delivery \(quoted(raw)): ids are positive numbers")
            }
            return try JSONResponse.ok(DeliveryView(try await engine.retryDelivery(id, by: actor)))
        }
    }
}
