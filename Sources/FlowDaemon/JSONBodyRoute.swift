import FlowAPI
import FlowCore
import HTTPTypes
import Hummingbird

extension RouterMethods where Context == ControlContext {
    /// `POST path` with a JSON body of `Body`: the caller, the decoded body and the context (for the path's
    /// parameters) go to `answer`, whose result is the answer's JSON.
    @discardableResult
    func post<Body: Decodable & Sendable, Answer: Encodable & Sendable>(
        _ path: RouterPath, body: Body.Type, _ engine: Engine, status: HTTPResponse.Status = .ok,
        emptyAllowed: Bool = false, _ answer: @escaping @Sendable (Body, Actor, Context) async throws -> Answer
    ) -> Self {
        postJSON(path, body: body, engine, emptyAllowed: emptyAllowed) { body, actor, context in
            try JSONResponse.ok(try await answer(body, actor, context), status: status)
        }
    }

    /// The same for an answer of a wire type with a hand codec (a draft's view), which is not `Encodable`.
    @discardableResult
    func post<Body: Decodable & Sendable, Answer: WireEncodable & Sendable>(
        _ path: RouterPath, body: Body.Type, _ engine: Engine, status: HTTPResponse.Status = .ok,
        emptyAllowed: Bool = false, _ answer: @escaping @Sendable (Body, Actor, Context) async throws -> Answer
    ) -> Self {
        postJSON(path, body: body, engine, emptyAllowed: emptyAllowed) { body, actor, context in
            try JSONResponse.ok(try await answer(body, actor, context), status: status)
        }
    }

    /// The caller and the body read, then the route's response.
    private func postJSON<Body: Decodable & Sendable>(
        _ path: RouterPath, body: Body.Type, _ engine: Engine, emptyAllowed: Bool,
        respond: @escaping @Sendable (Body, Actor, Context) async throws -> Response
    ) -> Self {
        post(path) { request, context in
            let actor = try context.requireCaller()
            let body = try await ControlRoutes.decode(Body.self, request, engine, emptyAllowed: emptyAllowed)
            return try await respond(body, actor, context)
        }
    }
}
