import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 connection with `FileBodyHandler` put between NIO's encoder and the HTTP types codec, where an
/// answer's body may still be a file region. Every listener's connections are these (`http1Server`), directly or
/// behind the direct route (`DirectRouteChannel`), so a file body can be answered on any of them.
struct FileBodyChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http1: HTTP1Channel

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        http1.setup(channel: channel, logger: logger).flatMapThrowing { value in
            // NIO's encoder is the one handler of its type, put there by `setup` just now.
            let encoder = try channel.pipeline.syncOperations.handler(type: HTTPResponseEncoder.self)
            try channel.pipeline.syncOperations.addHandler(FileBodyHandler(logger: logger), position: .after(encoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}
