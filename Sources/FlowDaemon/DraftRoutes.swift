import FlowAPI
import FlowCore
import Foundation
import Hummingbird

/// `/v1/…`: drafts: listed, created, shown, their history, acted on, and the agenda of what is due.
struct DraftRoutes {
    let engine: Engine

    func addRoutes(to group: RouterGroup<ControlContext>) {
        let engine = engine
        group.get("drafts") { request, context in
            let actor = try context.requireCaller()
            let query = request.uri.queryParameters
            let asked = try DraftListQuery(query)
            let (limit, before) = try ControlRoutes.page(query, defaultLimit: 100)
            return try JSONResponse.ok(
                DraftList(
                    try await engine.list(
                        asked.filter, client: asked.client, mine: asked.mine, limit: limit, before: before,
                        overdue: asked.overdue, for: actor)))
        }
        group.post("drafts", body: CreateRequest.self, engine, status: .created) { body, actor, _ in
            DraftView(
                try await engine.create(
                    client: body.client, lane: body.lane, content: body.content, labels: body.labels ?? [],
                    message: body.message, by: actor))
        }
        group.get("drafts/:id") { request, context in
            let actor = try context.requireCaller()
            return try JSONResponse.ok(
                DraftView(try await engine.draft(try ControlRoutes.draftID(context), for: actor)))
        }
        group.get("drafts/:id/events") { request, context in
            let actor = try context.requireCaller()
            let query = request.uri.queryParameters
            let (limit, _) = try ControlRoutes.page(query, defaultLimit: 500)
            let after = try query["after"].map { raw -> Int64 in
                guard let n = Int64(String(raw)), n >= 0 else { throw APIError(.invalidRequest, "after must be an id") }
                return n
            }
            return try JSONResponse.ok(
                EventList(
                    try await engine.events(
                        try ControlRoutes.draftID(context), after: after ?? 0, limit: limit, for: actor)))
        }
        group.get("agenda") { request, context in
            let actor = try context.requireCaller()
            let query = request.uri.queryParameters
            let raw = query["within"].map(String.init) ?? "24h"
            guard let within = TimeSpan(raw) else {
                throw APIError(.invalidRequest, "within: \(quoted(raw)) is not a duration like 4h or 2d")
            }
            let all = query["all"].map { $0 == "true" || $0 == "1" } ?? false
            return try JSONResponse.ok(
                AgendaView(try await engine.agenda(within: within, limit: 500, all: all, for: actor)))
        }
        // The direct route (`DraftActionDirectRoute`), here for the forms of HTTP the direct route does not read.
        group.post("drafts/:id/:action") { request, context in
            let actor = try context.requireCaller()
            let id = try ControlRoutes.draftID(context)
            let body = try await ControlRoutes.body(request, engine)
            let build = await withCheckedContinuation { continuation in
                DraftActionDirectRoute.act(
                    engine, context.parameters.get("action") ?? "", on: id, body: body, by: actor, here: false
                ) { continuation.resume(returning: $0) }
            }
            return build().response
        }
    }
}
