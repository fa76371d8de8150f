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
            let from = try ControlRoutes.queryTime(query, "from", for: "calendar")
            let to = try ControlRoutes.queryTime(query, "to", for: "calendar")
            let parts = try await engine.calendar(
                from: from, to: to, client: query["client"].map(String.init), for: actor)
            let clients = parts.map { ClientCalendarView($0.calendar, client: $0.client) }
            return try JSONResponse.ok(CalendarView(from: from, to: to, clients: clients))
        }
        group.post("calendar/feeds", body: CalendarFeedRequest.self, engine) { body, actor, _ in
            let feed = try await engine.calendarFeed(client: body.client, revoke: body.revoke == true, by: actor)
            return CalendarFeedView(client: body.client, url: feed.url, revoked: feed.revoked)
        }
    }
}
