import FlowAPI
import FlowConfig
import FlowCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// Request context of the control socket: keeps the channel so handlers can read the peer's credentials.
struct ControlContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// Turns every failure into the documented error envelope; anything unexpected is a bug in flowd.
struct ErrorEnvelopeMiddleware: RouterMiddleware {
    typealias Context = ControlContext
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return JSONResponse.error(error.code, error.message)
        } catch let error as HTTPError {
            switch error.status {
            case .notFound:
                return JSONResponse.error(.notFound, "no such endpoint: \(request.method) \(request.uri.path)")
            case .contentTooLarge:
                return JSONResponse.error(.payloadTooLarge, "request body is over the limit")
            case .methodNotAllowed:
                return JSONResponse.error(.invalidRequest, "\(request.method) is not allowed on \(request.uri.path)")
            default:
                return JSONResponse.error(.invalidRequest, error.body ?? "bad request")
            }
        } catch {
            logger.critical("unhandled error", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return JSONResponse.error(.internalError, "internal error; see the flowd log")
        }
    }
}

enum JSONResponse {
    static let encoder = WireJSON.encoder()

    static func ok(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: try body(value)))
    }

    /// The hot types are `HandEncoded` and go through the overload beside `jsonBuffer`.
    static func body(_ value: some Encodable) throws -> ByteBuffer {
        ByteBuffer(bytes: try encoder.encode(value))
    }

    /// The error envelope; `status` overrides the code's usual HTTP status (408 and 413 on the webhook listener).
    static func error(_ code: ErrorCode, _ message: String, status: Int? = nil) -> Response {
        Response(
            status: .init(code: status ?? code.httpStatus), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: errorBody(code, message)))
    }

    static func errorBody(_ code: ErrorCode, _ message: String) -> ByteBuffer {
        ByteBuffer(bytes: errorData(code, message))
    }

    static func errorData(_ code: ErrorCode, _ message: String) -> Data {
        (try? encoder.encode(ErrorEnvelope(code: code, message: message))) ?? Data()
    }
}

/// Routes of the versioned control API.
enum ControlRoutes {
    static let actAsHeader = HTTPField.Name("Flowd-As")!

    static func router(engine: Engine, logger: Logger) -> Router<ControlContext> {
        let router = Router(context: ControlContext.self)
        router.add(middleware: ErrorEnvelopeMiddleware(logger: logger))
        let v1 = router.group("v1")

        router.get("metrics") { request, context in
            let actor = try await identify(request, context, engine)
            return MetricsResponse.ok(try await engine.metricsText(for: actor))
        }

        v1.get("status") { request, context in
            let actor = try await identify(request, context, engine)
            return try JSONResponse.ok(try await engine.status(for: actor))
        }
        v1.get("drafts") { request, context in
            let actor = try await identify(request, context, engine)
            let query = request.uri.queryParameters
            var state: DraftState?
            if let raw = query["state"].map(String.init) {
                guard let parsed = DraftState(rawValue: raw) else {
                    throw APIError(
                        .invalidRequest,
                        "unknown state \(quoted(raw)); states are \(DraftState.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                state = parsed
            }
            let (limit, before) = try page(query, defaultLimit: 100)
            let overdue = query["overdue"].map { $0 == "true" || $0 == "1" } ?? false
            return try JSONResponse.ok(
                try await engine.list(
                    state: state, client: query["client"].map(String.init), limit: limit, before: before,
                    overdue: overdue, for: actor))
        }
        v1.get("agenda") { request, context in
            let actor = try await identify(request, context, engine)
            let query = request.uri.queryParameters
            let raw = query["within"].map(String.init) ?? "24h"
            guard let within = TimeSpan(raw) else {
                throw APIError(.invalidRequest, "within: \(quoted(raw)) is not a duration like 4h or 2d")
            }
            return try JSONResponse.ok(try await engine.agenda(within: within, limit: 500, for: actor))
        }
        v1.get("calendar") { request, context in
            let actor = try await identify(request, context, engine)
            let query = request.uri.queryParameters
            return try JSONResponse.ok(
                try await engine.calendar(
                    from: try queryTime(query, "from", for: "calendar"),
                    to: try queryTime(query, "to", for: "calendar"),
                    client: query["client"].map(String.init), for: actor))
        }
        v1.post("calendar/feeds") { request, context in
            let actor = try await identify(request, context, engine)
            let body = try await decode(CalendarFeedRequest.self, request, engine)
            return try JSONResponse.ok(try await engine.calendarFeed(body, by: actor))
        }
        v1.get("crises") { request, context in
            let actor = try await identify(request, context, engine)
            return try JSONResponse.ok(try await engine.crises(for: actor))
        }
        v1.post("crises/start") { request, context in
            let actor = try await identify(request, context, engine)
            let body = try await decode(CrisisRequest.self, request, engine)
            return try JSONResponse.ok(try await engine.startCrisis(body, by: actor))
        }
        v1.post("crises/end") { request, context in
            let actor = try await identify(request, context, engine)
            let body = try await decode(CrisisRequest.self, request, engine)
            return try JSONResponse.ok(try await engine.endCrisis(body, by: actor))
        }
        v1.get("templates") { request, context in
            let actor = try await identify(request, context, engine)
            let query = request.uri.queryParameters
            return try JSONResponse.ok(
                try await engine.templates(
                    client: query["client"].map(String.init), all: query["all"] == "true" || query["all"] == "1",
                    for: actor))
        }
        v1.post("templates") { request, context in
            let actor = try await identify(request, context, engine)
            let body = try await decode(DefineTemplateRequest.self, request, engine)
            return try JSONResponse.ok(try await engine.defineTemplate(body, by: actor))
        }
        v1.post("templates/use") { request, context in
            let actor = try await identify(request, context, engine)
            let body = try await decode(UseTemplateRequest.self, request, engine)
            return try JSONResponse.ok(try await engine.useTemplate(body, by: actor))
        }
        v1.post("templates/revoke") { request, context in
            let actor = try await identify(request, context, engine)
            let body = try await decode(RevokeTemplateRequest.self, request, engine)
            return try JSONResponse.ok(try await engine.revokeTemplate(body, by: actor))
        }
        v1.get("report") { request, context in
            let actor = try await identify(request, context, engine)
            let query = request.uri.queryParameters
            let by = query["by"].map(String.init) ?? "client"
            guard let grouping = ReportGrouping(rawValue: by) else {
                throw APIError(
                    .invalidRequest,
                    "unknown grouping \(quoted(by)); group by \(ReportGrouping.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            return try JSONResponse.ok(
                try await engine.report(
                    from: try queryTime(query, "from", for: "report"), to: try queryTime(query, "to", for: "report"),
                    by: grouping, client: query["client"].map(String.init),
                    for: actor))
        }
        v1.get("policy/explain") { request, context in
            let actor = try await identify(request, context, engine)
            let query = request.uri.queryParameters
            guard let client = query["client"].map(String.init) else {
                throw APIError(.invalidRequest, "policy explain needs client")
            }
            let laneName = query["lane"].map(String.init) ?? "normal"
            guard let lane = Lane(rawValue: laneName) else {
                throw APIError(.invalidRequest, "unknown lane \(quoted(laneName)); lanes are normal, urgent, crisis")
            }
            var from: Date?
            if let raw = query["from"].map(String.init) {
                guard let date = WireJSON.parseDate(raw) else {
                    throw APIError(.invalidRequest, "from: \(quoted(raw)) is not an ISO-8601 time")
                }
                from = date
            }
            return try JSONResponse.ok(try await engine.explain(client: client, lane: lane, from: from, for: actor))
        }
        v1.get("deliveries") { request, context in
            let actor = try await identify(request, context, engine)
            let query = request.uri.queryParameters
            let (limit, before) = try page(query, defaultLimit: 50)
            let failed = query["failed"].map { $0 == "true" || $0 == "1" } ?? false
            return try JSONResponse.ok(
                try await engine.deliveries(
                    sink: query["sink"].map(String.init), failed: failed, limit: limit, before: before, for: actor))
        }
        v1.post("deliveries/:id/retry") { request, context in
            let actor = try await identify(request, context, engine)
            let raw = context.parameters.get("id") ?? ""
            guard let id = Int64(raw), id > 0 else {
                throw APIError(.notFound, "no delivery \(quoted(raw)): ids are positive numbers")
            }
            return try JSONResponse.ok(try await engine.retryDelivery(id, by: actor))
        }
        v1.post("backup") { request, context in
            let actor = try await identify(request, context, engine)
            let body = try await decode(BackupRequest.self, request, engine)
            return try JSONResponse.ok(try await engine.backup(to: body.path, by: actor))
        }
        v1.post("drafts") { request, context in
            let actor = try await identify(request, context, engine)
            let body = try await decode(CreateRequest.self, request, engine)
            return try JSONResponse.ok(try await engine.create(body, by: actor), status: .created)
        }
        v1.get("drafts/:id") { request, context in
            let actor = try await identify(request, context, engine)
            return try JSONResponse.ok(try await engine.draft(try draftID(context), for: actor))
        }
        v1.get("drafts/:id/events") { request, context in
            let actor = try await identify(request, context, engine)
            let query = request.uri.queryParameters
            let (limit, _) = try page(query, defaultLimit: 500)
            let after = try query["after"].map { raw -> Int64 in
                guard let n = Int64(String(raw)), n >= 0 else { throw APIError(.invalidRequest, "after must be an id") }
                return n
            }
            return try JSONResponse.ok(
                try await engine.events(try draftID(context), after: after ?? 0, limit: limit, for: actor))
        }
        v1.get("events") { request, context in
            let actor = try await identify(request, context, engine)
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
        addLinkRoutes(to: v1, engine: engine)
        v1.post("drafts/:id/:action") { request, context in
            let actor = try await identify(request, context, engine)
            let id = try draftID(context)
            let action = context.parameters.get("action") ?? ""
            let body = try await decode(ActionRequest.self, request, engine, emptyAllowed: true)
            return try JSONResponse.ok(try await engine.act(action, on: id, body, by: actor))
        }
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
        try decode(type, from: try await body(of: request, engine), emptyAllowed: emptyAllowed)
    }

    /// The request's body, refused when over the configured limit.
    static func body(of request: Request, _ engine: Engine) async throws -> ByteBuffer {
        var request = request
        let limit = engine.config.maxBodyBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError(.payloadTooLarge, "request body of \(length) bytes is over the limit of \(limit)")
        }
        do {
            return try await request.collectBody(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError(.payloadTooLarge, "request body is over the limit of \(limit) bytes")
        }
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

    /// The caller is whoever owns the peer process (SO_PEERCRED), never what the request claims.
    static func identify(_ request: Request, _ context: ControlContext, _ engine: Engine) async throws -> Actor {
        let actAs = request.headers[actAsHeader].flatMap { $0.isEmpty ? nil : $0 }
        return try engine.identify(uid: try await peerUID(context.channel).get(), actAs: actAs)
    }

    /// Peer uids of open connections. A keep-alive connection reads SO_PEERCRED once. An entry goes when its
    /// connection closes, before the channel object can be reused. Behind a pthread mutex: event loops and tasks
    /// share it, and the thread sanitizer cannot see Synchronization's `Mutex` between them.
    private static let peerUIDs = NIOLockedValueBox<[ObjectIdentifier: UInt32]>([:])

    /// The uid of the process at the other end. On the channel's event loop (the fast path) it completes at once;
    /// elsewhere (the router) reading the option is a hop to the loop.
    static func peerUID(_ channel: any Channel) -> EventLoopFuture<UInt32> {
        let key = ObjectIdentifier(channel)
        if let uid = peerUIDs.withLockedValue({ $0[key] }) { return channel.eventLoop.makeSucceededFuture(uid) }
        guard let provider = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeFailedFuture(
                APIError(.unknownUser, "cannot read peer credentials on this connection"))
        }
        let credentials: EventLoopFuture<PeerCredentials> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
        return credentials.map { credentials in
            peerUIDs.withLockedValue { $0[key] = credentials.uid }
            channel.closeFuture.whenComplete { _ in _ = peerUIDs.withLockedValue { $0.removeValue(forKey: key) } }
            return credentials.uid
        }
    }
}

/// Layout of Linux `struct ucred`, which Glibc hides without _GNU_SOURCE.
struct PeerCredentials: Sendable {
    var pid: Int32
    var uid: UInt32
    var gid: UInt32
}
