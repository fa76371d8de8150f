import FlowAPI
import FlowConfig
import FlowCore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// The control API's router: one file of routes per resource, each behind `CallerMiddleware`, and the error envelope
/// around them all; and what the routes share to read a request.
enum ControlRoutes {
    static func router(
        engine: Engine, logger: Logger,
        peerUID: @escaping @Sendable (any Channel) -> EventLoopFuture<UInt32> = ControlCaller.peerUID
    ) -> Router<ControlContext> {
        let router = Router(context: ControlContext.self)
        router.add(middleware: ErrorEnvelopeMiddleware(logger: logger))
        // On the routes only, so that a path no route takes is a 404 whoever asks.
        let root = router.group().add(middleware: CallerMiddleware(engine: engine, peerUID: peerUID))
        StatusRoutes(engine: engine).addRoutes(to: root)
        let v1 = root.group("v1")
        DraftRoutes(engine: engine).addRoutes(to: v1)
        MediaRoutes(engine: engine).addRoutes(to: v1)
        LinkRoutes(engine: engine).addRoutes(to: v1)
        InboxLinkRoutes(engine: engine).addRoutes(to: v1)
        TemplateRoutes(engine: engine).addRoutes(to: v1)
        CrisisRoutes(engine: engine).addRoutes(to: v1)
        AbsenceRoutes(engine: engine).addRoutes(to: v1)
        CalendarRoutes(engine: engine).addRoutes(to: v1)
        ReportRoutes(engine: engine).addRoutes(to: v1)
        DeliveryRoutes(engine: engine).addRoutes(to: v1)
        EventRoutes(engine: engine).addRoutes(to: v1)
        return router
    }

    /// `limit` (1 to 1000) and `before` (an id) of a paged listing.
    /// A required ISO-8601 time from the query, or a clear 400.
    static func queryTime(_ query: Parameters, _ name: String, for verb: String) throws -> Date {
        guard let raw = query[Substring(name)].map(String.init) else {
            throw APIError(.invalidRequest, "\(verb) needs \(name), an ISO-8601 time")
        }
        guard let date = WireJSON.parseDate(raw) else {
            throw APIError(.invalidRequest, "\(name): \(quoted(raw)) is not an ISO-8601 time like 2026-05-01T09:30:00Z")
        }
        return date
    }

    static func page(_ query: Parameters, defaultLimit: Int) throws -> (limit: Int, before: Int64?) {
        let limit =
            try query["limit"].map { raw -> Int in
                guard let n = Int(String(raw)), (1...1000).contains(n) else {
                    throw APIError(.invalidRequest, "limit must be a number from 1 to 1000")
                }
                return n
            } ?? defaultLimit
        let before = try query["before"].map { raw -> Int64 in
            guard let n = Int64(String(raw)) else { throw APIError(.invalidRequest, "before must be an id") }
            return n
        }
        return (limit, before)
    }

    static func draftID(_ context: ControlContext) throws -> Int64 {
        let raw = context.parameters.get("id") ?? ""
        guard let id = Int64(raw), id > 0 else {
            throw APIError(.notFound, "no draft \(quoted(raw)): ids are positive numbers")
        }
        return id
    }

    static func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ engine: Engine, emptyAllowed: Bool = false)
        async throws -> T
    {
        try decode(type, from: try await body(request, engine), emptyAllowed: emptyAllowed)
    }

    /// The request's body, read whole up to the configured limit (`collectBody`, as on the public listener).
    static func body(_ request: Request, _ engine: Engine) async throws -> ByteBuffer {
        let limit = engine.config.maxBodyBytes
        if let body = try await collectBody(request, limit: limit) { return body }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError(.payloadTooLarge, "request body of \(length) bytes is over the limit of \(limit)")
        }
        throw APIError(.payloadTooLarge, "request body is over the limit of \(limit) bytes")
    }

    /// A request body already read, as `T`; malformed JSON gets a message that says where.
    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer, emptyAllowed: Bool) throws -> T {
        if buffer.readableBytes == 0, emptyAllowed,
            let empty = try? WireJSON.decoder().decode(T.self, from: Data("{}".utf8))
        {
            return empty
        }
        let data = Data(buffer.readableBytesView)
        do {
            return try WireJSON.refusingUnknownKeys(try WireJSON.decoder().decode(T.self, from: data), in: data)
        } catch let error as WireDecodingError {
            throw APIError(error.code, error.message)
        } catch let DecodingError.dataCorrupted(context) {
            throw APIError(.badJSON, "malformed JSON: \(describe(context))")
        } catch let DecodingError.keyNotFound(key, _) {
            throw APIError(.badJSON, "missing field \(quoted(key.stringValue))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw APIError(.badJSON, "wrong type: \(describe(context))")
        } catch let DecodingError.valueNotFound(_, context) {
            throw APIError(.badJSON, "missing value: \(describe(context))")
        } catch {
            throw APIError(.badJSON, "malformed JSON")
        }
    }

    private static func describe(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        let detail = context.debugDescription.prefix(200)
        return path.isEmpty ? String(detail) : "\(path): \(detail)"
    }
}
