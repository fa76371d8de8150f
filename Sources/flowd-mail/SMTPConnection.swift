import NIOCore
import NIOPosix

/// One TCP connection to an SMTP server on SwiftNIO: commands go out as lines, replies come back whole, and
/// every reply is awaited with a time limit, so a server that stops answering costs one timeout, not a hang
/// until flowd kills the sink.
struct SMTPConnection: Sendable {
    let channel: any Channel
    private let handler: NIOLoopBound<SMTPReplyHandler>

    /// The server is on this machine (127.0.0.0/8 or ::1): what passes between us never crosses a network.
    var isLoopback: Bool {
        guard let address = channel.remoteAddress?.ipAddress else { return false }
        return address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.")
    }

    static func connect(host: String, port: Int, timeout: Double) async throws -> SMTPConnection {
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(Int64(timeout * 1000)))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SMTPReplyHandler())
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host, port: port).get()
        } catch {
            throw SMTPError.policy("cannot connect to \(host):\(port): \(error)")
        }
        let handler = try await channel.eventLoop.submit {
            NIOLoopBound(
                try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self), eventLoop: channel.eventLoop)
        }.get()
        return SMTPConnection(channel: channel, handler: handler)
    }

    /// The next reply; `step` names what it answers, for the error when none comes in time.
    func reply(to step: String, within seconds: Double) async throws -> SMTPReply {
        let handler = handler
        let channel = channel
        return try await channel.eventLoop.flatSubmit {
            handler.value.next(step: step, seconds: seconds, on: channel.eventLoop)
        }.get()
    }

    func send(_ line: String) {
        send(Array((line + "\r\n").utf8))
    }

    /// Not awaited: a write that cannot complete shows as the missing reply to it, within its time limit.
    func send(_ bytes: [UInt8]) {
        channel.writeAndFlush(ByteBuffer(bytes: bytes), promise: nil)
    }

    /// Sends STARTTLS and returns the server's reply. If it is 220, TLS is already in the pipeline when this
    /// returns: the handler puts it there in the event-loop turn that read the 220, before reading anything
    /// else, so no plain text can be taken for the server's words after the switch (RFC 3207 §5).
    func startTLS(within seconds: Double, makeTLS: @escaping @Sendable () throws -> any ChannelHandler)
        async throws -> SMTPReply
    {
        let handler = handler
        let channel = channel
        return try await channel.eventLoop.flatSubmit {
            handler.value.upgradeAtNextReply(makeTLS)
            channel.writeAndFlush(ByteBuffer(string: "STARTTLS\r\n"), promise: nil)
            return handler.value.next(step: "STARTTLS", seconds: seconds, on: channel.eventLoop)
        }.get()
    }

    func close() async {
        try? await channel.close()
    }
}

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
