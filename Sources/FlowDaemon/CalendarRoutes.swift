import FlowAPI
import FlowCore
import Foundation
import Hummingbird

/// `/v1/…`: the editorial calendar and its feeds.
struct CalendarRoutes {
    let engine: Engine

    func addRoutes(to group: RouterGroup<ControlContext>) {
        let engine = engine
        group.get("calendar") { request, context in
            let actor = try context.requireCaller()
            let query = request.uri.queryParameters
            return try JSONResponse.ok(
                try await engine.calendar(
                    from: try ControlRoutes.queryTime(query, "from", for: "calendar"),
                    to: try ControlRoutes.queryTime(query, "to", for: "calendar"),
                    client: query["client"].map(String.init), for: actor))
        }
        group.post("calendar/feeds", body: CalendarFeedRequest.self, engine) { body, actor, _ in
            try await engine.calendarFeed(body, by: actor)
        }
    }
}
