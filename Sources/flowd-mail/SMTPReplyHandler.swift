import NIOCore

/// The end of the pipeline: gathers bytes into replies and hands each to whoever waits for the next one.
/// Lives on the channel's event loop only.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var parser = SMTPReplyParser()
    private var replies: [SMTPReply] = []
    /// The first thing that broke the connection; every later wait fails with it.
    private var failure: (any Error)?
    private var waiter: (promise: EventLoopPromise<SMTPReply>, timer: Scheduled<Void>)?
    private var tlsUpgrade: (@Sendable () throws -> any ChannelHandler)?
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        parser.append(unwrapInboundIn(data).readableBytesView)
        do {
            while let reply = try parser.next() {
                if let upgrade = tlsUpgrade {
                    tlsUpgrade = nil
                    if reply.code == 220 {
                        guard parser.isEmpty, replies.isEmpty else {
                            throw SMTPError.protocolViolation("the server sent more than its reply to STARTTLS")
                        }
                        try context.pipeline.syncOperations.addHandler(try upgrade(), position: .first)
                    }
                }
                replies.append(reply)
            }
        } catch {
            fail(error)
            return
        }
        hand()
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPError.closed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
    }

    func upgradeAtNextReply(_ makeTLS: @escaping @Sendable () throws -> any ChannelHandler) {
        tlsUpgrade = makeTLS
    }

    func next(step: String, seconds: Double, on loop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        if !replies.isEmpty { return loop.makeSucceededFuture(replies.removeFirst()) }
        if let failure { return loop.makeFailedFuture(failure) }
        precondition(waiter == nil, "one reply awaited at a time")
        let promise = loop.makePromise(of: SMTPReply.self)
        let bound = NIOLoopBound(self, eventLoop: loop)
        let timer = loop.scheduleTask(in: .milliseconds(Int64(seconds * 1000))) {
            // After a silence the server's state is unknown: this connection carries nothing more.
            bound.value.fail(SMTPError.timeout(step: step, seconds: seconds))
        }
        waiter = (promise, timer)
        return promise.futureResult
    }

    private func hand() {
        guard let waiter, !replies.isEmpty else { return }
        self.waiter = nil
        waiter.timer.cancel()
        waiter.promise.succeed(replies.removeFirst())
    }

    private func fail(_ error: any Error) {
        if failure == nil {
            failure = error
            context?.close(promise: nil)
        }
        // A waiter exists only while no reply is queued: replies that came before the failure (a 421 before
        // the server hangs up) are handed out by next() before it reports the failure.
        guard let waiter else { return }
        self.waiter = nil
        waiter.timer.cancel()
        waiter.promise.fail(failure ?? error)
    }
}
