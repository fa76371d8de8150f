import FlowAPI
import FlowCore
import Foundation
import Hummingbird

/// `/v1/…`: the event history and its live feed.
struct EventRoutes {
    let engine: Engine

    func addRoutes(to group: RouterGroup<ControlContext>) {
        let engine = engine
        group.get("events") { request, context in
            let actor = try context.requireCaller()
            let query = request.uri.queryParameters
            func id(_ name: String) throws -> Int64? {
                try query[Substring(name)].map { raw -> Int64 in
                    guard let n = Int64(String(raw)), n >= 0 else {
                        throw APIError(.invalidRequest, "\(name) must be an id")
                    }
                    return n
                }
            }
            let follow = query["follow"].map { $0 == "true" || $0 == "1" } ?? false
            let kinds = query.getAll("type").flatMap { $0.split(separator: ",") }.map(String.init)
            let wanted = try await engine.eventStreamRequest(
                since: try id("since"), follow: follow, client: query["client"].map(String.init),
                draft: try id("draft"), kinds: kinds, for: actor)
            return EventStream.response(wanted, feed: engine.feed, channel: context.channel, logger: engine.logger)
        }
    }
}
