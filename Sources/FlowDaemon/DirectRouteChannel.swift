import HummingbirdCore
import Logging
import NIOCore

/// A connection that starts on a `DirectRouteHandler` and has Hummingbird's HTTP/1 handlers only once the direct route steps aside.
///
/// The direct route holds a new connection alone. When it meets a request it does not take, it has `FileBodyChannel` set the
/// rest of the pipeline up behind it through `HTTP1Channel`'s public `setup` (NIO's decoder, the HTTP types codec, the
/// listener's own handlers, Hummingbird's connection state handler and the async channel the router reads from, and
/// the file body handler), and hands on the bytes it did not take. So nothing of Hummingbird's own pipeline is looked
/// up by type, and a connection that stays on the direct route never builds what it does not use.
struct DirectRouteChannel: ServerChildChannel {
    struct Value: ServerChildChannelValue {
        let channel: any Channel
        /// The router's side of the connection, once the direct route stepped aside; failed if the connection closed first.
        let router: EventLoopFuture<HTTP1Channel.Value>
    }

    let http1: FileBodyChannel
    let route: any DirectRoute
    let idleTimeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture { [http1, route, idleTimeout] in
            let router = channel.eventLoop.makePromise(of: HTTP1Channel.Value.self)
            // A connection that closes on the direct route has no router's side; the second completion of a promise is
            // ignored, so this is harmless once the direct route stepped aside.
            channel.closeFuture.whenComplete { _ in router.fail(ChannelError.ioOnClosedChannel) }
            let handler = DirectRouteHandler(route: route, idleTimeout: idleTimeout) { channel in
                // On the connection's event loop `setup` completes at once, so the handlers are in place when the
                // handler hands on its bytes.
                let value = http1.setup(channel: channel, logger: logger)
                value.whenFailure { _ in channel.close(promise: nil) }
                value.cascade(to: router)
            }
            try channel.pipeline.syncOperations.addHandler(handler)
            // Reads of up to 256 KiB when the peer sends that fast (an upload): NIO's 64 KiB at most made a 200 MB
            // video thousands of reads, each a hop to the task that takes the body (1 MiB held too much in NIO's
            // inbound buffer). A connection's buffer grows only while its reads fill it, so a request of a few hundred
            // bytes keeps reading into a small one.
            try channel.syncOptions?.setOption(
                ChannelOptions.recvAllocator,
                value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 2048, maximum: 256 << 10))
            return Value(channel: channel, router: router.futureResult)
        }
    }

    func handle(value: Value, logger: Logger) async {
        guard let router = try? await value.router.get() else { return }
        await http1.handle(value: router, logger: logger)
    }
}
