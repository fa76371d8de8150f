import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// An answer a `FastRoute` gives: status, header fields beyond the content type and length, and the body.
struct FastAnswer: Sendable {
    var status: Int
    var fields: HTTPFields = [:]
    var body: ByteBuffer
}

/// A request `FastPath` took, read whole.
struct FastRequest: Sendable {
    var head: HTTPRequest
    var body: ByteBuffer
    /// The body limit it was read with.
    var limit: Int
    /// The body went past `limit`; what was read of it is dropped.
    var tooLarge = false
    /// The connection's event loop may run the request's commit itself when the writer is idle (`Store.submit`'s
    /// `here`). Not for a request that waited behind another on its connection: taken while the answer before it is
    /// written, its commit would nest in that one's and, with many pipelined, hold the loop for one fsync after another.
    var commitHere = true
}

/// One kind of request that `FastPath` answers itself, with no task per request.
protocol FastRoute: Sendable {
    associatedtype Matched: Sendable
    /// The route's facts about a request it takes; nil leaves the request to the router.
    func match(_ head: HTTPRequest) -> Matched?
    /// At most this many bytes of body are read, read once per request; past it the request is answered with
    /// `tooLarge` set.
    func bodyLimit() -> Int
    /// Answers the whole request, once, given what `match` found in its head. `answer` may be called on any thread
    /// (the store's writer, typically); the closure it is given runs on the connection's event loop and builds the
    /// answer there.
    func respond(_ request: FastRequest, matched: Matched, channel: any Channel, answer: @escaping FastPath.Answer)
}

/// Serves the hot requests of a listener on the connection's event loop: the parsed request goes straight to the
/// store's writer, and the answer is written from the commit's completion. The router's path cost a task and two
/// hops between threads per request, which the profile showed as most of a transition's CPU once the fsync is
/// shared (docs/benchmarks.md, "The request path, second round").
///
/// Every other request passes on to the router unchanged. Answers go out in the order their requests came in: a
/// request is taken here only while the router owes no answer on this connection, and while one is answered,
/// whatever else arrives waits until its answer is written.
///
/// The handler is not generic over its route: NIO calls a generic class's methods unspecialized, and the request's
/// state then went through the runtime's generic metadata and value witnesses, about 15,000 instructions per request
/// (bench/instructions). The route is kept as two closures instead, specialized where they are made.
final class FastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// How a route hands over its answer: the closure runs on the connection's event loop.
    typealias Answer = @Sendable (@escaping @Sendable () -> FastAnswer) -> Void
    /// A route's `respond`, with what its `match` found.
    private typealias Responder = (FastRequest, any Channel, @escaping Answer) -> Void

    private enum State {
        case idle
        /// A request the router answers: its parts pass on.
        case passing
        /// A taken request's body is being read.
        case reading(FastRequest, Responder)
        /// A taken request is being answered; nothing else is taken until its answer is written.
        case answering
    }

    /// The route's `match`, with its `respond` bound to what it found; nil leaves the request to the router.
    private let match: (HTTPRequest) -> Responder?
    private let bodyLimit: () -> Int
    private var state = State.idle
    /// Requests passed to the router whose answer has not ended yet.
    private var routerOwes = 0
    /// Parts that arrived while a request was answered, in order.
    private var held: [HTTPRequestPart] = []
    /// The channel asked for a read while reads were held back.
    private var readWanted = false
    /// Parts held back are being taken, from within the answer before them.
    private var replaying = false

    init<Route: FastRoute>(route: Route) {
        match = { head in
            guard let matched = route.match(head) else { return nil }
            return { request, channel, answer in
                route.respond(request, matched: matched, channel: channel, answer: answer)
            }
        }
        bodyLimit = route.bodyLimit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        take(unwrapInboundIn(data), context: context)
    }

    private func take(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        switch (state, part) {
        case (.answering, _):
            held.append(part)
        case (.idle, .head(let head)):
            if routerOwes == 0, let respond = match(head) {
                let taken = FastRequest(
                    head: head, body: context.channel.allocator.buffer(capacity: 0), limit: bodyLimit(),
                    commitHere: !replaying)
                state = .reading(taken, respond)
            } else {
                routerOwes += 1
                state = .passing
                context.fireChannelRead(wrapInboundOut(part))
            }
        case (.passing, .end):
            state = .idle
            context.fireChannelRead(wrapInboundOut(part))
        case (.reading(var taken, let respond), .body(var chunk)):
            // Past the limit the rest is read and dropped, and the route answers 413, as the router would.
            if taken.tooLarge || taken.body.readableBytes + chunk.readableBytes > taken.limit {
                taken.tooLarge = true
                taken.body.clear()
            } else {
                taken.body.writeBuffer(&chunk)
            }
            state = .reading(taken, respond)
        case (.reading(let taken, let respond), .end):
            state = .answering
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            respond(taken, context.channel) { build in
                if bound.eventLoop.inEventLoop {
                    bound.value.0.write(build(), for: taken.head, context: bound.value.1)
                } else {
                    bound.eventLoop.execute { bound.value.0.write(build(), for: taken.head, context: bound.value.1) }
                }
            }
        case (.reading, .head):
            // The decoder never sends a head before the end of the request before it.
            context.close(promise: nil)
        default:
            context.fireChannelRead(wrapInboundOut(part))
        }
    }

    /// Writes the answer, then goes on with whatever arrived meanwhile.
    private func write(_ answer: FastAnswer, for head: HTTPRequest, context: ChannelHandlerContext) {
        let close = head.headerFields[.connection]?.lowercased() == "close"
        var fields = answer.fields
        fields[.contentType] = "application/json"
        fields[.contentLength] = String(answer.body.readableBytes)
        if close { fields[.connection] = "close" }
        context.write(
            wrapOutboundOut(.head(HTTPResponse(status: .init(code: answer.status), headerFields: fields))),
            promise: nil)
        context.write(wrapOutboundOut(.body(answer.body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        if close {
            context.close(promise: nil)
            return
        }
        state = .idle
        let waiting = held
        held = []
        // Restored, not cleared: an answer given at once inside this loop replays (nothing) in a nested call.
        let wasReplaying = replaying
        replaying = true
        for part in waiting { take(part, context: context) }
        replaying = wasReplaying
        if case .answering = state { return }
        if readWanted {
            readWanted = false
            context.read()
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // A parse error's 400 ends no request that was passed on; never count below zero.
        if case .end = unwrapOutboundIn(data) { routerOwes = max(0, routerOwes - 1) }
        context.write(data, promise: promise)
    }

    /// While a request is answered and a next one has already come, the connection reads nothing more: a client
    /// that sends many requests at once waits in its socket, not in flowd's memory. A client that waits for its
    /// answer costs nothing here (turning reads off and on again is two epoll_ctl calls per request).
    func read(context: ChannelHandlerContext) {
        if case .answering = state, !held.isEmpty {
            readWanted = true
            return
        }
        context.read()
    }
}
