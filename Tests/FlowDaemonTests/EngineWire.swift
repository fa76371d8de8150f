import FlowAPI
import FlowCore
import FlowDaemon

/// The engine as the control socket's routes show it: each call maps its wire request to the domain and the
/// engine's answer back to the wire, through the same FlowAPI inits the routes use, so that tests keep asserting
/// what a caller sees.
struct WireEngine {
    let engine: Engine

    func create(_ body: CreateRequest, by actor: Actor) async throws -> DraftView {
        DraftView(
            try await engine.create(
                client: body.client, lane: body.lane, content: body.content, labels: body.labels ?? [],
                message: body.message, by: actor))
    }

    func act(_ actionName: String, on id: Int64, _ body: ActionRequest, by actor: Actor) async throws -> DraftView {
        DraftView(try await engine.act(try body.request(for: actionName), on: id, by: actor))
    }

    func draft(_ id: Int64, for actor: Actor) async throws -> DraftView {
        DraftView(try await engine.draft(id, for: actor))
    }

    func list(
        state: DraftState?, client: String?, limit: Int, before: Int64?, overdue: Bool = false, for actor: Actor
    ) async throws -> DraftList {
        DraftList(
            try await engine.list(
                DraftFilter(state: state), client: client, limit: limit, before: before, overdue: overdue, for: actor))
    }

    func events(_ id: Int64, after: Int64 = 0, limit: Int = 500, for actor: Actor) async throws -> EventList {
        EventList(try await engine.events(id, after: after, limit: limit, for: actor))
    }
}

extension Engine {
    /// The engine's answers as the wire shows them (`WireEngine`).
    var wire: WireEngine { WireEngine(engine: self) }
}
