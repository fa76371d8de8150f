import FlowAPI
import FlowConfig
import FlowCore
import FlowStore
import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes

#if canImport(Glibc)
    import Glibc
#endif

/// Serves the control socket's hot request, an action on a draft (`POST /v1/drafts/ID/ACTION`), on the connection's
/// event loop: the parsed request goes straight to the store's writer, and the answer is written from the commit's
/// completion. No task runs per request; the router's path costs two hops between threads and a task per request,
/// which the profile showed as most of a transition's CPU once the fsync is shared.
///
/// Every other request passes on to the router unchanged. Answers go out in the order their requests came in: an
/// action is taken here only while the router owes no answer on this connection, and while an action commits,
/// whatever else arrives waits (and the connection reads no more) until its answer is written.
final class ControlFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private struct Action {
        var head: HTTPRequest
        var draftID: Int64
        var name: String
        var body: ByteBuffer
        var tooLarge = false
    }

    private enum State {
        case idle
        /// A request the router answers: its parts pass on.
        case passing
        /// An action's body is being read.
        case reading(Action)
        /// An action is in the store; nothing else is read until it is answered.
        case committing
    }

    private let engine: Engine
    private var state = State.idle
    /// Requests passed to the router whose answer has not ended yet.
    private var routerOwes = 0
    /// Parts that arrived while an action committed, in order.
    private var held: [HTTPRequestPart] = []
    /// The channel asked for a read while an action committed.
    private var readWanted = false
    private var peerUID: UInt32?

    init(engine: Engine) {
        self.engine = engine
    }

    // MARK: inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        take(unwrapInboundIn(data), context: context)
    }

    private func take(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        switch (state, part) {
        case (.committing, _):
            held.append(part)
        case (.idle, .head(let head)):
            if routerOwes == 0, let (id, name) = Self.action(head) {
                state = .reading(
                    Action(head: head, draftID: id, name: name, body: context.channel.allocator.buffer(capacity: 0)))
            } else {
                routerOwes += 1
                state = .passing
                context.fireChannelRead(wrapInboundOut(part))
            }
        case (.passing, .end):
            state = .idle
            context.fireChannelRead(wrapInboundOut(part))
        case (.reading(var action), .body(var chunk)):
            // Past the limit the rest is read and dropped, and the answer is 413, as the router's would be.
            if action.body.readableBytes + chunk.readableBytes > engine.config.maxBodyBytes {
                action.tooLarge = true
                action.body.clear()
            } else if !action.tooLarge {
                action.body.writeBuffer(&chunk)
            }
            state = .reading(action)
        case (.reading(let action), .end):
            state = .committing
            start(action, context: context)
        case (.reading, .head):
            // The decoder never sends a head before the end of the request before it.
            context.close(promise: nil)
        default:
            context.fireChannelRead(wrapInboundOut(part))
        }
    }

    /// `POST /v1/drafts/ID/ACTION` with a positive id and an action other than create; anything else (other verbs,
    /// odd spellings, a query) is the router's, which answers with its own errors.
    private static func action(_ head: HTTPRequest) -> (Int64, String)? {
        guard head.method == .post, let path = head.path, path.hasPrefix("/v1/drafts/") else { return nil }
        let parts = path.utf8.dropFirst("/v1/drafts/".utf8.count).split(
            separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard parts.count == 2, let id = Int64(Substring(parts[0])), id > 0,
            parts[0].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let action = FlowCore.Action(rawValue: String(Substring(parts[1]))), action != .create
        else { return nil }
        return (id, action.rawValue)
    }

    // MARK: the action

    private func start(_ action: Action, context: ChannelHandlerContext) {
        if let peerUID {
            submit(action, uid: peerUID, context: context)
            return
        }
        guard let provider = context.channel as? any SocketOptionProvider else {
            answer(
                action.head, .failure(APIError(.unknownUser, "cannot read peer credentials on this connection")),
                context: context)
            return
        }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let credentials: EventLoopFuture<PeerCredentials> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
        credentials.whenComplete { result in
            let (handler, context) = bound.value
            switch result {
            case .success(let credentials):
                handler.peerUID = credentials.uid
                handler.submit(action, uid: credentials.uid, context: context)
            case .failure:
                handler.answer(
                    action.head, .failure(APIError(.unknownUser, "cannot read peer credentials on this connection")),
                    context: context)
            }
        }
    }

    private func submit(_ action: Action, uid: UInt32, context: ChannelHandlerContext) {
        let engine = engine
        let head = action.head
        do {
            let actAs = head.headerFields[ControlRoutes.actAsHeader].flatMap { $0.isEmpty ? nil : $0 }
            let actor = try engine.identify(uid: uid, actAs: actAs)
            let limit = engine.config.maxBodyBytes
            if let length = head.headerFields[.contentLength].flatMap(Int.init), length > limit {
                throw APIError(.payloadTooLarge, "request body of \(length) bytes is over the limit of \(limit)")
            }
            if action.tooLarge { throw APIError(.payloadTooLarge, "request body is over the limit of \(limit) bytes") }
            let body = try ControlRoutes.decode(ActionRequest.self, from: action.body, emptyAllowed: true)
            let request = try engine.command(action.name, body)
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            engine.submit(request, on: action.draftID, by: actor, receipt: nil) { transition, outcome in
                // On the store's writer: hand the outcome back to the connection's loop and let the writer go on.
                bound.eventLoop.execute {
                    let (handler, context) = bound.value
                    handler.answer(head, Result { try engine.answer(transition, outcome) }, context: context)
                }
            }
        } catch {
            answer(head, .failure(error), context: context)
        }
    }

    /// Writes the answer as the router would have, then goes on with whatever arrived meanwhile.
    private func answer(_ head: HTTPRequest, _ outcome: Result<DraftView, any Error>, context: ChannelHandlerContext) {
        let status: Int
        let body: ByteBuffer
        switch outcome {
        case .success(let view):
            do {
                body = try JSONResponse.body(view)
                status = 200
            } catch {
                (status, body) = Self.envelope(error, engine: engine)
            }
        case .failure(let error):
            (status, body) = Self.envelope(error, engine: engine)
        }
        let close = head.headerFields[.connection]?.lowercased() == "close"
        var fields: HTTPFields = [.contentType: "application/json", .contentLength: String(body.readableBytes)]
        if close { fields[.connection] = "close" }
        context.write(
            wrapOutboundOut(.head(HTTPResponse(status: .init(code: status), headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        if close {
            context.close(promise: nil)
            return
        }
        state = .idle
        let waiting = held
        held = []
        for part in waiting { take(part, context: context) }
        if case .committing = state { return }
        if readWanted {
            readWanted = false
            context.read()
        }
    }

    private static func envelope(_ error: any Error, engine: Engine) -> (Int, ByteBuffer) {
        if let error = error as? APIError {
            return (error.code.httpStatus, JSONResponse.errorBody(error.code, error.message))
        }
        engine.logger.critical("unhandled error", metadata: ["path": "/v1/drafts/:id/:action", "error": "\(error)"])
        return (
            ErrorCode.internalError.httpStatus,
            JSONResponse.errorBody(.internalError, "internal error; see the flowd log")
        )
    }

    // MARK: outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // A parse error's 400 ends no request that was passed on; never count below zero.
        if case .end = unwrapOutboundIn(data) { routerOwes = max(0, routerOwes - 1) }
        context.write(data, promise: promise)
    }

    /// While an action commits and a next request has already come, the connection reads nothing more: a client
    /// that sends many requests at once waits in its socket, not in flowd's memory. A client that waits for its
    /// answer costs nothing here (turning reads off and on again is two epoll_ctl calls per request).
    func read(context: ChannelHandlerContext) {
        if case .committing = state, !held.isEmpty {
            readWanted = true
            return
        }
        context.read()
    }
}
