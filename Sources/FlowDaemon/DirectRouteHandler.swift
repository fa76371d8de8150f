import NIOCore

/// Serves a listener's hot requests straight from the connection's bytes, on its event loop: the head is read by
/// `DirectRequestHead`, the request goes to the store's writer, and the whole answer is written as one buffer from the
/// commit's completion. Below NIO's HTTP decoder, the conversion to HTTP types and Hummingbird's handlers, which were
/// a large part of a transition's work (docs/benchmarks.md).
///
/// The direct route sits first in the pipeline and holds the connection while its requests are ones it takes; a body over
/// the route's limit is refused there too, and dropped as it comes. At the first request it does not take (another
/// route, another form of HTTP), it steps aside for good: it has Hummingbird's HTTP/1 handlers put behind it
/// (`DirectRouteChannel`) and passes that request's bytes and all that follow to NIO's decoder, so the router answers them.
/// It steps aside only between answers, so answers still go out in the order their requests came in.
///
/// What to do at each event is decided by `DirectRouteStateMachine`; this handler performs it on the channel.
///
/// While it holds the connection it does the state handler's work itself: a connection with no request answered
/// within `idleTimeout` closes (a client that sends half a request cannot hold it), and on graceful shutdown the
/// connection closes once the answer being made is written.
final class DirectRouteHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    /// How a route hands over its answer: the closure runs on the connection's event loop.
    typealias Answer = @Sendable (@escaping @Sendable () -> DirectResponse) -> Void
    /// A route's `respond`, with what its `match` found.
    private typealias Responder = (DirectRequest, any Channel, @escaping Answer) -> Void

    /// The route's `match`, with its `respond` bound to what it found; nil leaves the request to the router. Two
    /// closures rather than a generic handler: NIO calls a generic class's methods unspecialized (bench/instructions).
    private let match: (DirectRequestHead) -> Responder?
    private let bodyLimit: () -> Int
    /// Puts the router's handlers into the pipeline, behind the direct route; a failure closes the connection.
    private let stepAsideHandlers: (any Channel) -> Void

    private var machine: DirectRouteStateMachine<Responder>
    private var idleCheck: Scheduled<Void>?

    init<Route: DirectRoute>(
        route: Route, idleTimeout: TimeAmount, stepAside: @escaping (any Channel) -> Void
    ) {
        match = { head in
            guard let matched = route.match(head) else { return nil }
            return { request, channel, answer in
                route.respond(request, matched: matched, channel: channel, answer: answer)
            }
        }
        bodyLimit = route.bodyLimit
        machine = DirectRouteStateMachine(idleTimeout: idleTimeout, now: .uptimeNanoseconds(0))
        stepAsideHandlers = stepAside
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startIdleCheck(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        if idleCheck == nil { startIdleCheck(context) }
        context.fireChannelActive()
    }

    private func startIdleCheck(_ context: ChannelHandlerContext) {
        scheduleIdleCheck(context, at: machine.started(now: context.eventLoop.now))
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idleCheck?.cancel()
        idleCheck = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleCheck?.cancel()
        idleCheck = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch machine.bytesRead(unwrapInboundIn(data)) {
        case .forward: context.fireChannelRead(data)
        case .none: break
        case .take: takeRequests(context, commitHere: true)
        }
    }

    /// While the direct route holds the connection, the handlers behind it were given nothing in the read, so its end is not
    /// theirs either: passed on, it went through NIO's decoder, the HTTP types codec and NIOAsyncChannel's handler
    /// for nothing. Once aside, every read's end goes on.
    func channelReadComplete(context: ChannelHandlerContext) {
        if machine.isAside { context.fireChannelReadComplete() }
    }

    /// Takes the pending requests one at a time, for as long as each is answered at once.
    private func takeRequests(_ context: ChannelHandlerContext, commitHere: Bool) {
        guard machine.startTaking() else { return }
        var commitHere = commitHere
        while true {
            switch machine.next(
                commitHere: commitHere, now: context.eventLoop.now, bodyLimit: bodyLimit(), match: match)
            {
            case .none:
                let held = machine.stopTaking()
                if held.inputClosed { context.fireUserInboundEventTriggered(ChannelEvent.inputClosed) }
                if held.read { context.read() }
                return
            case .stepAside(let bytes, let read):
                _ = machine.stopTaking()
                stepAside(context, bytes: bytes, read: read)
                return
            case .answer(let request, let respond):
                commitHere = false
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                respond(request, context.channel) { build in
                    if bound.eventLoop.inEventLoop {
                        bound.value.0.write(build(), context: bound.value.1)
                    } else {
                        bound.eventLoop.execute { bound.value.0.write(build(), context: bound.value.1) }
                    }
                }
            }
        }
    }

    /// Writes the answer, then goes on with whatever arrived meanwhile.
    private func write(_ answer: DirectResponse, context: ChannelHandlerContext) {
        let close = machine.answerReady(now: context.eventLoop.now) == .writeAndClose
        context.writeAndFlush(
            wrapOutboundOut(.byteBuffer(answer.encoded(close: close, allocator: context.channel.allocator))),
            promise: nil)
        if close {
            context.close(promise: nil)
        } else {
            takeRequests(context, commitHere: false)
        }
    }

    /// Hands the connection to NIO's decoder and the router, starting with the bytes not taken.
    private func stepAside(_ context: ChannelHandlerContext, bytes: ByteBuffer?, read: Bool) {
        idleCheck?.cancel()
        idleCheck = nil
        stepAsideHandlers(context.channel)
        if let bytes {
            context.fireChannelRead(wrapInboundOut(bytes))
            // Outside a read from the socket (after an answer from the store's thread) nothing else would end this
            // read, and NIOAsyncChannel hands the router what it was given only at the read's end.
            context.fireChannelReadComplete()
        }
        if read { context.read() }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            switch machine.quiesce() {
            case .forward: context.fireUserInboundEventTriggered(event)
            case .close: context.close(promise: nil)
            case .none: break
            }
        } else if let event = event as? ChannelEvent, event == .inputClosed, !machine.inputClosed() {
            return
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func read(context: ChannelHandlerContext) {
        if machine.readRequested() { context.read() }
    }

    private func scheduleIdleCheck(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        idleCheck = context.eventLoop.scheduleTask(deadline: deadline) { bound.value.0.idleCheckDue(bound.value.1) }
    }

    private func idleCheckDue(_ context: ChannelHandlerContext) {
        idleCheck = nil
        switch machine.idleCheckDue(now: context.eventLoop.now) {
        case .none: break
        case .close: context.close(promise: nil)
        case .checkAgain(let deadline): scheduleIdleCheck(context, at: deadline)
        }
    }
}
