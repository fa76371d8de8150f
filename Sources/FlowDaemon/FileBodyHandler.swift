import Logging
import NIOCore
import NIOHTTP1

/// Sends a stored file as the body of the answer that asked for it, by sendfile(2) through NIO's `FileRegion`: the
/// bytes go from the page cache to the socket and never through flowd's memory, as nginx sends them. Hummingbird's
/// writer takes only buffers, so this sits below it, between NIO's HTTP/1 encoder and the HTTP types codec, on every
/// connection of every listener (`FileBodyChannel`).
///
/// A route hands the open file to its connection (`FileBody.send`), which numbers it, then answers with that number in
/// `FileBody.field` and no body; here the field is taken out of the head and the file it names written after it.
/// Answers go out in the order their requests came in, so a file numbered before the one being sent was handed over
/// for an answer that went out without it (a route failed after `send`): it is closed then, never sent with a later
/// answer, and the rest when the handler leaves the pipeline, which it does when the connection closes.
final class FileBodyHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// Files handed over and not yet sent, with their numbers, in the order they came.
    private var files: [(number: UInt64, file: FileRegion)] = []
    private var numbered: UInt64 = 0
    private var removed = false
    private let logger: Logger

    init(logger: Logger) { self.logger = logger }

    /// Keeps `file` for the answer that names the number returned; nil (and the file closed) once the connection has
    /// closed. On the connection's event loop.
    func enqueue(_ file: FileRegion) -> UInt64? {
        guard !removed else {
            try? file.fileHandle.close()
            return nil
        }
        numbered += 1
        files.append((numbered, file))
        return numbered
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .head(var head) = unwrapOutboundIn(data), head.headers.contains(name: FileBody.field) else {
            context.write(data, promise: promise)
            return
        }
        let number = head.headers[FileBody.field].first.flatMap { UInt64($0) }
        head.headers.remove(name: FileBody.field)
        while let first = files.first, first.number != number {
            try? first.file.fileHandle.close()
            files.removeFirst()
        }
        guard !files.isEmpty else {
            // An answer named a file its route did not hand over: a bug in flowd. The client sees the connection close.
            logger.critical("an answer named a file body that was not handed over")
            promise?.fail(ChannelError.ioOnClosedChannel)
            context.close(promise: nil)
            return
        }
        let file = files.removeFirst().file
        context.write(wrapOutboundOut(.head(head)), promise: promise)
        let sent = context.eventLoop.makePromise(of: Void.self)
        sent.futureResult.whenComplete { _ in try? file.fileHandle.close() }
        context.write(wrapOutboundOut(.body(.fileRegion(file))), promise: sent)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        removed = true
        for (_, file) in files { try? file.fileHandle.close() }
        files = []
    }
}
