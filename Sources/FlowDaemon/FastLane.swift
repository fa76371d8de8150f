import NIOCore

/// Serves a listener's hot requests straight from the connection's bytes, on its event loop: the head is read by
/// `FastHead`, the request goes to the store's writer, and the whole answer is written as one buffer from the
/// commit's completion. Below NIO's HTTP decoder, the conversion to HTTP types and Hummingbird's handlers, which were
/// more than a third of a transition's instructions (docs/benchmarks.md, "The request path, fifth round").
///
/// The lane sits first in the pipeline and holds the connection while its requests are ones it takes. At the first
/// request it does not take (another route, another form of HTTP, a body over the limit), it steps aside for good:
/// it puts back Hummingbird's connection state handler, which it had taken out, and passes that request's bytes and
/// all that follow to NIO's decoder, so the router answers them exactly as it always has. It steps aside only
/// between answers, so answers still go out in the order their requests came in.
///
/// While it holds the connection it does the state handler's work itself: a connection with no request answered
/// within `idleTimeout` closes (a client that sends half a request cannot hold it), and on graceful shutdown the
/// connection closes once the answer being made is written.
final class FastLane: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    /// How a route hands over its answer: the closure runs on the connection's event loop.
    typealias Answer = @Sendable (@escaping @Sendable () -> FastAnswer) -> Void
    /// A route's `respond`, with what its `match` found.
    private typealias Responder = (FastRequest, any Channel, @escaping Answer) -> Void

    /// The route's `match`, with its `respond` bound to what it found; nil leaves the request to the router. Two
    /// closures rather than a generic handler: NIO calls a generic class's methods unspecialized (bench/instructions).
    private let match: (FastHead) -> Responder?
    private let bodyLimit: () -> Int
    private let idleTimeout: TimeAmount
    /// Puts Hummingbird's handlers that the lane stood in for back into the pipeline.
    private let stepAsideHandlers: (ChannelPipeline.SynchronousOperations) throws -> Void

    /// The requests go to the router from now on.
    private var aside = false
    /// Bytes read and not yet taken.
    private var pending: ByteBuffer?
    /// Where the search for the end of the pending head goes on.
    private var searchFrom = 0
    /// A head read whole whose body is still coming.
    private var waiting: (head: FastHead, length: Int, respond: Responder)?
    /// A request is being answered; nothing else is taken until its answer is written.
    private var answering = false
    /// `advance` is running: an answer given at once returns to its loop instead of starting another.
    private var advancing = false
    private var closeAfterAnswer = false
    /// The lane closed the connection; nothing more is taken.
    private var closing = false
    /// The client closed its side while an answer was being made; passed on once it is written.
    private var inputClosedHeld = false
    /// The channel asked for a read while reads were held back.
    private var readWanted = false
    /// When the last request was taken or answered, by the event loop's clock (which tests advance by hand).
    private var lastActivity = NIODeadline.uptimeNanoseconds(0)
    private var idleCheck: Scheduled<Void>?

    init<Route: FastRoute>(
        route: Route, idleTimeout: TimeAmount,
        stepAside: @escaping (ChannelPipeline.SynchronousOperations) throws -> Void
    ) {
        match = { head in
            guard let matched = route.match(head) else { return nil }
            return { request, channel, answer in
                route.respond(request, matched: matched, channel: channel, answer: answer)
            }
        }
        bodyLimit = route.bodyLimit
        self.idleTimeout = idleTimeout
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
        lastActivity = context.eventLoop.now
        scheduleIdleCheck(context, at: lastActivity + idleTimeout)
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
        if aside {
            context.fireChannelRead(data)
            return
        }
        if closing { return }
        var bytes = unwrapInboundIn(data)
        if pending == nil {
            pending = bytes
        } else {
            pending!.writeBuffer(&bytes)
        }
        if !answering { advance(context, commitHere: true) }
    }

    /// While the lane holds the connection, the handlers behind it were given nothing in the read, so its end is not
    /// theirs either: passed on, it went through NIO's decoder, the HTTP types codec and NIOAsyncChannel's handler
    /// for nothing (800 instructions a transition, bench/instructions). Once aside, every read's end goes on.
    func channelReadComplete(context: ChannelHandlerContext) {
        if aside { context.fireChannelReadComplete() }
    }

    /// Takes the pending requests one at a time, for as long as each is answered at once.
    private func advance(_ context: ChannelHandlerContext, commitHere: Bool) {
        if advancing { return }
        advancing = true
        defer { advancing = false }
        var commitHere = commitHere
        while !aside, !answering, !closing, let (request, respond) = next(context, commitHere: commitHere) {
            commitHere = false
            answering = true
            closeAfterAnswer = closeAfterAnswer || request.head.close
            lastActivity = context.eventLoop.now
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

    /// The next whole request in `pending`, if it is one the lane takes; steps aside at one it does not.
    private func next(_ context: ChannelHandlerContext, commitHere: Bool) -> (FastRequest, Responder)? {
        guard var buffer = pending else { return nil }
        if waiting == nil {
            switch FastHead.parse(buffer, searchFrom: searchFrom) {
            case .needMore(let from):
                searchFrom = from
                return nil
            case .notMine:
                stepAside(context)
                return nil
            case .head(let head, let length):
                guard let respond = match(head), head.contentLength <= bodyLimit() else {
                    stepAside(context)
                    return nil
                }
                waiting = (head, length, respond)
            }
        }
        guard let (head, length, respond) = waiting, buffer.readableBytes >= length + head.contentLength else {
            return nil
        }
        waiting = nil
        searchFrom = 0
        buffer.moveReaderIndex(forwardBy: length)
        let body = buffer.readSlice(length: head.contentLength)!
        pending = buffer.readableBytes == 0 ? nil : buffer
        return (FastRequest(head: head, body: body, commitHere: commitHere), respond)
    }

    /// Writes the answer, then goes on with whatever arrived meanwhile.
    private func write(_ answer: FastAnswer, context: ChannelHandlerContext) {
        context.writeAndFlush(
            wrapOutboundOut(.byteBuffer(answer.encoded(close: closeAfterAnswer, allocator: context.channel.allocator))),
            promise: nil)
        answering = false
        lastActivity = context.eventLoop.now
        if closeAfterAnswer {
            close(context)
            return
        }
        advance(context, commitHere: false)
        if answering { return }
        if inputClosedHeld {
            inputClosedHeld = false
            context.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        }
        if readWanted {
            readWanted = false
            context.read()
        }
    }

    /// Hands the connection to NIO's decoder and the router, starting with the bytes not taken.
    private func stepAside(_ context: ChannelHandlerContext) {
        aside = true
        waiting = nil
        idleCheck?.cancel()
        idleCheck = nil
        do {
            try stepAsideHandlers(context.pipeline.syncOperations)
        } catch {
            close(context)
            return
        }
        if let bytes = pending {
            pending = nil
            context.fireChannelRead(wrapInboundOut(bytes))
            // Outside a read from the socket (after an answer from the store's thread) nothing else would end this
            // read, and NIOAsyncChannel hands the router what it was given only at the read's end.
            context.fireChannelReadComplete()
        }
        if readWanted {
            readWanted = false
            context.read()
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if aside {
            context.fireUserInboundEventTriggered(event)
        } else if event is ChannelShouldQuiesceEvent {
            if answering {
                closeAfterAnswer = true
            } else {
                close(context)
            }
        } else if answering, let event = event as? ChannelEvent, event == .inputClosed {
            inputClosedHeld = true
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    /// While a request is answered and a next one has already come, the connection reads nothing more: a client
    /// that sends many requests at once waits in its socket, not in flowd's memory.
    func read(context: ChannelHandlerContext) {
        if !aside, answering, pending != nil {
            readWanted = true
            return
        }
        context.read()
    }

    private func close(_ context: ChannelHandlerContext) {
        closing = true
        pending = nil
        context.close(promise: nil)
    }

    private func scheduleIdleCheck(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        idleCheck = context.eventLoop.scheduleTask(deadline: deadline) { bound.value.0.idleCheckDue(bound.value.1) }
    }

    /// One timer per connection, not one per request: it looks at the last request's time when it comes due.
    private func idleCheckDue(_ context: ChannelHandlerContext) {
        idleCheck = nil
        guard !aside else { return }
        let now = context.eventLoop.now
        if answering {
            scheduleIdleCheck(context, at: now + idleTimeout)
        } else if now >= lastActivity + idleTimeout {
            close(context)
        } else {
            scheduleIdleCheck(context, at: lastActivity + idleTimeout)
        }
    }
}
