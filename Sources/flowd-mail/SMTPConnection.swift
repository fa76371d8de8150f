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
